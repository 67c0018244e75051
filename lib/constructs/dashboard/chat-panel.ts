import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { GUARDRAIL_POLICIES, LLM_PROXY_METRICS } from '../../../contract/llm-proxy';
import { ChatProxy } from '../genai/chat-proxy';
import { GuardrailSource } from '../genai/chat-proxy-metrics';
import { ModelPanel } from './model-dashboard';
import { PERIOD } from './panel-kit';

export interface ChatPanelOptions {
  /** Title of the row. @default `<model>: chat` */
  readonly name?: string;
  /** The intervention rate the alarm fires above, drawn as a line. @default no line */
  readonly maxInterventionRatePercent?: number;
  /** The chat proxy's alarms, shown with their state. @default none */
  readonly alarms?: readonly cloudwatch.IAlarm[];
}

const SOURCES: readonly GuardrailSource[] = ['INPUT', 'OUTPUT'];

/**
 * The dashboard row of a model's chat proxy: requests, upstream failures and guardrail interventions by policy
 * and source, time to first token and guardrail latency, tokens per second, and the share of requests the
 * guardrail blocks against its alarm line. Everything comes from the proxy's own metrics (contract/llm-proxy.ts).
 */
export function chatProxyPanel(
  proxy: ChatProxy,
  modelName: string,
  options: ChatPanelOptions = {},
): ModelPanel {
  const m = proxy.metrics;
  const count = (metricName: Parameters<typeof m.metric>[0], label: string, color?: string) =>
    m.metric(metricName, { period: PERIOD, label, color });
  const percentile = (metricName: Parameters<typeof m.metric>[0], p: string, label: string) =>
    m.metric(metricName, { period: PERIOD, statistic: p, label });
  const interventions = proxy.guardrail
    ? GUARDRAIL_POLICIES.flatMap((policy) =>
        SOURCES.map((source) =>
          m.metricInterventions(policy, source, {
            period: PERIOD,
            label: `${policy} on ${source.toLowerCase()}`,
          }),
        ),
      )
    : [];
  const guardrailNote = proxy.guardrail ? 'guardrail on prompts and streamed answers' : 'no guardrail';
  return {
    name: options.name ?? `${modelName}: chat`,
    target: 'chat proxy',
    summary: `OpenAI-compatible chat completions over a streaming Function URL (IAM auth), ${guardrailNote}; metrics in \`${m.namespace}\``,
    traffic: {
      left: [
        count(LLM_PROXY_METRICS.requests, 'ChatRequests'),
        count(LLM_PROXY_METRICS.invalidRequests, 'InvalidRequests (4xx)', cloudwatch.Color.ORANGE),
      ],
      right: [count(LLM_PROXY_METRICS.outputTokens, 'OutputTokens')],
      leftYAxis: { label: 'requests / min', showUnits: false },
      rightYAxis: { label: 'tokens / min', showUnits: false },
    },
    errors: {
      left: [
        count(LLM_PROXY_METRICS.upstreamErrors, 'UpstreamErrors', cloudwatch.Color.RED),
        count(LLM_PROXY_METRICS.upstreamTimeouts, 'UpstreamTimeouts', cloudwatch.Color.PURPLE),
        ...(proxy.guardrail
          ? [count(LLM_PROXY_METRICS.guardrailBlocked, 'GuardrailBlocked', cloudwatch.Color.BROWN)]
          : []),
      ],
      right: interventions.length > 0 ? interventions : undefined,
      leftYAxis: { label: 'requests / min', showUnits: false },
      rightYAxis: { label: 'interventions / min', showUnits: false },
    },
    latencyMs: {
      left: [
        percentile(LLM_PROXY_METRICS.timeToFirstToken, 'p50', 'TimeToFirstToken p50'),
        percentile(LLM_PROXY_METRICS.timeToFirstToken, 'p99', 'TimeToFirstToken p99'),
        ...(proxy.guardrail
          ? [percentile(LLM_PROXY_METRICS.guardrailLatency, 'p99', 'GuardrailLatency p99 (per call)')]
          : []),
      ],
      leftYAxis: { label: 'ms', showUnits: false },
    },
    capacity: {
      left: [
        percentile(LLM_PROXY_METRICS.tokensPerSecond, 'p50', 'TokensPerSecond p50'),
        percentile(LLM_PROXY_METRICS.tokensPerSecond, 'p10', 'TokensPerSecond p10 (slowest answers)'),
      ],
      leftYAxis: { label: 'tokens / s', showUnits: false },
    },
    utilization: proxy.guardrail
      ? {
          left: [m.interventionRatePercent(PERIOD, 1, 'blocked by the guardrail (%)')],
          limits:
            options.maxInterventionRatePercent === undefined
              ? undefined
              : [{ value: options.maxInterventionRatePercent, label: 'alarm', color: cloudwatch.Color.RED }],
          leftYAxis: { label: '% of requests', showUnits: false, max: 100 },
        }
      : undefined,
    alarms: options.alarms,
  };
}
