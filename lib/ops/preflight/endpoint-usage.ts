import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  ListEndpointConfigsCommand,
  ListEndpointsCommand,
} from '@aws-sdk/client-sagemaker';
import { PreflightScope } from './check';

/** What the account's endpoints outside this environment already hold, and which of ours exist. */
export interface EndpointUsage {
  /** Instances per instance type on other endpoints. */
  readonly otherInstances: ReadonlyMap<string, number>;
  /** Max concurrency of the serverless variants of other endpoints. */
  readonly otherServerlessConcurrency: number;
  /** Every endpoint of the account in the region, ours included. */
  readonly endpointCount: number;
  /** Our endpoints that already exist (an update adds none). */
  readonly existing: ReadonlySet<string>;
}

/**
 * Reads every endpoint of the account in the region: the instance quotas are per account and region, shared
 * with other teams' endpoints ("<type> for endpoint usage" counts every endpoint's instances). Our own endpoints
 * are left out of the usage: their instances are counted in the demand.
 */
export async function endpointUsage(
  scope: PreflightScope,
  ours: ReadonlySet<string>,
): Promise<EndpointUsage> {
  const { ctx, clients } = scope;
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ctx.aws({ action: 'sagemaker:ListEndpoints', resource: 'the account' }, () =>
      clients.sageMaker.send(new ListEndpointsCommand({ MaxResults: 100, NextToken })),
    );
    names.push(...(page.Endpoints ?? []).flatMap((e) => (e.EndpointName ? [e.EndpointName] : [])));
    NextToken = page.NextToken;
  } while (NextToken);

  const otherInstances = new Map<string, number>();
  let otherServerlessConcurrency = 0;
  for (const name of names.filter((n) => !ours.has(n))) {
    const endpoint = await ctx.aws(
      { action: 'sagemaker:DescribeEndpoint', resource: `endpoint ${name}` },
      () => clients.sageMaker.send(new DescribeEndpointCommand({ EndpointName: name })),
    );
    const variants = endpoint.ProductionVariants ?? [];
    otherServerlessConcurrency += variants.reduce(
      (sum, v) => sum + (v.CurrentServerlessConfig?.MaxConcurrency ?? 0),
      0,
    );
    if (!variants.some((v) => (v.CurrentInstanceCount ?? 0) > 0) || !endpoint.EndpointConfigName) continue;
    const configName = endpoint.EndpointConfigName;
    const config = await ctx.aws(
      { action: 'sagemaker:DescribeEndpointConfig', resource: `endpoint config ${configName}` },
      () => clients.sageMaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName })),
    );
    const typeOf = new Map((config.ProductionVariants ?? []).map((v) => [v.VariantName, v.InstanceType]));
    for (const variant of variants) {
      const type = typeOf.get(variant.VariantName);
      if (type)
        otherInstances.set(type, (otherInstances.get(type) ?? 0) + (variant.CurrentInstanceCount ?? 0));
    }
  }
  return {
    otherInstances,
    otherServerlessConcurrency,
    endpointCount: names.length,
    existing: new Set(names.filter((n) => ours.has(n))),
  };
}

/** How many endpoint configs the account has in the region. */
export async function endpointConfigCount(scope: PreflightScope): Promise<number> {
  let count = 0;
  let NextToken: string | undefined;
  do {
    const page = await scope.ctx.aws(
      { action: 'sagemaker:ListEndpointConfigs', resource: 'the account' },
      () => scope.clients.sageMaker.send(new ListEndpointConfigsCommand({ MaxResults: 100, NextToken })),
    );
    count += page.EndpointConfigs?.length ?? 0;
    NextToken = page.NextToken;
  } while (NextToken);
  return count;
}
