import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ResolvedModel } from '../config';
import { EndpointVariantMetrics } from '../constructs/sagemaker/endpoint-metrics';
import { gpuInstanceType } from '../constructs/sagemaker/gpu-instance-types';
import { lmiEnvironment, tgiEnvironment } from '../constructs/sagemaker/llm-container';
import { LlmMetrics } from '../constructs/sagemaker/llm-metrics';
import { LlmRollbackAlarms } from '../constructs/sagemaker/llm-rollback-alarms';

/**
 * A model served by the LMI or TGI image with `sagemaker.llm`: the container environment its settings give (the
 * config's own `sagemaker.environment` wins key by key), and the LLM rollback alarms the endpoint also watches.
 */
export function llmContainerEnvironment(model: ResolvedModel): Record<string, string> {
  const { image, llm, environment } = model.sagemaker;
  if (!llm) return { ...environment };
  const settings = {
    modelId: llm.modelId,
    tensorParallelDegree: llm.tensorParallelDegree,
    maxModelLength: llm.maxModelLength,
    maxConcurrentRequests: llm.maxConcurrentRequests,
  };
  const generated = image.tgi
    ? tgiEnvironment(settings)
    : image.lmi
      ? lmiEnvironment({
          ...settings,
          backend: llm.backend,
          modelLoadingTimeout:
            llm.modelLoadingTimeoutSeconds === undefined
              ? undefined
              : Duration.seconds(llm.modelLoadingTimeoutSeconds),
        })
      : {};
  return { ...generated, ...environment };
}

/** The LLM rollback alarms of an instance endpoint on a known GPU type; none for other models. */
export function addLlmRollbackAlarms(
  scope: Construct,
  model: ResolvedModel,
  endpointName: string,
): LlmRollbackAlarms | undefined {
  const { llm, instanceType, variant } = model.sagemaker;
  const gpu = gpuInstanceType(instanceType);
  if (!llm || variant !== 'instance' || !gpu || model.rollout.autoRollback === false) return undefined;
  const metrics = new LlmMetrics(
    // The chat proxy answers under the model's name (its MODEL_NAME), which Powertools writes as `service`.
    { serviceName: model.name },
    new EndpointVariantMetrics(endpointName, 'AllTraffic'),
    gpu.gpus,
  );
  return new LlmRollbackAlarms(scope, 'LlmRollbackAlarms', { endpointName, metrics, ...llm.alarms });
}
