import { CapacitySize, DeploymentConfig, ProductionVariantServerlessConfig } from '@aws-sdk/client-sagemaker';
import { formatPercent } from './live-state';
import type { AliasReport, ComponentReport, EndpointReport, ModelStatus, VariantReport } from './status';

/** A model's status as a few lines of text for people. */
export function formatStatus(report: ModelStatus): string {
  const heading = `${report.environment}/${report.model} (${report.target}): ${report.state}`;
  const lines = report.error
    ? [`${report.environment}/${report.model} (${report.target}): error: ${report.error}`]
    : report.state === 'not deployed'
      ? [`${heading} (stack ${report.stack} does not exist)`]
      : [
          heading,
          ...(report.endpoint ? endpointLines(report.endpoint) : []),
          ...(report.component ? componentLines(report.component) : []),
          ...(report.alias ? aliasLines(report.alias) : []),
        ];
  return lines.map((line, i) => (i === 0 ? line : `  ${line}`)).join('\n') + '\n';
}

function endpointLines(endpoint: EndpointReport): string[] {
  const deployed = endpoint.deployedEndpointConfigName;
  const config =
    deployed === undefined || deployed === endpoint.endpointConfigName
      ? `config ${endpoint.endpointConfigName}`
      : `config ${endpoint.endpointConfigName} (the stack's last deploy put ${deployed} in service)`;
  const lines = [`endpoint ${endpoint.name}, ${config}`, ...endpoint.variants.map(variantLine)];
  if (endpoint.lastDeploymentConfig)
    lines.push(`deployment policy: ${describePolicy(endpoint.lastDeploymentConfig)}`);
  const pending = endpoint.pendingDeployment;
  if (pending) {
    const since = pending.startTime ? ` since ${pending.startTime.toISOString()}` : '';
    const variants = pending.variants
      .map((v) => `${v.name} ${v.statuses.join(', ') || 'pending'}`)
      .join('; ');
    lines.push(
      `pending deployment of config ${pending.endpointConfigName}${since}${variants ? `: ${variants}` : ''}`,
    );
  }
  if (endpoint.failureReason) lines.push(`failure reason: ${endpoint.failureReason}`);
  return lines;
}

/** `inference component mldeploy-iris-prod: InService, copies 0 (desired 0), model IrisModel-…` */
function componentLines(component: ComponentReport): string[] {
  const model = component.modelName ? `, model ${component.modelName}` : '';
  const lines = [
    `inference component ${component.name}: ${component.status}, copies ${show(component.currentCopyCount)} (desired ${show(component.desiredCopyCount)})${model}`,
  ];
  if (component.desiredCopyCount === 0 && component.currentCopyCount === 0) {
    lines.push('scaled to zero: the next request fails and starts a copy, which takes minutes');
  }
  if (component.failureReason) lines.push(`component failure reason: ${component.failureReason}`);
  return lines;
}

function variantLine(variant: VariantReport): string {
  const parts = [];
  if (variant.currentServerlessConfig || variant.desiredServerlessConfig) {
    parts.push(
      `serverless ${serverless(variant.currentServerlessConfig)} (desired ${serverless(variant.desiredServerlessConfig)})`,
    );
  } else {
    parts.push(
      `instances ${show(variant.currentInstanceCount)} (desired ${show(variant.desiredInstanceCount)})`,
    );
  }
  parts.push(`weight ${show(variant.currentWeight)} (desired ${show(variant.desiredWeight)})`);
  return `variant ${variant.name}: ${parts.join(', ')}`;
}

function serverless(config: ProductionVariantServerlessConfig | undefined): string {
  if (!config) return '-';
  const provisioned = config.ProvisionedConcurrency ? `, provisioned ${config.ProvisionedConcurrency}` : '';
  return `${config.MemorySizeInMB} MB, max concurrency ${config.MaxConcurrency}${provisioned}`;
}

/** `blue/green CANARY 10 % capacity then wait 600 s; auto-rollback on a, b` */
function describePolicy(policy: DeploymentConfig): string {
  const parts: string[] = [];
  const routing = policy.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration;
  if (routing) {
    const step = routing.CanarySize ?? routing.LinearStepSize;
    parts.push(
      `blue/green ${routing.Type}${step ? ` ${capacity(step)}` : ''}, wait ${routing.WaitIntervalInSeconds} s`,
    );
  }
  const rolling = policy.RollingUpdatePolicy;
  if (rolling)
    parts.push(
      `rolling ${capacity(rolling.MaximumBatchSize)} per batch, wait ${rolling.WaitIntervalInSeconds} s`,
    );
  const alarms = (policy.AutoRollbackConfiguration?.Alarms ?? []).map((a) => a.AlarmName);
  parts.push(alarms.length ? `auto-rollback on ${alarms.join(', ')}` : 'no auto-rollback alarms');
  return parts.join('; ');
}

function capacity(size: CapacitySize | undefined): string {
  if (!size) return '-';
  return size.Type === 'CAPACITY_PERCENT'
    ? `${size.Value} % capacity`
    : `${size.Value} instance${size.Value === 1 ? '' : 's'}`;
}

function aliasLines(alias: AliasReport): string[] {
  const deployed = alias.deployedVersion;
  const note =
    deployed === undefined || deployed === alias.version
      ? ''
      : ` (the stack's last deploy put version ${deployed} there)`;
  const routing = Object.entries(alias.additionalVersionWeights).map(
    ([version, weight]) => `${formatPercent(weight)} on version ${version}`,
  );
  const pc = alias.provisionedConcurrency;
  return [
    `function ${alias.functionName}, alias live → version ${alias.version}${note}`,
    `routing: ${routing.length ? routing.join(', ') : 'all traffic on the alias version'}`,
    pc
      ? `provisioned concurrency: requested ${show(pc.requested)}, available ${show(pc.available)}, allocated ${show(pc.allocated)}, ${pc.status}${pc.statusReason ? ` (${pc.statusReason})` : ''}`
      : 'provisioned concurrency: none',
  ];
}

function show(value: number | undefined): string {
  return value === undefined ? '-' : String(value);
}
