import table from './prices.json';
import { gpuHostingPerHour } from './gpu-prices';

/** AWS's monthly convention: 730 hours, one twelfth of a 365-day year (the pricing pages' monthly examples). */
export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

export type LambdaArchitecture = 'arm64' | 'x86_64';

/** Lambda's rates for one architecture, in USD; a field is absent when its price is unknown. */
export interface LambdaPrices {
  readonly requestUsd?: number;
  readonly durationPerGbSecond?: number;
  readonly provisionedConcurrencyPerGbSecond?: number;
  readonly provisionedDurationPerGbSecond?: number;
}

/** The prices of one region, in USD; absent means unknown, never zero. */
export interface RegionPrices {
  readonly region: string;
  /** Where these prices come from: the bundled table (with its date) or the AWS Price List API. */
  readonly source: string;
  readonly sagemakerHostingPerHour: Readonly<Record<string, number>>;
  readonly sagemakerServerlessPerGbSecond?: number;
  readonly sagemakerServerlessProvisionedPerGbSecond?: number;
  readonly lambda: Readonly<Partial<Record<LambdaArchitecture, LambdaPrices>>>;
}

/** The bundled price table's date, source pages and the regions it covers. */
export const BUNDLED_PRICES = {
  checked: table.checked,
  sources: table.sources,
  regions: Object.keys(table.regions),
};

/** The bundled prices of a region; empty (every price unknown) for a region the table does not cover. */
export function bundledPrices(region: string): RegionPrices {
  const regional = (table.regions as Record<string, Omit<RegionPrices, 'region' | 'source'> | undefined>)[
    region
  ];
  return {
    region,
    source: `bundled price table checked ${table.checked}`,
    // GPU types come from their own table; a price in prices.json wins.
    sagemakerHostingPerHour: { ...gpuHostingPerHour(region), ...regional?.sagemakerHostingPerHour },
    sagemakerServerlessPerGbSecond: regional?.sagemakerServerlessPerGbSecond,
    sagemakerServerlessProvisionedPerGbSecond: regional?.sagemakerServerlessProvisionedPerGbSecond,
    lambda: regional?.lambda ?? {},
  };
}
