/**
 * Monthly cost of one model in one environment, one small function per hosting kind. A new hosting mode is a new
 * kind in `hostingKindOf` and one more entry in HOSTING_COSTS.
 *
 * Billing units:
 * - SageMaker real-time instances: per instance-hour, billed while the instance runs, for every variant
 *   (instance-cost.ts).
 * - SageMaker Serverless Inference: per second of compute for the memory size chosen, nothing while idle; provisioned
 *   concurrency per second while configured, and the inference it serves at its own, lower rate
 *   (https://aws.amazon.com/sagemaker/pricing/, Serverless Inference;
 *   https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints.html).
 * - Lambda: requests and duration (GB-seconds) per use; provisioned concurrency per GB-second for as long as it is
 *   configured, used or not (https://aws.amazon.com/lambda/pricing/, Provisioned Concurrency Pricing).
 */
import type { ResolvedModel } from '../../config';
import { LambdaArchitecture, RegionPrices, SECONDS_PER_MONTH } from './prices';
import { oneTimeNotes, quantity, round, span, usd } from './figures';
import { sageMakerInstanceCost } from './instance-cost';
import { scheduledRange } from '../../config/scheduled-range';
import { AverageCapacity, averageCapacity } from './scaling-timeline';

export type HostingKind = 'sagemaker-instance' | 'sagemaker-serverless' | 'sagemaker-shared' | 'lambda';
/** Hosting a model has on its own; `sagemaker-shared` models are priced by shared-endpoint-cost.ts. */
export type OwnHostingKind = Exclude<HostingKind, 'sagemaker-shared'>;

/** One billed item: its monthly minimum and maximum in USD, null when its price is unknown. */
export interface CostLine {
  readonly item: string;
  /** How the figures were computed, quantities and unit prices included. */
  readonly basis: string;
  readonly minUsd: number | null;
  readonly maxUsd: number | null;
}

export interface HostingCost {
  readonly lines: readonly CostLine[];
  /** Billed per use; not in the figures because the config states no traffic. */
  readonly usageBased: readonly string[];
  /** Prices the table or the Price List API did not have. */
  readonly missingPrices: readonly string[];
  readonly notes: readonly string[];
}

type HostingCostFunction = (model: ResolvedModel, prices: RegionPrices) => HostingCost;

export function hostingKindOf(model: ResolvedModel): OwnHostingKind {
  if (model.target === 'lambda') return 'lambda';
  return model.sagemaker.variant === 'serverless' ? 'sagemaker-serverless' : 'sagemaker-instance';
}

export const HOSTING_COSTS: Readonly<Record<OwnHostingKind, HostingCostFunction>> = {
  'sagemaker-instance': sageMakerInstanceCost,
  'sagemaker-serverless': sageMakerServerlessCost,
  lambda: lambdaCost,
};

/**
 * Serverless Inference, priced per second at the endpoint's memory size. Provisioned concurrency is billed all month
 * between its minimum and maximum (with autoscaling, the scalable target's range). Idle inference costs nothing, so the
 * minimum is the provisioned concurrency alone; the most is every one of `maxConcurrency` slots busy all month: those
 * of the provisioned concurrency at its inference rate, the rest on demand.
 */
function sageMakerServerlessCost(model: ResolvedModel, prices: RegionPrices): HostingCost {
  const { serverless } = model.sagemaker;
  const memoryMb = serverless.memorySizeMb;
  const rates = prices.sagemakerServerlessPerSecond[memoryMb] ?? {};
  // With autoscaling, the scalable target's range, averaged over its schedules.
  const scaling = model.scaling;
  const provisioned: AverageCapacity = scaling.enabled
    ? averageCapacity(
        { min: scaling.minProvisionedConcurrency, max: scaling.maxProvisionedConcurrency },
        scaling.schedules.map((s) => ({ ...s, range: scheduledRange(s, true) })),
      )
    : {
        min: serverless.provisionedConcurrency,
        max: serverless.provisionedConcurrency,
        oneTimeSchedules: [],
      };
  const averaged = scaling.enabled && scaling.schedules.length > 0 ? ' (average over the schedules)' : '';
  const onDemandSlots = Math.max(0, serverless.maxConcurrency - provisioned.max);
  const seconds = quantity(SECONDS_PER_MONTH);
  const missingPrices: string[] = [];
  const priced = (price: number | undefined, what: string, minCount: number, maxCount: number) => {
    if (price === undefined && maxCount > 0) missingPrices.push(`${what} ${memoryMb} MB in ${prices.region}`);
    return {
      rate: price === undefined ? '' : ` × ${usd(price)}/s`,
      minUsd: maxCount === 0 ? 0 : price === undefined ? null : minCount * SECONDS_PER_MONTH * price,
      maxUsd: maxCount === 0 ? 0 : price === undefined ? null : maxCount * SECONDS_PER_MONTH * price,
    };
  };
  const lines: CostLine[] = [];
  if (provisioned.max > 0) {
    const concurrency = priced(
      rates.provisionedConcurrencyPerSecond,
      'SageMaker Serverless Inference provisioned concurrency',
      provisioned.min,
      provisioned.max,
    );
    lines.push({
      item: `serverless provisioned concurrency (${memoryMb} MB)`,
      basis: `${span(round(provisioned.min), round(provisioned.max))} × ${seconds} s${concurrency.rate}, billed while configured${averaged}`,
      minUsd: concurrency.minUsd,
      maxUsd: concurrency.maxUsd,
    });
    const served = priced(
      rates.provisionedInferencePerSecond,
      'SageMaker Serverless Inference on provisioned concurrency',
      0,
      provisioned.max,
    );
    lines.push({
      item: `serverless compute on provisioned concurrency (${memoryMb} MB)`,
      basis: `0–${round(provisioned.max)} busy × ${seconds} s${served.rate}${averaged}`,
      // Idle costs nothing, whatever the rate.
      minUsd: 0,
      maxUsd: served.maxUsd,
    });
  }
  const onDemand = priced(rates.onDemandPerSecond, 'SageMaker Serverless Inference', 0, onDemandSlots);
  lines.push({
    item: `serverless compute (${memoryMb} MB)`,
    basis:
      `0–${round(onDemandSlots)} busy × ${seconds} s${onDemand.rate}` +
      (provisioned.max > 0
        ? ` (maxConcurrency ${serverless.maxConcurrency} − ${round(provisioned.max)} provisioned)`
        : ''),
    minUsd: 0,
    maxUsd: onDemand.maxUsd,
  });
  return {
    lines,
    usageBased: ['serverless compute: billed per second of inference, from 0 when idle'],
    missingPrices,
    notes: ['maximum assumes every concurrent slot busy all month', ...oneTimeNotes(provisioned)],
  };
}

function lambdaCost(model: ResolvedModel, prices: RegionPrices): HostingCost {
  const { lambda } = model;
  const architecture: LambdaArchitecture = lambda.architecture;
  const memoryGb = lambda.memoryMb / 1024;
  const rates = prices.lambda[architecture];
  const pc = lambda.provisionedConcurrency;
  const capacity = averageCapacity(
    { min: pc.min, max: pc.max ?? pc.min },
    pc.schedules.map((s) => ({ ...s, range: { min: s.min, max: s.max } })),
  );
  const lines: CostLine[] = [];
  const missingPrices: string[] = [];
  const hasProvisioned = capacity.max > 0;
  if (hasProvisioned) {
    const price = rates?.provisionedConcurrencyPerGbSecond;
    const gbSeconds = (count: number) => count * memoryGb * SECONDS_PER_MONTH;
    lines.push({
      item: `provisioned concurrency (${lambda.memoryMb} MB, ${architecture})`,
      basis:
        `${quantity(gbSeconds(capacity.min))}–${quantity(gbSeconds(capacity.max))} GB-s` +
        (price === undefined ? '' : ` × ${usd(price)}/GB-s`) +
        ` (average ${round(capacity.min)}–${round(capacity.max)} environments over the month)`,
      minUsd: price === undefined ? null : gbSeconds(capacity.min) * price,
      maxUsd: price === undefined ? null : gbSeconds(capacity.max) * price,
    });
    if (price === undefined) {
      missingPrices.push(`Lambda provisioned concurrency (${architecture}) in ${prices.region}`);
    }
  }
  return {
    lines,
    usageBased: [
      `requests and duration (${lambda.memoryMb} MB, ${architecture}): billed per invocation; the config states no expected traffic`,
      `CloudWatch Logs ingestion and storage (kept ${lambda.logRetentionDays} days): grows with traffic`,
    ],
    missingPrices,
    notes: oneTimeNotes(capacity),
  };
}
