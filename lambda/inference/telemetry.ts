import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/** CloudWatch namespace used when neither METRICS_NAMESPACE nor POWERTOOLS_METRICS_NAMESPACE is set. */
export const DEFAULT_METRICS_NAMESPACE = 'MlDeploy/Inference';

/**
 * Metric names emitted in embedded metric format, all with the single dimension `service` = model name.
 * The alarm set and dashboards read these names.
 */
export const METRIC_NAMES = {
  /** Milliseconds from a parsed request to a built answer (validation + model run + encoding). */
  inferenceLatency: 'InferenceLatency',
  /** Count: rows in the request's batch dimension. */
  batchSize: 'BatchSize',
  /** Count: 1 on the first invocation of an on-demand execution environment (emitted by Powertools). */
  coldStart: 'ColdStart',
  /** Milliseconds to fetch, verify and open the model; once per execution environment. */
  modelLoadTime: 'ModelLoadTime',
  /** Count: requests answered with a 4xx status. */
  invalidRequests: 'InvalidRequests',
  /** Count: requests answered with a 5xx status (faults, including a model that cannot load). */
  internalErrors: 'InternalErrors',
} as const;

export interface Telemetry {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Create the logger and metrics once per execution environment; the service name is the model name. */
export function createTelemetry(env: NodeJS.ProcessEnv = process.env): Telemetry {
  const serviceName = nonEmpty(env.MODEL_NAME) ?? nonEmpty(env.POWERTOOLS_SERVICE_NAME) ?? 'inference';
  const namespace =
    nonEmpty(env.METRICS_NAMESPACE) ??
    nonEmpty(env.POWERTOOLS_METRICS_NAMESPACE) ??
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
