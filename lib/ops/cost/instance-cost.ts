/**
 * SageMaker real-time (and asynchronous) instances: every production variant and the shadow variant, each billed per
 * instance-hour while its instances run (https://aws.amazon.com/sagemaker/pricing/, Real-Time Inference). A shadow
 * variant runs its own instances beside the production ones ("Shadow variants",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/model-shadow-deployment.html); each production variant is billed for
 * its own fleet whatever its share of the traffic.
 */
import type { ResolvedModel } from '../../config';
import type { ScalingSettings, WeightedVariantSettings } from '../../config/types';
import type { CostLine, HostingCost } from './hosting-costs';
import { oneTimeNotes, quantity, round, usd } from './figures';
import { HOURS_PER_MONTH, RegionPrices } from './prices';
import { averageCapacity, AverageCapacity } from './scaling-timeline';
import { scheduledRange } from '../../config/scheduled-range';

/** One fleet of instances: its type and how many run, at least and at most, over the month. */
interface Fleet {
  readonly label?: string;
  readonly instanceType: string;
  readonly capacity: AverageCapacity;
  /** How the counts were read from the config, for the basis. */
  readonly range: string;
}

export function sageMakerInstanceCost(model: ResolvedModel, prices: RegionPrices): HostingCost {
  const { sagemaker } = model;
  const fleets: Fleet[] = [
    { instanceType: sagemaker.instanceType, ...scaledFleet(model.scaling, sagemaker.initialInstanceCount) },
    ...sagemaker.variants.map((variant) => ({
      label: `variant ${variant.name}`,
      instanceType: variant.instanceType ?? sagemaker.instanceType,
      ...scaledFleet(variantScaling(model.scaling, variant), variant.initialInstanceCount ?? 1),
    })),
    // The shadow variant keeps its initial count: it has no autoscaling of its own.
    ...(sagemaker.shadow.enabled
      ? [
          {
            label: 'shadow variant',
            instanceType: sagemaker.shadow.instanceType ?? sagemaker.instanceType,
            ...fixedFleet(sagemaker.shadow.initialInstanceCount),
          },
        ]
      : []),
  ];
  const missing = new Set<string>();
  const lines = fleets.map((fleet): CostLine => {
    const hourly = prices.sagemakerHostingPerHour[fleet.instanceType];
    if (hourly === undefined) missing.add(`SageMaker hosting ${fleet.instanceType} in ${prices.region}`);
    const minHours = fleet.capacity.min * HOURS_PER_MONTH;
    const maxHours = fleet.capacity.max * HOURS_PER_MONTH;
    return {
      item: `${fleet.label ? `${fleet.label}: ` : ''}${fleet.instanceType} instances`,
      basis:
        `${quantity(minHours)}–${quantity(maxHours)} instance-hours` +
        (hourly === undefined ? '' : ` × ${usd(hourly)}/h`) +
        fleet.range,
      minUsd: hourly === undefined ? null : minHours * hourly,
      maxUsd: hourly === undefined ? null : maxHours * hourly,
    };
  });
  return {
    lines,
    usageBased: [
      ...(sagemaker.dataCapture.enabled
        ? [
            `data capture (${sagemaker.dataCapture.samplingPercent}% of requests written to the capture bucket): S3 requests and storage grow with traffic`,
          ]
        : []),
      ...deployFleet(model),
    ],
    missingPrices: [...missing],
    notes: [
      ...oneTimeNotes(fleets[0].capacity),
      // Endpoints are created with initialInstanceCount (at least 1); only autoscaling takes them to zero.
      ...(reachesZero(model.scaling)
        ? [
            `a deploy starts ${sagemaker.initialInstanceCount} instance(s) (sagemaker.initialInstanceCount): autoscaling takes the fleet to zero only afterwards`,
          ]
        : []),
      ...(sagemaker.volumeSizeGb !== undefined
        ? [
            `ML storage volume (${sagemaker.volumeSizeGb} GB per instance) is billed per GB-month, not included`,
          ]
        : []),
    ],
  };
}

/** Every instance type the model's variants run: the production variants' and the shadow variant's. */
export function instanceTypesOf(model: ResolvedModel): string[] {
  const { sagemaker } = model;
  return [
    sagemaker.instanceType,
    ...sagemaker.variants.map((variant) => variant.instanceType ?? sagemaker.instanceType),
    ...(sagemaker.shadow.enabled ? [sagemaker.shadow.instanceType ?? sagemaker.instanceType] : []),
  ];
}

function reachesZero(scaling: ScalingSettings): boolean {
  return (
    scaling.enabled &&
    (scaling.minInstances === 0 || scaling.schedules.some((s) => scheduledRange(s, false).min === 0))
  );
}

/** Without autoscaling the fleet stays at its initial count; with it, between the (scheduled) bounds. */
function scaledFleet(scaling: ScalingSettings, initial: number): Omit<Fleet, 'instanceType' | 'label'> {
  if (!scaling.enabled) return fixedFleet(initial);
  const capacity = averageCapacity(
    { min: scaling.minInstances, max: scaling.maxInstances },
    scaling.schedules.map((s) => ({ ...s, range: scheduledRange(s, false) })),
  );
  const schedules = scaling.schedules.length > 0 ? `, ${scaling.schedules.length} schedules` : '';
  return {
    capacity,
    range: ` (autoscaling ${scaling.minInstances}–${scaling.maxInstances}${schedules}: average ${round(capacity.min)}–${round(capacity.max)} instances)`,
  };
}

function fixedFleet(count: number): Omit<Fleet, 'instanceType' | 'label'> {
  return {
    capacity: { min: count, max: count, oneTimeSchedules: [] },
    range: ` (${count} ${count === 1 ? 'instance' : 'instances'}, no autoscaling)`,
  };
}

/**
 * A weighted variant autoscales as the model does, within its own range when it has one; a variant with a range of
 * its own follows none of the model's schedules (lib/config/endpoint-props.ts, weightedVariantsOf).
 */
function variantScaling(scaling: ScalingSettings, variant: WeightedVariantSettings): ScalingSettings {
  if (!scaling.enabled || (variant.minInstances === undefined && variant.maxInstances === undefined)) {
    return scaling;
  }
  return {
    ...scaling,
    minInstances: variant.minInstances ?? scaling.minInstances,
    maxInstances: variant.maxInstances ?? scaling.maxInstances,
    schedules: [],
  };
}

/**
 * A blue/green update runs the new fleet beside the old one until the traffic shift, its baking period and the
 * termination wait end: SageMaker Developer Guide, "Blue/Green Deployments"
 * https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-blue-green.html
 */
function deployFleet(model: ResolvedModel): string[] {
  const { rollout } = model;
  if (rollout.strategy === 'rolling') return [];
  return [
    `each deploy (blue/green): a second ${model.sagemaker.instanceType} fleet runs beside the first for the traffic shift, ${rollout.bakeMinutes} min baking and ${rollout.terminationWaitMinutes} min termination wait`,
  ];
}
