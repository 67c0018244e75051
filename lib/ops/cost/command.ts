import { OpsContext } from '../context';
import { EXIT, OpsFailure } from '../errors';
import { writeJson } from '../output';
import { selectTargets } from '../targets';
import { estimateCosts } from './estimate';
import { formatCosts } from './format';
import { instanceTypesOf } from './instance-cost';
import { livePrices, PriceNeeds } from './live-prices';
import {
  bundledPrices,
  BUNDLED_PRICES,
  LambdaArchitecture,
  RegionPrices,
  uncoveredRegionMessage,
  uncoveredRegions,
} from './prices';

interface CostOptions {
  readonly config: string;
  /** Every environment of the file when absent. */
  readonly env?: string;
  /** Refresh the prices from the AWS Price List API. */
  readonly live: boolean;
}

/** The region priced for environments without one: the SDK's AWS_REGION, else the bundled table's first region. */
function defaultRegionOf(env: NodeJS.ProcessEnv): string {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || BUNDLED_PRICES.regions[0];
}

/**
 * `mldeploy cost`: the monthly minimum and maximum each model costs in each environment, as the config implies.
 * Exit 1 when a price is missing (the total is then unknown) or, without --live, a region is not in the bundled table;
 * 0 otherwise.
 */
export async function cost(ctx: OpsContext, options: CostOptions): Promise<number> {
  const targets = selectTargets({
    config: options.config,
    cwd: ctx.cwd,
    environments: options.env ? [options.env] : undefined,
  });
  const defaultRegion = defaultRegionOf(ctx.env);
  const regionOf = (target: (typeof targets)[number]) => target.region ?? defaultRegion;
  const regions = [...new Set(targets.map(regionOf))];
  const uncovered = uncoveredRegions(regions);
  if (!options.live && uncovered.length > 0) {
    const environments = (region: string) => {
      const names = [...new Set(targets.filter((t) => regionOf(t) === region).map((t) => t.environment))];
      return `${names.length === 1 ? 'environment' : 'environments'} ${names.join(', ')}`;
    };
    throw new OpsFailure(
      uncoveredRegionMessage(uncovered.map((region) => `${region} (${environments(region)})`)),
    );
  }
  const prices = new Map<string, RegionPrices>();
  for (const region of regions) {
    if (!options.live) {
      prices.set(region, bundledPrices(region));
      continue;
    }
    const progress = ctx.progress(`Reading prices for ${region} from the AWS Price List API`);
    try {
      const live = await livePrices(ctx, region, needsOf(targets, region, defaultRegion));
      prices.set(region, live.prices);
      for (const warning of live.warnings) ctx.stderr.write(`warning: ${warning}\n`);
    } finally {
      progress.stop();
    }
  }
  const estimate = estimateCosts(targets, { defaultRegion, pricesFor: (region) => prices.get(region)! });
  if (ctx.json) writeJson(ctx.stdout, estimate);
  else ctx.stdout.write(formatCosts(estimate));
  const missing = estimate.models.flatMap((m) => m.missingPrices);
  for (const price of new Set(missing)) {
    ctx.stderr.write(
      `price missing: ${price}${options.live ? '' : ' (not in the bundled table; try --live)'}\n`,
    );
  }
  return missing.length > 0 ? EXIT.failed : EXIT.ok;
}

function needsOf(
  targets: ReturnType<typeof selectTargets>,
  region: string,
  defaultRegion: string,
): PriceNeeds {
  const here = targets.filter((t) => (t.region ?? defaultRegion) === region).map((t) => t.model);
  return {
    instanceTypes: new Set(
      here
        .filter((m) => m.target === 'sagemaker' && m.sagemaker.variant === 'instance')
        .flatMap(instanceTypesOf)
        .concat(
          targets
            .filter((t) => (t.region ?? defaultRegion) === region && t.sharedEndpoint)
            .map((t) => t.sharedEndpoint!.instanceType),
        ),
    ),
    lambdaArchitectures: new Set<LambdaArchitecture>(
      here.filter((m) => m.target === 'lambda').map((m) => m.lambda.architecture),
    ),
    serverless: here
      .filter((m) => m.target === 'sagemaker' && m.sagemaker.variant === 'serverless')
      .reduce((sizes, m) => {
        const provisioned = m.scaling.enabled
          ? m.scaling.maxProvisionedConcurrency > 0
          : m.sagemaker.serverless.provisionedConcurrency > 0;
        const memoryMb = m.sagemaker.serverless.memorySizeMb;
        return sizes.set(memoryMb, { provisioned: provisioned || !!sizes.get(memoryMb)?.provisioned });
      }, new Map<number, { provisioned: boolean }>()),
  };
}
