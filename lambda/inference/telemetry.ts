import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { INFERENCE_ENV, POWERTOOLS_ENV } from '../../contract/environment';
import { DEFAULT_METRICS_NAMESPACE } from '../../contract/metrics';

export interface Telemetry {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * Create the logger and metrics once per execution environment; the service name is the model name. The namespace
 * is METRICS_NAMESPACE, else Powertools' own variable, else {@link DEFAULT_METRICS_NAMESPACE}.
 */
export function createTelemetry(env: NodeJS.ProcessEnv = process.env): Telemetry {
  const serviceName =
    nonEmpty(env[INFERENCE_ENV.modelName]) ?? nonEmpty(env[POWERTOOLS_ENV.serviceName]) ?? 'inference';
  const namespace =
    nonEmpty(env[INFERENCE_ENV.metricsNamespace]) ??
    nonEmpty(env[POWERTOOLS_ENV.metricsNamespace]) ??
    DEFAULT_METRICS_NAMESPACE;
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace, serviceName }),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
