import { gpuInstanceType } from './gpu-instance-types';

/**
 * Facts about SageMaker hosting instance types that synthesis needs: vCPUs and GPUs to normalise
 * utilization metrics (CPUUtilization is 0–100 × vCPUs: "Amazon SageMaker AI metrics in Amazon CloudWatch",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html), which types cannot autoscale or take a
 * volume KMS key. Hosting prices are `mldeploy cost`'s (lib/ops/cost/prices.json).
 */
export interface InstanceTypeFacts {
  readonly vcpus: number;
  readonly memoryGib: number;
  readonly gpus: number;
}

export const INSTANCE_TYPES: Readonly<Record<string, InstanceTypeFacts>> = {
  'ml.t2.medium': { vcpus: 2, memoryGib: 4, gpus: 0 },
  'ml.t2.large': { vcpus: 2, memoryGib: 8, gpus: 0 },
  'ml.m5.large': { vcpus: 2, memoryGib: 8, gpus: 0 },
  'ml.m5.xlarge': { vcpus: 4, memoryGib: 16, gpus: 0 },
  'ml.m5.2xlarge': { vcpus: 8, memoryGib: 32, gpus: 0 },
  'ml.m5.4xlarge': { vcpus: 16, memoryGib: 64, gpus: 0 },
  'ml.c5.large': { vcpus: 2, memoryGib: 4, gpus: 0 },
  'ml.c5.xlarge': { vcpus: 4, memoryGib: 8, gpus: 0 },
  'ml.c5.2xlarge': { vcpus: 8, memoryGib: 16, gpus: 0 },
  'ml.c5.4xlarge': { vcpus: 16, memoryGib: 32, gpus: 0 },
  'ml.g4dn.xlarge': { vcpus: 4, memoryGib: 16, gpus: 1 },
  'ml.g4dn.2xlarge': { vcpus: 8, memoryGib: 32, gpus: 1 },
  'ml.g5.xlarge': { vcpus: 4, memoryGib: 16, gpus: 1 },
  'ml.g5.2xlarge': { vcpus: 8, memoryGib: 32, gpus: 1 },
};

/** `ml.m5.large` → `m5`. */
export function instanceFamily(instanceType: string): string {
  return instanceType.split('.')[1] ?? '';
}

/**
 * Burstable (T-family) instances cannot be autoscaled ("Automatic scaling of Amazon SageMaker AI models",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling.html).
 */
export function isBurstable(instanceType: string): boolean {
  return /^t\d/.test(instanceFamily(instanceType));
}

/**
 * Inf1 endpoints silently fall back to all-at-once deployments, so guardrails must not be promised there
 * ("Exclusions", deployment guardrails, https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-exclusions.html).
 */
export function lacksDeploymentGuardrails(instanceType: string): boolean {
  return instanceFamily(instanceType) === 'inf1';
}

/**
 * Instance types with local NVMe instance storage reject a volume KMS key (their storage is
 * encrypted by the hardware): the `d` families and the GPU and accelerator families that ship
 * instance store ("CreateEndpointConfig", KmsKeyId: "the call to CreateEndpointConfig fails", Amazon SageMaker
 * API Reference, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html).
 */
export function supportsVolumeKmsKey(instanceType: string): boolean {
  const family = instanceFamily(instanceType);
  if (/^[a-z]+\d+[a-z]*d[a-z]*$/.test(family) && !/^(inf|trn)/.test(family)) return false;
  return !/^(g5|g6|g6e|p4d|p4de|p5|p5e|p5en|trn1|trn1n|trn2|inf2)$/.test(family);
}

/** The type's facts from this table, or from the GPU table for the LLM families (gpu-instance-types.ts). */
export function instanceFacts(instanceType: string): InstanceTypeFacts | undefined {
  return INSTANCE_TYPES[instanceType] ?? gpuInstanceType(instanceType);
}
