import table from './prices.json';
import { OpsFailure } from '../errors';
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

/**
 * SageMaker Serverless Inference rates for one memory size, in USD per second, as AWS prices them (one price per
 * memory size, not per GB). With provisioned concurrency, AWS bills the concurrency for as long as it is configured
 * and the inference it serves at its own rate; requests beyond it run on demand: SageMaker Developer Guide, "Deploy
 * models with Amazon SageMaker Serverless Inference" https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints.html
 */
export interface ServerlessPrices {
  /** On-demand inference duration. */
  readonly onDemandPerSecond?: number;
  /** One unit of provisioned concurrency, per second while configured, used or not. */
  readonly provisionedConcurrencyPerSecond?: number;
  /** Inference duration served by provisioned concurrency. */
  readonly provisionedInferencePerSecond?: number;
}

/** The prices of one region, in USD; absent means unknown, never zero. */
export interface RegionPrices {
  readonly region: string;
  /** Where these prices come from: the bundled table (with its dates) or the AWS Price List API. */
  readonly source: string;
  readonly sagemakerHostingPerHour: Readonly<Record<string, number>>;
  /** By MemorySizeInMB (1024–6144). */
  readonly sagemakerServerlessPerSecond: Readonly<Record<number, ServerlessPrices>>;
  readonly lambda: Readonly<Partial<Record<LambdaArchitecture, LambdaPrices>>>;
}

/** One figure of the table and the key of the source it was read from. */
interface Figure {
  readonly usd: number;
  readonly source: string;
}

interface Source {
  /** When the figure was read from the source. */
  readonly checked: string;
  /** When the source's prices were in force, if older than `checked`. */
  readonly asOf?: string;
  readonly url: string;
  readonly detail: string;
}

interface TableRegion {
  readonly sagemakerHostingPerHour: Readonly<Record<string, Figure>>;
  readonly sagemakerServerlessPerSecond: Readonly<
    Record<string, Partial<Record<'onDemand' | 'provisionedConcurrency' | 'provisionedInference', Figure>>>
  >;
  readonly lambda: Readonly<Partial<Record<LambdaArchitecture, Partial<Record<keyof LambdaPrices, Figure>>>>>;
}

const SOURCES: Readonly<Record<string, Source>> = table.sources;
const REGIONS = table.regions as Readonly<Record<string, TableRegion>>;

/** The bundled price table's sources (each with its date) and the regions it covers. */
export const BUNDLED_PRICES = {
  sources: SOURCES,
  regions: Object.keys(REGIONS),
};

/** The regions of `regions` the bundled table does not cover, in the order given. */
export function uncoveredRegions(regions: readonly string[]): string[] {
  return regions.filter((region) => !Object.prototype.hasOwnProperty.call(REGIONS, region));
}

/** Why a region cannot be priced from the bundled table, and what to do. */
export function uncoveredRegionMessage(regions: readonly string[]): string {
  const covered = BUNDLED_PRICES.regions.join(', ');
  return (
    `the bundled price table has no prices for ${regions.join(', ')}; it covers ${covered}. ` +
    `Run with --live to read ${regions.length === 1 ? "the region's" : "these regions'"} prices from the AWS Price List API`
  );
}

const usdOf = <K extends string>(figures: Partial<Record<K, Figure>> | undefined, key: K) =>
  figures?.[key]?.usd;

/**
 * The bundled prices of a region. Throws for a region the table does not cover: another region's prices would be
 * wrong, and none at all would read as a config with nothing to price.
 */
export function bundledPrices(region: string): RegionPrices {
  if (uncoveredRegions([region]).length > 0) throw new OpsFailure(uncoveredRegionMessage([region]));
  const regional = REGIONS[region];
  const hosting = Object.fromEntries(
    Object.entries(regional.sagemakerHostingPerHour).map(([type, figure]) => [type, figure.usd]),
  );
  const serverless = Object.fromEntries(
    Object.entries(regional.sagemakerServerlessPerSecond).map(([memoryMb, figures]) => [
      Number(memoryMb),
      {
        onDemandPerSecond: usdOf(figures, 'onDemand'),
        provisionedConcurrencyPerSecond: usdOf(figures, 'provisionedConcurrency'),
        provisionedInferencePerSecond: usdOf(figures, 'provisionedInference'),
      },
    ]),
  );
  const lambda = Object.fromEntries(
    Object.entries(regional.lambda).map(([architecture, figures]) => [
      architecture,
      {
        requestUsd: usdOf(figures, 'requestUsd'),
        durationPerGbSecond: usdOf(figures, 'durationPerGbSecond'),
        provisionedConcurrencyPerGbSecond: usdOf(figures, 'provisionedConcurrencyPerGbSecond'),
        provisionedDurationPerGbSecond: usdOf(figures, 'provisionedDurationPerGbSecond'),
      },
    ]),
  );
  return {
    region,
    source: sourceText(regional),
    // GPU types come from their own table; a price in prices.json wins.
    sagemakerHostingPerHour: { ...gpuHostingPerHour(region), ...hosting },
    sagemakerServerlessPerSecond: serverless,
    lambda,
  };
}

/** "bundled price table checked 2026-12-01", with the older dates some figures' prices were in force. */
function sourceText(regional: TableRegion): string {
  const figures: Figure[] = [
    ...Object.values(regional.sagemakerHostingPerHour),
    ...Object.values(regional.sagemakerServerlessPerSecond).flatMap((f) => Object.values(f)),
    ...Object.values(regional.lambda).flatMap((f) => Object.values(f ?? {})),
  ];
  const sources = [...new Set(figures.map((f) => f.source))].map((key) => SOURCES[key]);
  const checked = [...new Set(sources.map((s) => s.checked))].sort();
  const asOf = [...new Set(sources.flatMap((s) => (s.asOf ? [s.asOf] : [])))].sort();
  return (
    `bundled price table checked ${checked.join(', ')}` +
    (asOf.length > 0 ? `; some prices as of ${asOf.join(', ')}` : '')
  );
}
