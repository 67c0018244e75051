/** What the config implies each model costs a month: `mldeploy cost`, and the same figures for programs. */
export { estimateCosts } from './estimate';
export type { CostEstimate, CostTarget, EnvironmentCost, EstimateOptions, ModelCost } from './estimate';
export { HOSTING_COSTS, hostingKindOf } from './hosting-costs';
export type { CostLine, HostingCost, HostingKind } from './hosting-costs';
export {
  bundledPrices,
  BUNDLED_PRICES,
  HOURS_PER_MONTH,
  SECONDS_PER_MONTH,
  uncoveredRegions,
} from './prices';
export type { LambdaArchitecture, LambdaPrices, RegionPrices, ServerlessPrices } from './prices';
export { averageCapacity } from './scaling-timeline';
export { cost } from './command';
