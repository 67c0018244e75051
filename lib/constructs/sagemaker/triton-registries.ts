/**
 * Where AWS publishes the NVIDIA Triton Inference Server images for SageMaker: the ECR registry
 * account per region (the same for every release listed here), the repository and the tag per
 * version. Source: the SageMaker Python SDK's `image_uri_config/sagemaker-tritonserver.json`.
 */
export const TRITON_REPOSITORY = 'sagemaker-tritonserver';

export const TRITON_VERSIONS = ['23.12', '24.01', '24.03', '24.05', '24.09'] as const;
export type TritonVersion = (typeof TRITON_VERSIONS)[number];

export const TRITON_REGISTRY_ACCOUNTS: Readonly<Record<string, string>> = {
  'af-south-1': '626614931356',
  'ap-east-1': '871362719292',
  'ap-northeast-1': '763104351884',
  'ap-northeast-2': '763104351884',
  'ap-northeast-3': '364406365360',
  'ap-south-1': '763104351884',
  'ap-southeast-1': '763104351884',
  'ap-southeast-2': '763104351884',
  'ap-southeast-3': '907027046896',
  'ca-central-1': '763104351884',
  'ca-west-1': '204538143572',
  'cn-north-1': '727897471807',
  'cn-northwest-1': '727897471807',
  'eu-central-1': '763104351884',
  'eu-north-1': '763104351884',
  'eu-south-1': '692866216735',
  'eu-west-1': '763104351884',
  'eu-west-2': '763104351884',
  'eu-west-3': '763104351884',
  'il-central-1': '780543022126',
  'me-south-1': '217643126080',
  'sa-east-1': '763104351884',
  'us-east-1': '763104351884',
  'us-east-2': '763104351884',
  'us-west-1': '763104351884',
  'us-west-2': '763104351884',
};

/**
 * Triton images bundle every backend and CUDA; they are larger than the 10 GB image limit of
 * serverless endpoints, which SageMaker enforces when the endpoint is created ("Deploy models with Amazon
 * SageMaker Serverless Inference", https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints.html).
 */
export const TRITON_FITS_SERVERLESS = false;
