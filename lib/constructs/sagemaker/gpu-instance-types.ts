/**
 * The GPU instance types large language models are served on: GPUs, memory per GPU, vCPUs and host memory, for the
 * g5 (NVIDIA A10G, 24 GiB), g6 (L4, 24 GiB), g6e (L40S, 48 GiB), p4d (A100, 40 GiB) and p5 (H100, 80 GiB) families
 * ("Amazon EC2 instance type specifications", accelerated computing,
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html; the SageMaker Python SDK's
 * `image_uri_config/instance_gpu_info.json` lists the same GPU counts). Every type here is a SageMaker endpoint
 * instance type (sagemaker-instance-types.ts).
 *
 * Prices: on-demand real-time inference, us-east-1, USD per hour, only where checked against the Amazon SageMaker AI
 * pricing page (https://aws.amazon.com/sagemaker/pricing/) — see GPU_PRICES_CHECKED. An absent price is unknown,
 * never zero: `mldeploy cost --live` reads it from the AWS Price List API.
 */
export interface GpuInstanceType {
  readonly gpus: number;
  /** Memory of one GPU. */
  readonly gpuMemoryGib: number;
  readonly gpuModel: 'A10G' | 'L4' | 'L40S' | 'A100' | 'H100';
  readonly vcpus: number;
  /** Host memory. */
  readonly memoryGib: number;
  /** On-demand USD per hour in us-east-1; absent when unchecked. */
  readonly hourlyUsd?: number;
}

/** When and where the hourly prices were read. */
export const GPU_PRICES_CHECKED = {
  date: '2026-11',
  source: 'https://aws.amazon.com/sagemaker/pricing/ (Real-Time Inference, us-east-1, on-demand)',
} as const;

const family = (
  gpuModel: GpuInstanceType['gpuModel'],
  gpuMemoryGib: number,
  sizes: Record<string, [gpus: number, vcpus: number, memoryGib: number, hourlyUsd?: number]>,
): Record<string, GpuInstanceType> =>
  Object.fromEntries(
    Object.entries(sizes).map(([type, [gpus, vcpus, memoryGib, hourlyUsd]]) => [
      type,
      { gpus, gpuMemoryGib, gpuModel, vcpus, memoryGib, ...(hourlyUsd === undefined ? {} : { hourlyUsd }) },
    ]),
  );

export const GPU_INSTANCE_TYPES: Readonly<Record<string, GpuInstanceType>> = {
  ...family('A10G', 24, {
    'ml.g5.xlarge': [1, 4, 16, 1.408],
    'ml.g5.2xlarge': [1, 8, 32, 1.515],
    'ml.g5.4xlarge': [1, 16, 64],
    'ml.g5.8xlarge': [1, 32, 128],
    'ml.g5.16xlarge': [1, 64, 256],
    'ml.g5.12xlarge': [4, 48, 192],
    'ml.g5.24xlarge': [4, 96, 384],
    'ml.g5.48xlarge': [8, 192, 768],
  }),
  ...family('L4', 24, {
    'ml.g6.xlarge': [1, 4, 16],
    'ml.g6.2xlarge': [1, 8, 32],
    'ml.g6.4xlarge': [1, 16, 64],
    'ml.g6.8xlarge': [1, 32, 128],
    'ml.g6.16xlarge': [1, 64, 256],
    'ml.g6.12xlarge': [4, 48, 192],
    'ml.g6.24xlarge': [4, 96, 384],
    'ml.g6.48xlarge': [8, 192, 768],
  }),
  ...family('L40S', 48, {
    'ml.g6e.xlarge': [1, 4, 32],
    'ml.g6e.2xlarge': [1, 8, 64],
    'ml.g6e.4xlarge': [1, 16, 128],
    'ml.g6e.8xlarge': [1, 32, 256],
    'ml.g6e.16xlarge': [1, 64, 512],
    'ml.g6e.12xlarge': [4, 48, 384],
    'ml.g6e.24xlarge': [4, 96, 768],
    'ml.g6e.48xlarge': [8, 192, 1536],
  }),
  ...family('A100', 40, { 'ml.p4d.24xlarge': [8, 96, 1152] }),
  ...family('H100', 80, { 'ml.p5.4xlarge': [1, 16, 256], 'ml.p5.48xlarge': [8, 192, 2048] }),
};

export function gpuInstanceType(instanceType: string): GpuInstanceType | undefined {
  return Object.prototype.hasOwnProperty.call(GPU_INSTANCE_TYPES, instanceType)
    ? GPU_INSTANCE_TYPES[instanceType]
    : undefined;
}

/** Memory of every GPU of the type together. */
export function totalGpuMemoryGib(type: GpuInstanceType): number {
  return type.gpus * type.gpuMemoryGib;
}
