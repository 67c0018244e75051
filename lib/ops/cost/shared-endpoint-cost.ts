import type { ResolvedSharedEndpoint } from '../../config/types';
import type { CostLine, HostingCost } from './hosting-costs';
import { HOURS_PER_MONTH, RegionPrices } from './prices';

/**
 * A model's share of the shared endpoint that serves it as an inference component: the endpoint's instances are
 * billed per instance-hour whatever runs on them (https://aws.amazon.com/sagemaker/pricing/, Real-Time Inference),
 * between `minInstances` and `maxInstances`, split evenly over the models it lists so that the environment's total
 * counts them once. Copies are not billed apart: they run on those instances.
 */
export function sharedEndpointShare(group: ResolvedSharedEndpoint, prices: RegionPrices): HostingCost {
  const hourly = prices.sagemakerHostingPerHour[group.instanceType];
  const members = group.models.length;
  const minHours = group.minInstances * HOURS_PER_MONTH;
  const maxHours = group.maxInstances * HOURS_PER_MONTH;
  const share = (hours: number) => (hourly === undefined ? null : (hours * hourly) / members);
  const line: CostLine = {
    item: `1/${members} of shared endpoint ${group.name} (${group.instanceType} instances)`,
    basis:
      `${minHours.toLocaleString('en-US')}–${maxHours.toLocaleString('en-US')} instance-hours` +
      (hourly === undefined ? '' : ` × $${hourly}/h`) +
      ` (${group.minInstances}–${group.maxInstances} instances) ÷ ${members} models`,
    minUsd: share(minHours),
    maxUsd: share(maxHours),
  };
  return {
    lines: [line],
    usageBased: [],
    missingPrices:
      hourly === undefined ? [`SageMaker hosting ${group.instanceType} in ${prices.region}`] : [],
    notes: [
      ...(group.minInstances === 0
        ? [
            `a deploy starts at least ${Math.max(1, group.initialInstanceCount)} instance(s) of ${group.name}: every component is created with a copy, and autoscaling reaches zero only afterwards`,
          ]
        : []),
    ],
  };
}
