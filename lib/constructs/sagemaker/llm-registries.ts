/**
 * Where AWS publishes the large-language-model serving images for SageMaker: the ECR registry account per region,
 * the repository and the tag per release. Source: the SageMaker Python SDK's tables
 * `src/sagemaker/image_uri_config/djl-lmi.json` (framework `djl-lmi`: the Large Model Inference container, DJL
 * Serving with the vLLM and lmi-dist backends) and `src/sagemaker/image_uri_config/huggingface-llm.json` (framework
 * `huggingface-llm`: Hugging Face Text Generation Inference), https://github.com/aws/sagemaker-python-sdk. The SDK
 * builds a tag as `<tag_prefix>[-<processor>-<py_version>-<container_version>]` (`image_uris.retrieve`).
 */

/** LMI releases (DJL Serving version) → image tag. */
export const LMI_TAGS = {
  '0.28.0': '0.28.0-lmi10.0.0-cu124',
  '0.29.0': '0.29.0-lmi11.0.0-cu124',
  '0.30.0': '0.30.0-lmi12.0.0-cu124',
} as const;
export type LmiVersion = keyof typeof LMI_TAGS;
export const LMI_VERSIONS = Object.keys(LMI_TAGS) as LmiVersion[];
export const LMI_REPOSITORY = 'djl-inference';

/** TGI releases → image tag (`<tag_prefix>-gpu-py310-<container_version>`). */
export const TGI_TAGS = {
  '1.4.5': '2.1.1-tgi1.4.5-gpu-py310-cu121-ubuntu22.04',
  '2.0.0': '2.1.1-tgi2.0.0-gpu-py310-cu121-ubuntu22.04',
  '2.0.1': '2.1.1-tgi2.0.1-gpu-py310-cu121-ubuntu22.04',
  '2.0.2': '2.3.0-tgi2.0.2-gpu-py310-cu121-ubuntu22.04',
} as const;
export type TgiVersion = keyof typeof TGI_TAGS;
export const TGI_VERSIONS = Object.keys(TGI_TAGS) as TgiVersion[];
export const TGI_REPOSITORY = 'huggingface-pytorch-tgi-inference';

/** The Deep Learning Containers accounts both tables share for these releases. */
const DLC_ACCOUNTS = {
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
  'me-central-1': '914824155844',
  'me-south-1': '217643126080',
  'sa-east-1': '763104351884',
  'us-east-1': '763104351884',
  'us-east-2': '763104351884',
  'us-gov-east-1': '446045086412',
  'us-gov-west-1': '442386744353',
  'us-west-1': '763104351884',
  'us-west-2': '763104351884',
} as const;

/** `djl-lmi.json` registries (0.28.0–0.30.0). */
export const LMI_REGISTRY_ACCOUNTS: Readonly<Record<string, string>> = DLC_ACCOUNTS;

/** `huggingface-llm.json` registries (1.4.5–2.0.2): the LMI regions and four more. */
export const TGI_REGISTRY_ACCOUNTS: Readonly<Record<string, string>> = {
  ...DLC_ACCOUNTS,
  'ap-south-2': '772153158452',
  'ap-southeast-4': '457447274322',
  'eu-central-2': '380420809688',
  'eu-south-2': '503227376785',
};

/**
 * Both images bundle CUDA and a GPU serving stack and need a GPU instance; serverless endpoints have no GPU
 * ("Deploy models with Amazon SageMaker Serverless Inference", unsupported features: GPUs,
 * https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints.html).
 */
export const LLM_IMAGES_FIT_SERVERLESS = false;
