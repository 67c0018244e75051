import { z } from 'zod';

/**
 * `sagemaker.llm`: the settings the large-language-model serving containers read (image `lmi` or `tgi`), the size of
 * the weights the rules check against the GPU memory, and the thresholds of the LLM rollback alarms.
 */

// Hugging Face Hub repository ids are `<owner>/<name>` of letters, digits, `-`, `_` and `.`.
const HUB_MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

const llmAlarmsSchema = z
  .strictObject({
    maxTimeToFirstTokenMs: z
      .number()
      .positive()
      .describe(
        'p90 time to first token (the chat proxy’s TimeToFirstToken) above which a deployment rolls back. Default 2000.',
      ),
    minTokensPerSecond: z
      .number()
      .positive()
      .describe(
        'p10 answer tokens per second (the chat proxy’s TokensPerSecond) below which a deployment rolls back. Default 10.',
      ),
    maxGpuMemoryPercent: z
      .number()
      .min(1)
      .max(100)
      .describe(
        'GPU memory in use, percent of all the instance’s GPUs, above which a deployment rolls back. Default 95.',
      ),
  })
  .partial()
  .describe('Rollback alarms on LLM signals, beside the 5XX rate and p99 latency ones.');

export const llmSchema = z
  .strictObject({
    modelId: z
      .string()
      .regex(HUB_MODEL_ID, { error: 'must be a Hugging Face Hub id like Qwen/Qwen2.5-1.5B-Instruct' })
      .describe(
        'Hugging Face Hub model the container downloads when it starts; absent: the weights are the artifact (an S3 prefix of uncompressed files).',
      ),
    weightsSizeGb: z
      .number()
      .positive()
      .describe(
        'Size of the weights in GiB; the rules check it against the GPU memory and the download and startup timeouts.',
      ),
    tensorParallelDegree: z
      .int()
      .min(1)
      .describe('GPUs one model copy is sharded over; at most the GPUs of the instance type. Default 1.'),
    maxModelLength: z
      .int()
      .min(16)
      .describe('Longest sequence (prompt and answer tokens) the container accepts and reserves cache for.'),
    maxConcurrentRequests: z
      .int()
      .min(1)
      .describe(
        'Requests the container works on at once: LMI’s OPTION_MAX_ROLLING_BATCH_SIZE, TGI’s MAX_CONCURRENT_REQUESTS.',
      ),
    backend: z
      .enum(['vllm', 'lmi-dist'])
      .describe('Inference library of the LMI container (OPTION_ROLLING_BATCH). Default vllm.'),
    modelLoadingTimeoutSeconds: z
      .int()
      .min(60)
      .max(3600)
      .describe(
        'How long LMI waits for the model to load (OPTION_MODEL_LOADING_TIMEOUT); the startup health check must wait at least as long.',
      ),
    alarms: llmAlarmsSchema,
  })
  .partial()
  .describe(
    'A large language model served by the LMI or TGI image (sagemaker.image.lmi or .tgi): container settings, weights size and LLM rollback alarms.',
  )
  .meta({ id: 'LlmSettings' });

export type LlmSettings = z.infer<typeof llmSchema>;
