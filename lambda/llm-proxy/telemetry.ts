import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { POWERTOOLS_ENV } from '../../contract/environment';
import { DEFAULT_LLM_PROXY_NAMESPACE, LLM_PROXY_ENV } from '../../contract/llm-proxy';

export interface Telemetry {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/**
 * Logger and metrics, created once per execution environment; the service is the model name. The namespace is
 * METRICS_NAMESPACE, else Powertools' own variable, else {@link DEFAULT_LLM_PROXY_NAMESPACE}.
 */
export function createProxyTelemetry(env: NodeJS.ProcessEnv = process.env): Telemetry {
  const serviceName =
    nonEmpty(env[LLM_PROXY_ENV.modelName]) ?? nonEmpty(env[POWERTOOLS_ENV.serviceName]) ?? 'llm-proxy';
  const namespace =
    nonEmpty(env[LLM_PROXY_ENV.metricsNamespace]) ??
    nonEmpty(env[POWERTOOLS_ENV.metricsNamespace]) ??
    DEFAULT_LLM_PROXY_NAMESPACE;
  return { logger: new Logger({ serviceName }), metrics: new Metrics({ namespace, serviceName }) };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
