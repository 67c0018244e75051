import {
  DeploymentConfig,
  DescribeEndpointOutput,
  DescribeInferenceComponentOutput,
  ProductionVariantServerlessConfig,
} from '@aws-sdk/client-sagemaker';
import { requireRegions } from './aws-environment';
import { OpsContext } from './context';
import { EXIT, messageOf } from './errors';
import {
  additionalWeights,
  describeEndpoint,
  describeInferenceComponent,
  getLiveAlias,
  getProvisionedConcurrency,
  ProvisionedConcurrency,
} from './live-state';
import { writeJson } from './output';
import { readStack, stackPhase } from './stack-outputs';
import { formatStatus } from './status-format';
import { ModelTarget, selectTargets } from './targets';
import { runtimeAddress } from './runtime';

interface StatusOptions {
  readonly config: string;
  /** Every environment of the file when absent. */
  readonly env?: string;
  readonly model?: string;
}

export interface VariantReport {
  readonly name: string;
  readonly currentInstanceCount?: number;
  readonly desiredInstanceCount?: number;
  readonly currentWeight?: number;
  readonly desiredWeight?: number;
  readonly currentServerlessConfig?: ProductionVariantServerlessConfig;
  readonly desiredServerlessConfig?: ProductionVariantServerlessConfig;
}

export interface EndpointReport {
  readonly name: string;
  readonly status: string;
  readonly endpointConfigName?: string;
  /** The config the stack's last deploy put in service. */
  readonly deployedEndpointConfigName?: string;
  readonly variants: readonly VariantReport[];
  readonly lastDeploymentConfig?: DeploymentConfig;
  readonly pendingDeployment?: {
    readonly endpointConfigName?: string;
    readonly startTime?: Date;
    readonly variants: readonly { readonly name: string; readonly statuses: readonly string[] }[];
  };
  readonly failureReason?: string;
}

/** A model's inference component on a shared endpoint. */
export interface ComponentReport {
  readonly name: string;
  readonly endpointName?: string;
  readonly status: string;
  /** Copies autoscaling (or the deploy) asks for; 0 once scaled to zero. */
  readonly desiredCopyCount?: number;
  readonly currentCopyCount?: number;
  /** The SageMaker model a copy runs. */
  readonly modelName?: string;
  readonly failureReason?: string;
}

export interface AliasReport {
  readonly functionName: string;
  readonly version?: string;
  /** The version the stack's last deploy put behind the alias. */
  readonly deployedVersion?: string;
  /** Other versions receiving traffic and their share (0–1). */
  readonly additionalVersionWeights: Readonly<Record<string, number>>;
  /** null when the alias has none. */
  readonly provisionedConcurrency: ProvisionedConcurrency | null;
}

export interface ModelStatus {
  readonly environment: string;
  readonly model: string;
  readonly target: string;
  readonly stack: string;
  readonly stackStatus?: string;
  /** Endpoint status, `live → 7`, `not deployed`, a stack status or `error`. */
  readonly state: string;
  readonly error?: string;
  readonly endpoint?: EndpointReport;
  /** The model's inference component, when it is one on a shared endpoint. */
  readonly component?: ComponentReport;
  readonly alias?: AliasReport;
}

/** `mldeploy status`: what serves each model now, as SageMaker and Lambda report it. */
export async function status(ctx: OpsContext, options: StatusOptions): Promise<number> {
  const targets = selectTargets({
    config: options.config,
    cwd: ctx.cwd,
    environments: options.env ? [options.env] : undefined,
    model: options.model,
  });
  await requireRegions(ctx, targets, options.config);
  const reports: ModelStatus[] = [];
  for (const target of targets) reports.push(await modelStatus(ctx, target));
  if (ctx.json) writeJson(ctx.stdout, { models: reports });
  else ctx.stdout.write(reports.map(formatStatus).join(''));
  const errors = reports.filter((report) => report.error !== undefined);
  for (const report of errors) ctx.stderr.write(`${report.environment}/${report.model}: ${report.error}\n`);
  return errors.length > 0 ? EXIT.failed : EXIT.ok;
}

async function modelStatus(ctx: OpsContext, target: ModelTarget): Promise<ModelStatus> {
  const base = {
    environment: target.environment,
    model: target.model.name,
    target: target.model.target,
    stack: target.stackName,
  };
  try {
    const stack = await readStack(ctx, target);
    if (!stack) return { ...base, state: 'not deployed' };
    const withStack = { ...base, stackStatus: stack.status };
    const expected = target.model.target === 'sagemaker' ? 'EndpointName' : 'FunctionName';
    // A stack being created, or whose creation failed, has no outputs yet: its status is the news.
    if (stack.outputs[expected] === undefined && stackPhase(stack.status) !== 'deployed') {
      return { ...withStack, state: stack.status };
    }
    const address = runtimeAddress(stack, target);
    if (address.target === 'sagemaker') {
      const componentName = address.inferenceComponentName;
      const [endpointOutput, componentOutput] = await Promise.all([
        describeEndpoint(ctx, target, address.endpointName),
        componentName === undefined ? undefined : describeInferenceComponent(ctx, target, componentName),
      ]);
      const endpoint = endpointReport(endpointOutput, stack.outputs.EndpointConfigName);
      if (!componentOutput) return { ...withStack, state: endpoint.status, endpoint };
      const component = componentReport(componentOutput);
      return { ...withStack, state: component.status, endpoint, component };
    }
    const [alias, provisionedConcurrency] = await Promise.all([
      getLiveAlias(ctx, target, address.functionName),
      getProvisionedConcurrency(ctx, target, address.functionName),
    ]);
    return {
      ...withStack,
      state: `live → ${alias.FunctionVersion}`,
      alias: {
        functionName: address.functionName,
        version: alias.FunctionVersion,
        deployedVersion: stack.outputs.LiveVersion,
        additionalVersionWeights: additionalWeights(alias),
        provisionedConcurrency: provisionedConcurrency ?? null,
      },
    };
  } catch (error) {
    return { ...base, state: 'error', error: messageOf(error) };
  }
}

function endpointReport(
  endpoint: DescribeEndpointOutput,
  deployedConfig: string | undefined,
): EndpointReport {
  const pending = endpoint.PendingDeploymentSummary;
  return {
    name: String(endpoint.EndpointName),
    status: String(endpoint.EndpointStatus),
    endpointConfigName: endpoint.EndpointConfigName,
    deployedEndpointConfigName: deployedConfig,
    variants: (endpoint.ProductionVariants ?? []).map((v) => ({
      name: String(v.VariantName),
      currentInstanceCount: v.CurrentInstanceCount,
      desiredInstanceCount: v.DesiredInstanceCount,
      currentWeight: v.CurrentWeight,
      desiredWeight: v.DesiredWeight,
      currentServerlessConfig: v.CurrentServerlessConfig,
      desiredServerlessConfig: v.DesiredServerlessConfig,
    })),
    lastDeploymentConfig: endpoint.LastDeploymentConfig,
    pendingDeployment: pending && {
      endpointConfigName: pending.EndpointConfigName,
      startTime: pending.StartTime,
      variants: (pending.ProductionVariants ?? []).map((v) => ({
        name: String(v.VariantName),
        statuses: (v.VariantStatus ?? []).map((s) =>
          s.StatusMessage ? `${s.Status} (${s.StatusMessage})` : String(s.Status),
        ),
      })),
    },
    failureReason: endpoint.FailureReason,
  };
}

function componentReport(component: DescribeInferenceComponentOutput): ComponentReport {
  return {
    name: String(component.InferenceComponentName),
    endpointName: component.EndpointName,
    status: String(component.InferenceComponentStatus),
    desiredCopyCount: component.RuntimeConfig?.DesiredCopyCount,
    currentCopyCount: component.RuntimeConfig?.CurrentCopyCount,
    modelName: component.Specification?.ModelName,
    failureReason: component.FailureReason,
  };
}
