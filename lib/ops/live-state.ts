import {
  AliasConfiguration,
  GetAliasCommand,
  GetProvisionedConcurrencyConfigCommand,
} from '@aws-sdk/client-lambda';
import {
  DescribeEndpointCommand,
  DescribeEndpointOutput,
  DescribeInferenceComponentCommand,
  DescribeInferenceComponentOutput,
} from '@aws-sdk/client-sagemaker';
import { OpsContext } from './context';
import { errorCode } from './retry';
import { LIVE_ALIAS } from './runtime';
import { ModelTarget } from './targets';

/** What serves a model right now: the endpoint as SageMaker describes it, the alias as Lambda does. */

export function describeEndpoint(
  ctx: OpsContext,
  target: ModelTarget,
  endpointName: string,
): Promise<DescribeEndpointOutput> {
  const { sageMaker } = ctx.clientsFor(target.region);
  return ctx.aws({ action: 'sagemaker:DescribeEndpoint', resource: `endpoint ${endpointName}` }, () =>
    sageMaker.send(new DescribeEndpointCommand({ EndpointName: endpointName })),
  );
}

/**
 * An inference component as SageMaker describes it: InferenceComponentStatus (InService, Creating, Updating,
 * Failed, Deleting), FailureReason, RuntimeConfig{DesiredCopyCount, CurrentCopyCount} ("DescribeInferenceComponent",
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeInferenceComponent.html).
 */
export function describeInferenceComponent(
  ctx: OpsContext,
  target: ModelTarget,
  componentName: string,
): Promise<DescribeInferenceComponentOutput> {
  const { sageMaker } = ctx.clientsFor(target.region);
  return ctx.aws(
    { action: 'sagemaker:DescribeInferenceComponent', resource: `inference component ${componentName}` },
    () => sageMaker.send(new DescribeInferenceComponentCommand({ InferenceComponentName: componentName })),
  );
}

/** `1 of 2 copies`: the copies running of those the component asks for. */
export function describeCopies(component: DescribeInferenceComponentOutput): string {
  const runtime = component.RuntimeConfig;
  const current = runtime?.CurrentCopyCount ?? 0;
  const desired = runtime?.DesiredCopyCount;
  return `${current} of ${desired ?? '-'} ${desired === 1 ? 'copy' : 'copies'}`;
}

export function getLiveAlias(
  ctx: OpsContext,
  target: ModelTarget,
  functionName: string,
): Promise<AliasConfiguration> {
  const { lambda } = ctx.clientsFor(target.region);
  return ctx.aws(
    { action: 'lambda:GetAlias', resource: `alias ${LIVE_ALIAS} of function ${functionName}` },
    () => lambda.send(new GetAliasCommand({ FunctionName: functionName, Name: LIVE_ALIAS })),
  );
}

export interface ProvisionedConcurrency {
  readonly requested?: number;
  readonly available?: number;
  readonly allocated?: number;
  readonly status?: string;
  readonly statusReason?: string;
}

/** The live alias's provisioned concurrency; undefined when it has none. */
export async function getProvisionedConcurrency(
  ctx: OpsContext,
  target: ModelTarget,
  functionName: string,
): Promise<ProvisionedConcurrency | undefined> {
  const { lambda } = ctx.clientsFor(target.region);
  const config = await ctx.aws(
    {
      action: 'lambda:GetProvisionedConcurrencyConfig',
      resource: `alias ${LIVE_ALIAS} of function ${functionName}`,
    },
    () =>
      lambda
        .send(
          new GetProvisionedConcurrencyConfigCommand({ FunctionName: functionName, Qualifier: LIVE_ALIAS }),
        )
        .catch((error: unknown) => {
          if (errorCode(error) === 'ProvisionedConcurrencyConfigNotFoundException') return undefined;
          throw error;
        }),
  );
  if (!config) return undefined;
  return {
    requested: config.RequestedProvisionedConcurrentExecutions,
    available: config.AvailableProvisionedConcurrentExecutions,
    allocated: config.AllocatedProvisionedConcurrentExecutions,
    status: config.Status,
    statusReason: config.StatusReason,
  };
}

/**
 * Versions other than the alias's own that receive traffic, with their share (0–1) ("AliasRoutingConfiguration",
 * AdditionalVersionWeights, AWS Lambda API Reference).
 */
export function additionalWeights(alias: AliasConfiguration): Record<string, number> {
  return { ...alias.RoutingConfig?.AdditionalVersionWeights };
}

/** `version 6 with 10 % on version 7` */
export function describeRouting(alias: AliasConfiguration): string {
  const extra = Object.entries(additionalWeights(alias)).map(
    ([version, weight]) => `${formatPercent(weight)} on version ${version}`,
  );
  return `version ${alias.FunctionVersion}${extra.length ? ` with ${extra.join(', ')}` : ''}`;
}

export function formatPercent(weight: number): string {
  return `${Math.round(weight * 1000) / 10} %`;
}
