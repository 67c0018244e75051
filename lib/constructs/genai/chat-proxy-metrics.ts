import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { HANDLER_SERVICE_DIMENSION } from '../../../contract/metrics';
import {
  GUARDRAIL_POLICY_DIMENSION,
  GUARDRAIL_SOURCE_DIMENSION,
  GuardrailPolicy,
  LLM_PROXY_METRICS,
} from '../../../contract/llm-proxy';

export type LlmProxyMetricName = (typeof LLM_PROXY_METRICS)[keyof typeof LLM_PROXY_METRICS];

/** Which text a guardrail intervened on: the prompt or the answer. */
export type GuardrailSource = 'INPUT' | 'OUTPUT';

/**
 * The chat proxy's own metrics (embedded metric format, dimension `service` = the model name, as Powertools
 * for AWS Lambda writes it), by the names contract/llm-proxy.ts gives them.
 */
export class ChatProxyMetrics {
  constructor(
    readonly namespace: string,
    readonly modelName: string,
  ) {}

  /** One of the proxy's metrics. @default Sum over one minute */
  metric(metricName: LlmProxyMetricName, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    const { dimensionsMap, ...options } = props;
    return new cloudwatch.Metric({
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(1),
      ...options,
      namespace: this.namespace,
      metricName,
      dimensionsMap: { [HANDLER_SERVICE_DIMENSION]: this.modelName, ...dimensionsMap },
    });
  }

  /** Interventions of one guardrail policy on prompts (INPUT) or answers (OUTPUT). @default Sum over one minute */
  metricInterventions(
    policy: GuardrailPolicy,
    source: GuardrailSource,
    props: cloudwatch.MetricOptions = {},
  ): cloudwatch.Metric {
    return this.metric(LLM_PROXY_METRICS.guardrailInterventions, {
      ...props,
      dimensionsMap: { [GUARDRAIL_POLICY_DIMENSION]: policy, [GUARDRAIL_SOURCE_DIMENSION]: source },
    });
  }

  /**
   * Percentage of chat requests whose prompt or answer the guardrail blocked. Periods with fewer than
   * `minRequests` requests count as 0 %, so one refused prompt on an idle model is not a 100 % rate.
   */
  interventionRatePercent(period: Duration, minRequests: number, label?: string): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: `IF(requests >= ${minRequests}, 100 * blocked / requests, 0)`,
      usingMetrics: {
        requests: this.metric(LLM_PROXY_METRICS.requests, { period }),
        blocked: this.metric(LLM_PROXY_METRICS.guardrailBlocked, { period }),
      },
      period,
      label: label ?? 'blocked by the guardrail (%)',
    });
  }
}
