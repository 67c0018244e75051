/**
 * The alarm pack as data: every alarm a model gets, its default threshold (in the unit its field name
 * says), its default severity and whether it is on by default. The config schema, the constructs and the
 * documentation all read this table, so a threshold has one default in one place.
 */

/** Critical alarms roll up into the model's health alarm and page; warnings go to the warning topic. */
export type AlarmSeverity = 'critical' | 'warning';

/** Name of the threshold field of an alarm, with its unit: `maxPercent`, `maxMs`, … */
export type ThresholdField =
  'maxPercent' | 'maxMs' | 'maxPerMinute' | 'maxPer5Minutes' | 'minPer15Minutes' | 'minutesAtMax';

export interface AlarmCatalogEntry {
  /** Physical alarm name: `<prefix>-<nameSuffix>`. */
  readonly nameSuffix: string;
  readonly thresholdField: ThresholdField;
  /** Default threshold in the field's unit; undefined where the construct derives it (see `summary`). */
  readonly threshold?: number;
  readonly severity: AlarmSeverity;
  /** Off unless the config or props turn it on. */
  readonly optIn?: boolean;
  /** Watched by deployments: a breach during a rollout rolls it back. Always on, always critical. */
  readonly rollback?: boolean;
  /**
   * Physical name suffix of a rollback alarm where no deployment watches it: on serverless SageMaker
   * endpoints, which get no deployment guardrails, the same alarm only pages.
   */
  readonly serverlessNameSuffix?: string;
  /** What it watches and when it exists, for the config schema and the docs. */
  readonly summary: string;
}

export const SAGEMAKER_ALARMS = {
  serverErrorRate: {
    nameSuffix: 'rollback-5xx-rate',
    serverlessNameSuffix: '5xx-rate',
    thresholdField: 'maxPercent',
    threshold: 1,
    severity: 'critical',
    rollback: true,
    summary: 'Invocation5XXErrors / Invocations, 2 of 3 one-minute periods.',
  },
  latencyP99: {
    nameSuffix: 'rollback-p99-latency',
    serverlessNameSuffix: 'p99-latency',
    thresholdField: 'maxMs',
    threshold: 1000,
    severity: 'critical',
    rollback: true,
    summary: 'p99 ModelLatency (reported in microseconds), 2 of 3 one-minute periods.',
  },
  clientErrorRate: {
    nameSuffix: '4xx-rate',
    thresholdField: 'maxPercent',
    threshold: 5,
    severity: 'warning',
    summary: 'Invocation4XXErrors / Invocations, 3 of 3 five-minute periods.',
  },
  latencyP50: {
    nameSuffix: 'p50-latency',
    thresholdField: 'maxMs',
    threshold: 300,
    severity: 'warning',
    summary: 'p50 ModelLatency, 3 of 3 five-minute periods.',
  },
  overheadLatencyP99: {
    nameSuffix: 'p99-overhead-latency',
    thresholdField: 'maxMs',
    threshold: 100,
    severity: 'warning',
    summary:
      'p99 OverheadLatency (SageMaker’s own time, incl. serverless cold starts), 3 of 3 five-minute periods.',
  },
  cpuUtilization: {
    nameSuffix: 'cpu-utilization',
    thresholdField: 'maxPercent',
    threshold: 80,
    severity: 'warning',
    summary:
      'CPUUtilization divided by the instance type’s vCPUs, 3 of 3 five-minute periods. Instance variants.',
  },
  memoryUtilization: {
    nameSuffix: 'memory-utilization',
    thresholdField: 'maxPercent',
    threshold: 85,
    severity: 'warning',
    summary: 'MemoryUtilization, 3 of 3 five-minute periods.',
  },
  diskUtilization: {
    nameSuffix: 'disk-utilization',
    thresholdField: 'maxPercent',
    threshold: 80,
    severity: 'warning',
    summary: 'DiskUtilization, 3 of 3 five-minute periods. Instance variants.',
  },
  gpuUtilization: {
    nameSuffix: 'gpu-utilization',
    thresholdField: 'maxPercent',
    threshold: 90,
    severity: 'warning',
    summary: 'GPUUtilization divided by the GPUs, 3 of 3 five-minute periods. Instance types with GPUs.',
  },
  gpuMemoryUtilization: {
    nameSuffix: 'gpu-memory-utilization',
    thresholdField: 'maxPercent',
    threshold: 90,
    severity: 'warning',
    summary:
      'GPUMemoryUtilization divided by the GPUs, 3 of 3 five-minute periods. Instance types with GPUs.',
  },
  modelSetupTime: {
    nameSuffix: 'model-setup-time',
    thresholdField: 'maxMs',
    threshold: 60000,
    severity: 'warning',
    summary:
      'Maximum ModelSetupTime (serverless cold start, microseconds), any five-minute period. Serverless variants.',
  },
  noInvocations: {
    nameSuffix: 'no-invocations',
    thresholdField: 'minPer15Minutes',
    threshold: 1,
    severity: 'critical',
    optIn: true,
    summary:
      'Invocations in 15 minutes below the minimum; no data counts as none. For environments that expect traffic.',
  },
  instancesAtMax: {
    nameSuffix: 'instances-at-max',
    thresholdField: 'minutesAtMax',
    threshold: 30,
    severity: 'warning',
    summary:
      'Instances in service (CPUUtilization samples a minute) at the autoscaling maximum for this many minutes. Autoscaled instance variants.',
  },
} as const satisfies Record<string, AlarmCatalogEntry>;

export const LAMBDA_ALARMS = {
  errorRate: {
    nameSuffix: 'rollback-error-rate',
    thresholdField: 'maxPercent',
    threshold: 1,
    severity: 'critical',
    rollback: true,
    summary:
      'Errors / Invocations of the live alias (crashes, timeouts, out of memory), 2 of 3 one-minute periods.',
  },
  durationP99: {
    nameSuffix: 'rollback-p99-duration',
    thresholdField: 'maxMs',
    severity: 'critical',
    rollback: true,
    summary:
      'p99 Duration of the live alias against the timeout (default 80 % of it), 2 of 3 one-minute periods.',
  },
  internalErrors: {
    nameSuffix: 'rollback-internal-errors',
    thresholdField: 'maxPerMinute',
    threshold: 0,
    severity: 'critical',
    rollback: true,
    summary: 'The handler’s InternalErrors (requests answered 5xx), 2 of 3 one-minute periods.',
  },
  throttleRate: {
    nameSuffix: 'throttle-rate',
    thresholdField: 'maxPercent',
    threshold: 1,
    severity: 'critical',
    summary: 'Throttles / (Invocations + Throttles) of the live alias, 3 of 5 one-minute periods.',
  },
  provisionedConcurrencySpillover: {
    nameSuffix: 'pc-spillover',
    thresholdField: 'maxPer5Minutes',
    threshold: 0,
    severity: 'warning',
    summary:
      'ProvisionedConcurrencySpilloverInvocations of the live alias, 3 of 3 five-minute periods. With provisioned concurrency.',
  },
  concurrencyNearReserved: {
    nameSuffix: 'concurrency-near-reserved',
    thresholdField: 'maxPercent',
    threshold: 80,
    severity: 'warning',
    summary:
      'Maximum ConcurrentExecutions of the function as a share of its reserved concurrency, 5 of 5 one-minute periods. With reserved concurrency.',
  },
  invalidRequestRate: {
    nameSuffix: 'invalid-request-rate',
    thresholdField: 'maxPercent',
    threshold: 5,
    severity: 'warning',
    summary: 'The handler’s InvalidRequests (4xx answers) / Invocations, 3 of 3 five-minute periods.',
  },
  modelLoadTime: {
    nameSuffix: 'model-load-time',
    thresholdField: 'maxMs',
    threshold: 10000,
    severity: 'warning',
    summary:
      'Maximum of the handler’s ModelLoadTime (fetch, verify, open; once per cold start), any five-minute period.',
  },
  captureDropped: {
    nameSuffix: 'capture-dropped',
    thresholdField: 'maxPer5Minutes',
    threshold: 0,
    severity: 'warning',
    summary:
      'The handler’s CaptureRecordsDropped (sampled rows not captured: a line over the log event limit, or a record that could not be built), any five-minute period. With capture.',
  },
  captureDeliveryErrors: {
    nameSuffix: 'capture-delivery-errors',
    thresholdField: 'maxPer5Minutes',
    threshold: 0,
    severity: 'warning',
    summary:
      'DeliveryErrors of the capture subscription filter (log events CloudWatch Logs could not put to the Firehose stream), any five-minute period. With capture.',
  },
  captureDataFreshness: {
    nameSuffix: 'capture-data-freshness',
    thresholdField: 'maxMs',
    threshold: 1800000,
    severity: 'warning',
    summary:
      'Maximum DeliveryToS3.DataFreshness of the capture Firehose stream (age of the oldest record not yet in S3), 3 of 3 five-minute periods. With capture.',
  },
} as const satisfies Record<string, AlarmCatalogEntry>;

export type SageMakerAlarmKey = keyof typeof SAGEMAKER_ALARMS;
export type LambdaAlarmKey = keyof typeof LAMBDA_ALARMS;

/**
 * How one alarm of the pack is tuned: its threshold under the catalog's field name, and for alarms that
 * do not gate rollouts, whether it exists and how severe it is.
 */
export type AlarmTuning<E extends AlarmCatalogEntry> = {
  readonly [F in E['thresholdField']]?: number;
} & (E extends { readonly rollback: true }
  ? object
  : { readonly enabled?: boolean; readonly severity?: AlarmSeverity });

/** Per-alarm tuning of a SageMaker endpoint's pack, keyed as in the catalog. */
export type SageMakerAlarmTunings = {
  readonly [K in SageMakerAlarmKey]?: AlarmTuning<(typeof SAGEMAKER_ALARMS)[K]>;
};

/** Per-alarm tuning of a Lambda-served model's pack, keyed as in the catalog. */
export type LambdaAlarmTunings = {
  readonly [K in LambdaAlarmKey]?: AlarmTuning<(typeof LAMBDA_ALARMS)[K]>;
};

/** An alarm's effective settings: the tuning over the catalog defaults. */
export interface ResolvedTuning {
  readonly enabled: boolean;
  readonly severity: AlarmSeverity;
  readonly threshold: number | undefined;
}

export function resolveTuning(entry: AlarmCatalogEntry, tuning: object | undefined): ResolvedTuning {
  const values = (tuning ?? {}) as Record<string, unknown>;
  const threshold = values[entry.thresholdField];
  return {
    enabled: entry.rollback ? true : ((values.enabled as boolean | undefined) ?? !entry.optIn),
    severity: entry.rollback
      ? 'critical'
      : ((values.severity as AlarmSeverity | undefined) ?? entry.severity),
    threshold: typeof threshold === 'number' ? threshold : entry.threshold,
  };
}
