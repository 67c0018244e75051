import { GPU_INSTANCE_TYPES, GPU_PRICES_CHECKED } from '../../constructs/sagemaker/gpu-instance-types';

/**
 * SageMaker real-time hosting prices of the GPU instance types LLMs are served on, from the GPU instance table
 * (lib/constructs/sagemaker/gpu-instance-types.ts, which records when and where each price was read). Only us-east-1
 * is recorded; a type without a checked price stays unknown and `mldeploy cost --live` asks the Price List API.
 */
export const GPU_PRICE_REGION = 'us-east-1';
export const GPU_PRICES = GPU_PRICES_CHECKED;

/** USD per instance-hour by GPU instance type for the region; empty for a region the table does not cover. */
export function gpuHostingPerHour(region: string): Readonly<Record<string, number>> {
  if (region !== GPU_PRICE_REGION) return {};
  return Object.fromEntries(
    Object.entries(GPU_INSTANCE_TYPES).flatMap(([type, facts]) =>
      facts.hourlyUsd === undefined ? [] : [[type, facts.hourlyUsd]],
    ),
  );
}
