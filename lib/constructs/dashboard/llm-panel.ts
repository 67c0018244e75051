import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { LlmMetrics } from '../sagemaker/llm-metrics';
import { LLM_ROLLBACK_DEFAULTS, LlmRollbackThresholds } from '../sagemaker/llm-rollback-alarms';
import { LlmPanelGraphs } from './model-dashboard';
import { PERIOD } from './panel-kit';

/**
 * The LLM row of a model: time to first token (p50 and p90), tokens per second (p10 and p50) and GPU memory, each with
 * its rollback threshold as a red line, so the graph shows how close a deployment came to rolling back.
 */
export function llmPanelGraphs(metrics: LlmMetrics, thresholds: LlmRollbackThresholds = {}): LlmPanelGraphs {
  const t = {
    ...LLM_ROLLBACK_DEFAULTS,
    ...Object.fromEntries(Object.entries(thresholds).filter(([, v]) => v !== undefined)),
  };
  const limit = (value: number, label: string): cloudwatch.HorizontalAnnotation => ({
    value,
    label,
    color: cloudwatch.Color.RED,
  });
  return {
    timeToFirstTokenMs: {
      left: ['p50', 'p90'].map((statistic) =>
        metrics.metricTimeToFirstToken({ statistic, period: PERIOD, label: `TimeToFirstToken ${statistic}` }),
      ),
      limits: [limit(t.maxTimeToFirstTokenMs, `rollback above ${t.maxTimeToFirstTokenMs} ms (p90)`)],
      leftYAxis: { label: 'ms', showUnits: false },
    },
    tokensPerSecond: {
      left: ['p10', 'p50'].map((statistic) =>
        metrics.metricTokensPerSecond({ statistic, period: PERIOD, label: `TokensPerSecond ${statistic}` }),
      ),
      limits: [limit(t.minTokensPerSecond, `rollback below ${t.minTokensPerSecond} (p10)`)],
      leftYAxis: { label: 'tokens / s', showUnits: false },
    },
    gpuMemoryPercent: {
      left: [metrics.metricGpuMemoryPercent()],
      limits: [limit(t.maxGpuMemoryPercent, `rollback above ${t.maxGpuMemoryPercent} %`)],
      leftYAxis: { label: '% of all GPUs', max: 100, showUnits: false },
    },
  };
}
