import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { LLM_PROXY_METRICS } from '../../../contract/llm-proxy';
import { AlarmSpec } from '../alarms/alarm-factory';
import { AlarmPack, AlarmPackOptions } from '../alarms/alarm-pack';
import { AlarmSeverity } from '../alarms/catalog';
import { PropProblem, throwOnProblems } from '../errors/validation';
import { ChatProxy } from './chat-proxy';
import { LlmProxyMetricName } from './chat-proxy-metrics';

/** Thresholds of the chat proxy's alarms; units in the names. */
export interface ChatProxyAlarmThresholds {
  /** Alarm when more requests than this fail upstream in a minute, in 2 of 3 minutes. @default 0 */
  readonly maxUpstreamErrorsPerMinute?: number;
  /** Alarm when more requests than this time out upstream in a minute, in 2 of 3 minutes. @default 0 */
  readonly maxUpstreamTimeoutsPerMinute?: number;
  /**
   * Alarm when the guardrail blocks more than this percentage of requests over three 5-minute periods in a row
   * (periods with fewer than 10 requests count as 0 %). Only with a guardrail. @default 10
   */
  readonly maxInterventionRatePercent?: number;
}

export interface ChatProxyAlarmPackProps extends AlarmPackOptions {
  readonly thresholds?: ChatProxyAlarmThresholds;
  /**
   * Severity of every alarm of the pack. Critical alarms roll up into the model's health alarm, which pages
   * the model's alarm topic. @default 'critical'
   */
  readonly severity?: AlarmSeverity;
}

/** The rate alarm ignores quiet periods: below this many requests in 5 minutes, one refusal is no trend. */
export const MIN_REQUESTS_FOR_RATE = 10;
const RATE_PERIOD = Duration.minutes(5);

/**
 * The alarms of a chat proxy: upstream errors and timeouts (the endpoint fails or stalls behind the proxy), and,
 * with a guardrail, the share of requests it blocks (GuardrailBlocked / ChatRequests): a jump means abuse, a
 * model that answers badly, or a policy that is too strict.
 */
export class ChatProxyAlarmPack extends AlarmPack {
  constructor(scope: Construct, id: string, proxy: ChatProxy, props: ChatProxyAlarmPackProps = {}) {
    super(scope, id, props);
    const thresholds = {
      maxUpstreamErrorsPerMinute: props.thresholds?.maxUpstreamErrorsPerMinute ?? 0,
      maxUpstreamTimeoutsPerMinute: props.thresholds?.maxUpstreamTimeoutsPerMinute ?? 0,
      maxInterventionRatePercent: props.thresholds?.maxInterventionRatePercent ?? 10,
    };
    throwOnProblems('ChatProxyAlarmPack', this, chatAlarmProblems(thresholds));
    const severity = props.severity ?? 'critical';
    const perMinute = (metricName: LlmProxyMetricName) => ({
      metric: proxy.metrics.metric(metricName),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      // No requests, no failures: a quiet proxy is healthy.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const specs: AlarmSpec[] = [
      {
        id: 'UpstreamErrors',
        nameSuffix: 'chat-upstream-errors',
        severity,
        ...perMinute(LLM_PROXY_METRICS.upstreamErrors),
        threshold: thresholds.maxUpstreamErrorsPerMinute,
        meaning: 'Chat requests fail at the SageMaker endpoint or in the proxy.',
        runbook:
          'read the proxy log group for the upstream error, then the endpoint’s Invocation5XXErrors and container logs.',
      },
      {
        id: 'UpstreamTimeouts',
        nameSuffix: 'chat-upstream-timeouts',
        severity,
        ...perMinute(LLM_PROXY_METRICS.upstreamTimeouts),
        threshold: thresholds.maxUpstreamTimeoutsPerMinute,
        meaning: 'The SageMaker endpoint gives no token within the proxy’s upstream timeout.',
        runbook:
          'check the endpoint’s ModelLatency and GPU utilization; scale out or raise the timeout if the model is just slow.',
      },
    ];
    if (proxy.guardrail) {
      specs.push({
        id: 'GuardrailInterventionRate',
        nameSuffix: 'chat-guardrail-rate',
        severity,
        metric: proxy.metrics.interventionRatePercent(RATE_PERIOD, MIN_REQUESTS_FOR_RATE),
        threshold: thresholds.maxInterventionRatePercent,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        meaning: `The guardrail blocks more than ${thresholds.maxInterventionRatePercent} % of chat requests.`,
        runbook:
          'see which policy and source intervene on the dashboard (GuardrailInterventions); abuse shows on INPUT, a bad model version on OUTPUT.',
      });
    }
    this.addSpecs(specs);
  }
}

function chatAlarmProblems(thresholds: Required<ChatProxyAlarmThresholds>): PropProblem[] {
  const problems: PropProblem[] = [];
  for (const field of ['maxUpstreamErrorsPerMinute', 'maxUpstreamTimeoutsPerMinute'] as const) {
    if (!(thresholds[field] >= 0)) {
      problems.push({
        field: `thresholds.${field}`,
        value: String(thresholds[field]),
        message: 'must be ≥ 0',
      });
    }
  }
  const rate = thresholds.maxInterventionRatePercent;
  if (!(rate >= 0 && rate < 100)) {
    problems.push({
      field: 'thresholds.maxInterventionRatePercent',
      value: String(rate),
      message: 'must be at least 0 and below 100 (a rate above 100 % can never be breached)',
    });
  }
  return problems;
}
