import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmSpec, createAlarm } from '../alarms/alarm-factory';
import { LlmMetrics } from './llm-metrics';

/** Thresholds of the LLM rollback alarms; units in the names. */
export interface LlmRollbackThresholds {
  /** p90 time to first token above which a deployment rolls back. @default 2000 */
  readonly maxTimeToFirstTokenMs?: number;
  /** p10 answer tokens per second below which a deployment rolls back. @default 10 */
  readonly minTokensPerSecond?: number;
  /** GPU memory in use, percent of all GPUs, above which a deployment rolls back. @default 95 */
  readonly maxGpuMemoryPercent?: number;
}

export interface LlmRollbackAlarmsProps extends LlmRollbackThresholds {
  /** Prefix of the alarm names: the endpoint name, so the endpoint can name them before they exist. */
  readonly endpointName: string;
  readonly metrics: LlmMetrics;
}

export const LLM_ROLLBACK_DEFAULTS = {
  maxTimeToFirstTokenMs: 2000,
  minTokensPerSecond: 10,
  maxGpuMemoryPercent: 95,
} as const;

/** Rollbacks react within minutes: 2 of the last 3 one-minute periods, like the 5XX and latency rollback alarms. */
const FAST = { evaluationPeriods: 3, datapointsToAlarm: 2 } as const;

/**
 * Specs of the alarms a blue/green deployment of an LLM endpoint also watches. No traffic means no data, and no data
 * never rolls back (the proxy writes nothing while nobody chats). The proxy's metrics cover the whole endpoint, old and
 * new fleet together: during a canary they move as the new fleet takes its share.
 */
export function llmRollbackSpecs(metrics: LlmMetrics, thresholds: LlmRollbackThresholds = {}): AlarmSpec[] {
  const t = { ...LLM_ROLLBACK_DEFAULTS, ...definedOnly(thresholds) };
  const common = {
    severity: 'critical' as const,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    rollback: true,
    ...FAST,
  };
  return [
    {
      ...common,
      id: 'TimeToFirstToken',
      nameSuffix: 'rollback-ttft-p90',
      metric: metrics.metricTimeToFirstToken(),
      threshold: t.maxTimeToFirstTokenMs,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      meaning: `p90 time to first token is above ${t.maxTimeToFirstTokenMs} ms: users wait for the answer to start.`,
      runbook:
        'compare TimeToFirstToken with ModelLatency and the queue (concurrent requests); a new model or a longer maxModelLength often prefills slower.',
    },
    {
      ...common,
      id: 'TokensPerSecond',
      nameSuffix: 'rollback-tokens-per-second-p10',
      metric: metrics.metricTokensPerSecond(),
      threshold: t.minTokensPerSecond,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      meaning: `p10 answer tokens per second is below ${t.minTokensPerSecond}: answers stream slower than people read.`,
      runbook:
        'check GPU utilization and the batch size (maxConcurrentRequests); a larger model on the same GPUs decodes slower.',
    },
    {
      ...common,
      id: 'GpuMemory',
      nameSuffix: 'rollback-gpu-memory',
      metric: metrics.metricGpuMemoryPercent(),
      threshold: t.maxGpuMemoryPercent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      meaning: `GPU memory is above ${t.maxGpuMemoryPercent} % of all GPUs: the KV cache has no room and requests queue or fail.`,
      runbook:
        'lower maxModelLength or maxConcurrentRequests, raise tensorParallelDegree, or choose a type with more GPU memory.',
    },
  ];
}

/**
 * The LLM rollback alarms with deterministic names (`<endpoint>-rollback-ttft-p90`, `…-tokens-per-second-p10`,
 * `…-gpu-memory`); pass `alarms` to SageMakerEndpoint's `additionalRollbackAlarms`.
 */
export class LlmRollbackAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: LlmRollbackAlarmsProps) {
    super(scope, id);
    this.alarms = llmRollbackSpecs(props.metrics, props).map(
      (spec) => createAlarm(this, spec, props.endpointName).alarm,
    );
  }
}

function definedOnly(thresholds: LlmRollbackThresholds): LlmRollbackThresholds {
  return Object.fromEntries(Object.entries(thresholds).filter(([, value]) => typeof value === 'number'));
}
