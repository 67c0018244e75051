import { gpuInstanceType, totalGpuMemoryGib } from '../constructs/sagemaker/gpu-instance-types';
import { isInstanceVariant, num, Rule, RuleContext, RuleViolation, section, Settings } from './rule-kit';

/**
 * Rules of models served by the LLM images (`sagemaker.image.lmi` or `.tgi` with `sagemaker.llm`): the instance has
 * GPUs enough for the tensor parallel degree and memory enough for the weights, and SageMaker waits long enough for
 * large weights to download and load. Each breaks at the YAML line that has to change.
 */

/**
 * A planning figure, not an AWS one: 100 MB/s per instance for a download from S3 (or the Hugging Face Hub), and the
 * same again for reading the weights into GPU memory. Real rates are often higher; a timeout below this estimate
 * risks a deployment that fails (and rolls back) after its fleet has started.
 */
export const ASSUMED_WEIGHTS_MB_PER_SECOND = 100;
/** Below this many GiB of weights SageMaker's own timeouts are left alone. */
export const LARGE_WEIGHTS_GB = 10;

/** Seconds to move weights of `sizeGb` once at the assumed rate, within the 60–3600 SageMaker accepts. */
export function weightsSeconds(sizeGb: number): number {
  return Math.min(3600, Math.max(60, Math.ceil((sizeGb * 1024) / ASSUMED_WEIGHTS_MB_PER_SECOND)));
}

const llmOf = (s: Settings) => section(section(s, 'sagemaker'), 'llm');
const llmImage = (s: Settings): 'lmi' | 'tgi' | undefined => {
  const image = section(section(s, 'sagemaker'), 'image');
  return image.lmi !== undefined ? 'lmi' : image.tgi !== undefined ? 'tgi' : undefined;
};
const hasLlm = (s: Settings) => section(s, 'sagemaker').llm !== undefined;
const gpuTypeOf = (s: Settings) => {
  const type = section(s, 'sagemaker').instanceType;
  return typeof type === 'string' ? { name: type, facts: gpuInstanceType(type) } : undefined;
};

const RULES: readonly Rule[] = [
  function llmSettingsNeedAnLlmImage(s) {
    if (!hasLlm(s) || llmImage(s) !== undefined || section(section(s, 'sagemaker'), 'image').ecrUri)
      return undefined;
    return {
      field: ['sagemaker', 'llm'],
      message:
        'is read by the LLM images: set sagemaker.image.lmi or sagemaker.image.tgi (or ecrUri for your own copy)',
      related: [['sagemaker', 'image']],
    };
  },
  function llmImagesRunOnGpuInstances(s, c) {
    const image = llmImage(s);
    if (image === undefined) return undefined;
    if (!isInstanceVariant(s, c)) {
      return {
        field: ['sagemaker', 'variant'],
        message: `serverless endpoints have no GPU, which the ${image} image needs: use variant instance`,
        related: [['sagemaker', 'image', image]],
      };
    }
    const type = gpuTypeOf(s);
    if (type === undefined || type.facts !== undefined) return undefined;
    return {
      field: ['sagemaker', 'instanceType'],
      message: `${type.name} is not a GPU type of the g5, g6, g6e, p4d or p5 families, which the ${image} image needs (lib/constructs/sagemaker/gpu-instance-types.ts)`,
      related: [['sagemaker', 'image', image]],
    };
  },
  function tensorParallelDegreeFitsTheGpus(s) {
    const degree = num(llmOf(s).tensorParallelDegree);
    const type = gpuTypeOf(s);
    if (degree === undefined || type?.facts === undefined || degree <= type.facts.gpus) return undefined;
    return {
      field: ['sagemaker', 'llm', 'tensorParallelDegree'],
      message: `${degree} must be <= ${type.facts.gpus}, the GPUs of ${type.name}`,
      related: [['sagemaker', 'instanceType']],
    };
  },
  function weightsFitTheGpuMemory(s) {
    const llm = llmOf(s);
    const size = num(llm.weightsSizeGb);
    const type = gpuTypeOf(s);
    if (size === undefined || type?.facts === undefined) return undefined;
    const degree = Math.min(num(llm.tensorParallelDegree) ?? 1, type.facts.gpus);
    const memory = degree * type.facts.gpuMemoryGib;
    if (size < memory) return undefined;
    const room =
      degree < type.facts.gpus
        ? `raise tensorParallelDegree (up to ${type.facts.gpus}, ${totalGpuMemoryGib(type.facts)} GiB) or choose a larger type`
        : 'choose a type with more GPU memory, or quantized weights';
    return {
      field: ['sagemaker', 'llm', 'weightsSizeGb'],
      message: `${size} GiB of weights do not fit the ${memory} GiB of GPU memory of ${degree} ${type.facts.gpuModel} GPU(s) of ${type.name}, which also needs room for the KV cache: ${room}`,
      related: [
        ['sagemaker', 'instanceType'],
        ['sagemaker', 'llm', 'tensorParallelDegree'],
      ],
    };
  },
  function largeWeightsHaveADownloadTimeout(s) {
    const llm = llmOf(s);
    const size = num(llm.weightsSizeGb);
    // Weights from the Hub download inside the container, during the startup health check.
    if (size === undefined || size < LARGE_WEIGHTS_GB || llm.modelId !== undefined) return undefined;
    return timeoutViolation(
      s,
      'modelDataDownloadTimeoutSeconds',
      weightsSeconds(size),
      size,
      'download from S3',
    );
  },
  function largeWeightsHaveAStartupTimeout(s) {
    const llm = llmOf(s);
    const size = num(llm.weightsSizeGb);
    if (size === undefined || size < LARGE_WEIGHTS_GB) return undefined;
    const fromHub = llm.modelId !== undefined;
    const needed = Math.min(3600, weightsSeconds(size) * (fromHub ? 2 : 1));
    return timeoutViolation(
      s,
      'containerStartupHealthCheckTimeoutSeconds',
      needed,
      size,
      fromHub ? 'download from the Hub and load into GPU memory' : 'load into GPU memory',
    );
  },
  function startupWaitsForLmiModelLoading(s) {
    const loading = num(llmOf(s).modelLoadingTimeoutSeconds);
    const startup = num(section(s, 'sagemaker').containerStartupHealthCheckTimeoutSeconds);
    if (loading === undefined || (startup !== undefined && startup >= loading)) return undefined;
    // "option.model_loading_timeout ... On SageMaker, if you set this value, you should also set
    // container_startup_health_check_timeout=<at least model loading timeout>" (LMI configurations guide,
    // https://github.com/deepjavalibrary/djl-serving/blob/master/serving/docs/lmi/deployment_guide/configurations.md).
    return {
      field: ['sagemaker', 'containerStartupHealthCheckTimeoutSeconds'],
      message: `${startup ?? 'unset'} must be >= sagemaker.llm.modelLoadingTimeoutSeconds (${loading}): SageMaker stops waiting for /ping before LMI stops loading`,
      related: [['sagemaker', 'llm', 'modelLoadingTimeoutSeconds']],
    };
  },
];

function timeoutViolation(
  s: Settings,
  field: 'modelDataDownloadTimeoutSeconds' | 'containerStartupHealthCheckTimeoutSeconds',
  needed: number,
  sizeGb: number,
  what: string,
): RuleViolation | undefined {
  const value = num(section(s, 'sagemaker')[field]);
  if (value !== undefined && value >= needed) return undefined;
  const estimate = `${sizeGb} GiB of weights take about ${needed} s to ${what} at ${ASSUMED_WEIGHTS_MB_PER_SECOND} MB/s`;
  // Unset, the line to blame is the weights size that made SageMaker's own default too short.
  return value === undefined
    ? {
        field: ['sagemaker', 'llm', 'weightsSizeGb'],
        message: `${sizeGb} needs sagemaker.${field} of at least ${needed}: ${estimate} (SageMaker accepts 60–3600)`,
      }
    : {
        field: ['sagemaker', field],
        message: `${value} must be >= ${needed}: ${estimate} (SageMaker accepts 60–3600)`,
        related: [['sagemaker', 'llm', 'weightsSizeGb']],
      };
}

export function checkLlmRules(settings: Settings, context: RuleContext): RuleViolation[] {
  if (context.target !== 'sagemaker') return [];
  return RULES.flatMap((rule) => rule(settings, context) ?? []);
}
