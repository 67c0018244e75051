import { Duration } from 'aws-cdk-lib';

/** Where SageMaker puts the model data in the container; the LLM images load weights from there. */
export const SAGEMAKER_MODEL_DIR = '/opt/ml/model';

/** What a large-language-model serving container needs to know, whichever image runs it. */
export interface LlmContainerSettings {
  /**
   * Hugging Face Hub model the container downloads at startup.
   * @default none: the weights are the model data (an S3 prefix of uncompressed files) in /opt/ml/model
   */
  readonly modelId?: string;
  /** GPUs one model copy is sharded over; at most the instance type's GPUs. @default 1 */
  readonly tensorParallelDegree?: number;
  /** Longest sequence, prompt and answer tokens together. @default the container's choice from the model */
  readonly maxModelLength?: number;
  /** Requests the container works on at once. @default the container's (256 for LMI, 128 for TGI) */
  readonly maxConcurrentRequests?: number;
}

export interface LmiContainerSettings extends LlmContainerSettings {
  /** Inference library (OPTION_ROLLING_BATCH). @default 'vllm' */
  readonly backend?: 'vllm' | 'lmi-dist';
  /** How long LMI waits for the model to load (OPTION_MODEL_LOADING_TIMEOUT). @default LMI's 1800 seconds */
  readonly modelLoadingTimeout?: Duration;
}

const defined = (entries: Record<string, string | number | undefined>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(entries).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])),
  );

/**
 * The environment of the Large Model Inference container. Every `option.<key>` of LMI reads from `OPTION_<KEY>`, and
 * `HF_MODEL_ID` names the model; without it LMI loads the artifacts SageMaker put in /opt/ml/model ("Container and Model
 * Configurations", LMI deployment guide,
 * https://github.com/deepjavalibrary/djl-serving/blob/master/serving/docs/lmi/deployment_guide/configurations.md).
 */
export function lmiEnvironment(settings: LmiContainerSettings): Record<string, string> {
  return defined({
    HF_MODEL_ID: settings.modelId,
    OPTION_ROLLING_BATCH: settings.backend ?? 'vllm',
    OPTION_TENSOR_PARALLEL_DEGREE: settings.tensorParallelDegree ?? 1,
    OPTION_MAX_MODEL_LEN: settings.maxModelLength,
    OPTION_MAX_ROLLING_BATCH_SIZE: settings.maxConcurrentRequests,
    OPTION_MODEL_LOADING_TIMEOUT: settings.modelLoadingTimeout?.toSeconds(),
  });
}

/**
 * The environment of the Hugging Face TGI container. Its SageMaker entrypoint requires `HF_MODEL_ID` (a Hub id or a
 * local folder) and turns `SM_NUM_GPUS` into the shard count (`sagemaker-entrypoint.sh`,
 * https://github.com/huggingface/text-generation-inference); the launcher reads MAX_TOTAL_TOKENS, MAX_INPUT_TOKENS
 * and MAX_CONCURRENT_REQUESTS ("Text-generation-launcher arguments",
 * https://huggingface.co/docs/text-generation-inference/reference/launcher). TGI refuses a prompt limit that is not
 * below the total, so the prompt may take every token of the sequence but one.
 */
export function tgiEnvironment(settings: LlmContainerSettings): Record<string, string> {
  const total = settings.maxModelLength;
  return defined({
    HF_MODEL_ID: settings.modelId ?? SAGEMAKER_MODEL_DIR,
    SM_NUM_GPUS: settings.tensorParallelDegree ?? 1,
    MAX_TOTAL_TOKENS: total,
    MAX_INPUT_TOKENS: total === undefined ? undefined : total - 1,
    MAX_CONCURRENT_REQUESTS: settings.maxConcurrentRequests,
  });
}
