import type { ResolvedModel } from '../../config';
import type { ResolvedSharedEndpoint } from '../../config/types';
import { CostLine, HOSTING_COSTS, hostingKindOf, HostingKind } from './hosting-costs';
import { sharedEndpointShare } from './shared-endpoint-cost';
import { HOURS_PER_MONTH, RegionPrices } from './prices';

/** One model in one environment to price; `region` is undefined when the environment sets none. */
export interface CostTarget {
  readonly environment: string;
  readonly region?: string;
  readonly model: ResolvedModel;
  /** The shared endpoint serving the model as an inference component; its instances are billed there. */
  readonly sharedEndpoint?: ResolvedSharedEndpoint;
}

/** The monthly cost the config implies for one model in one environment, in USD. */
export interface ModelCost {
  readonly environment: string;
  readonly model: string;
  readonly hosting: HostingKind;
  /** The region priced: the environment's, or the default when it sets none (see `notes`). */
  readonly region: string;
  readonly priceSource: string;
  /** Sum of the lines; null when a line's price is missing. */
  readonly monthlyMinUsd: number | null;
  readonly monthlyMaxUsd: number | null;
  readonly lines: readonly CostLine[];
  readonly usageBased: readonly string[];
  readonly missingPrices: readonly string[];
  readonly notes: readonly string[];
}

export interface EnvironmentCost {
  readonly environment: string;
  readonly monthlyMinUsd: number | null;
  readonly monthlyMaxUsd: number | null;
}

export interface CostEstimate {
  readonly currency: 'USD';
  readonly hoursPerMonth: number;
  readonly models: readonly ModelCost[];
  readonly environments: readonly EnvironmentCost[];
}

export interface EstimateOptions {
  /** Prices of a region (bundled or live). */
  readonly pricesFor: (region: string) => RegionPrices;
  /** The region of environments that set none. */
  readonly defaultRegion: string;
}

/**
 * The monthly minimum and maximum each model costs in each environment, from the config alone: what is billed by
 * the hour whatever the traffic, with the usage-based items listed apart. A month is AWS's 730 hours.
 */
export function estimateCosts(targets: readonly CostTarget[], options: EstimateOptions): CostEstimate {
  const models = targets.map((target) => modelCost(target, options));
  const environments = [...new Set(models.map((m) => m.environment))].map((environment) => {
    const own = models.filter((m) => m.environment === environment);
    return {
      environment,
      monthlyMinUsd: total(own.map((m) => m.monthlyMinUsd)),
      monthlyMaxUsd: total(own.map((m) => m.monthlyMaxUsd)),
    };
  });
  return { currency: 'USD', hoursPerMonth: HOURS_PER_MONTH, models, environments };
}

function modelCost(target: CostTarget, options: EstimateOptions): ModelCost {
  const region = target.region ?? options.defaultRegion;
  const prices = options.pricesFor(region);
  const hosting = target.sharedEndpoint ? 'sagemaker-shared' : hostingKindOf(target.model);
  const cost = target.sharedEndpoint
    ? sharedEndpointShare(target.sharedEndpoint, prices)
    : HOSTING_COSTS[hostingKindOf(target.model)](target.model, prices);
  const regionNote =
    target.region === undefined
      ? [`environment ${target.environment} sets no region: priced in ${region}`]
      : [];
  return {
    environment: target.environment,
    model: target.model.name,
    hosting,
    region,
    priceSource: prices.source,
    monthlyMinUsd: total(cost.lines.map((line) => line.minUsd)),
    monthlyMaxUsd: total(cost.lines.map((line) => line.maxUsd)),
    lines: cost.lines,
    usageBased: cost.usageBased,
    missingPrices: cost.missingPrices,
    notes: [...regionNote, ...cost.notes],
  };
}

/** The sum, or null when any part is unknown: a partial sum would read as the whole cost. */
function total(values: readonly (number | null)[]): number | null {
  return values.some((v) => v === null) ? null : values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
}
