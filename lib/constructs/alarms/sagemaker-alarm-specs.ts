import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { EndpointVariantMetrics, normalisedUtilization } from '../sagemaker/endpoint-metrics';
import { instanceFacts } from '../sagemaker/instance-types';
import { AlarmSpec } from './alarm-factory';
import { asyncAlarmSpecs, AsyncAlarmThresholds } from '../sagemaker/async-alarm-specs';
import { resolveTuning, SAGEMAKER_ALARMS, SageMakerAlarmKey, SageMakerAlarmTunings } from './catalog';

/** What the alarms need to know about the variant they watch. */
export interface SageMakerVariantFacts {
  readonly endpointName: string;
  readonly variantName: string;
  /** A serverless variant reports no CPU, disk or GPU metrics and has no instances. */
  readonly serverless: boolean;
  /** Instance type of an instance variant: its vCPUs and GPUs normalise utilization. */
  readonly instanceType?: string;
  /** Highest instance count autoscaling may reach; no at-maximum alarm without it. */
  readonly maxInstances?: number;
  /**
   * An asynchronous endpoint: it publishes no Invocations, so the traffic alarm is left out, and its backlog age and
   * failed invocations get alarms of their own (async-alarm-specs.ts). @default a real-time endpoint
   */
  readonly asynchronous?: AsyncAlarmThresholds;
}

const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);
const { GREATER_THAN_THRESHOLD, GREATER_THAN_OR_EQUAL_TO_THRESHOLD, LESS_THAN_THRESHOLD } =
  cloudwatch.ComparisonOperator;
const { NOT_BREACHING, BREACHING, IGNORE } = cloudwatch.TreatMissingData;

/** Rollbacks react within minutes: 2 of the last 3 one-minute periods. */
const FAST = { evaluationPeriods: 3, datapointsToAlarm: 2 } as const;
/** Trends: every one of the last 3 five-minute periods. */
const SUSTAINED = { evaluationPeriods: 3, datapointsToAlarm: 3 } as const;

/** The alarms SageMaker watches during a blue/green deployment's baking periods. */
export function sageMakerRollbackSpecs(
  endpointName: string,
  variantName: string,
  tunings: Pick<SageMakerAlarmTunings, 'serverErrorRate' | 'latencyP99'> = {},
  asynchronous = false,
): AlarmSpec[] {
  const specs = sageMakerSpecsByKey(
    { endpointName, variantName, serverless: false, asynchronous: asynchronous ? {} : undefined },
    tunings,
  );
  return [specs.serverErrorRate!(true), specs.latencyP99!(true)];
}

/**
 * Every alarm of the pack that applies to the variant, except those listed in `omit` (for instance the
 * rollback alarms the endpoint already created). Alarms that cannot be built (an instance type whose vCPU
 * count is unknown) are left out with a note saying why.
 */
export function sageMakerAlarmSpecs(
  facts: SageMakerVariantFacts,
  tunings: SageMakerAlarmTunings = {},
  omit: readonly SageMakerAlarmKey[] = [],
): { specs: AlarmSpec[]; notes: string[] } {
  const builders = sageMakerSpecsByKey(facts, tunings);
  const specs: AlarmSpec[] = [];
  for (const key of Object.keys(SAGEMAKER_ALARMS) as SageMakerAlarmKey[]) {
    const build = builders[key];
    if (
      omit.includes(key) ||
      (facts.asynchronous && key === 'noInvocations') ||
      build === undefined ||
      !resolveTuning(SAGEMAKER_ALARMS[key], tunings[key]).enabled
    ) {
      continue;
    }
    specs.push(build(false));
  }
  if (facts.asynchronous)
    specs.push(...asyncAlarmSpecs(facts.endpointName, facts.variantName, facts.asynchronous));
  const notes: string[] = [];
  if (!facts.serverless && !facts.instanceType) {
    notes.push(
      'No instance type given, so its vCPU and GPU counts are unknown: the CPU and GPU utilization alarms are left out.',
    );
  } else if (!facts.serverless && facts.instanceType && !instanceFacts(facts.instanceType)) {
    notes.push(
      `Instance type ${facts.instanceType} is not in the instance table (lib/constructs/sagemaker/instance-types.ts), so its vCPU and GPU counts are unknown: the CPU and GPU utilization alarms are left out.`,
    );
  }
  return { specs, notes };
}

type SpecBuilder = (rollback: boolean) => AlarmSpec;

/** A builder per alarm that applies to the variant; absent keys do not apply. */
function sageMakerSpecsByKey(
  facts: SageMakerVariantFacts,
  tunings: SageMakerAlarmTunings,
): Partial<Record<SageMakerAlarmKey, SpecBuilder>> {
  const { endpointName, variantName } = facts;
  const metrics = new EndpointVariantMetrics(endpointName, variantName);
  const tuned = (key: SageMakerAlarmKey) => {
    const entry = SAGEMAKER_ALARMS[key];
    const resolved = resolveTuning(entry, tunings[key]);
    return {
      id: pascal(key),
      // SageMakerEndpoint gives a serverless variant no DeploymentConfig, so no deployment watches its 5XX and
      // latency alarms: they page through the health alarm and are not named rollback alarms.
      nameSuffix:
        facts.serverless && 'serverlessNameSuffix' in entry ? entry.serverlessNameSuffix : entry.nameSuffix,
      severity: resolved.severity,
      threshold: resolved.threshold!,
    };
  };
  const rate = (errors: cloudwatch.Metric, period: Duration, label: string) =>
    facts.asynchronous
      ? // An asynchronous endpoint publishes no Invocations; its error metrics send 1 per failed request and 0 per
        // other one, so their Average is the error rate ("Alarms and logs for tracking metrics from asynchronous
        // endpoints", https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-monitor.html).
        new cloudwatch.MathExpression({
          expression: '100 * errors',
          usingMetrics: { errors: errors.with({ statistic: cloudwatch.Stats.AVERAGE }) },
          period,
          label,
        })
      : new cloudwatch.MathExpression({
          // No invocations is no error rate, not an error: the expression yields 0 rather than dividing by zero.
          expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
          usingMetrics: { errors, invocations: metrics.metricInvocations({ period }) },
          period,
          label,
        });
  const logs = `/aws/sagemaker/Endpoints/${endpointName}`;
  const afterwards = facts.serverless
    ? ' (serverless: deployments do not roll back on it; revert a bad deploy by hand).'
    : '; a deployment in progress rolls back.';
  const hardware = facts.instanceType ? instanceFacts(facts.instanceType) : undefined;
  const normalised = (metric: cloudwatch.Metric, units: number, id: string) =>
    normalisedUtilization(metric, units, id, `${metric.metricName} (% of ${units})`);

  const builders: Partial<Record<SageMakerAlarmKey, SpecBuilder>> = {
    serverErrorRate: (rollback) => {
      const t = tuned('serverErrorRate');
      return {
        ...t,
        // Construct ids of named alarms never change: a new logical id would collide with the old name.
        id: 'ErrorRate',
        ...FAST,
        rollback,
        metric: rate(
          metrics.metricInvocation5XXErrors({ period: ONE_MINUTE }),
          ONE_MINUTE,
          '5XX error rate (%)',
        ),
        comparisonOperator: GREATER_THAN_THRESHOLD,
        treatMissingData: NOT_BREACHING,
        meaning: `More than ${t.threshold} % of requests to ${endpointName} fail with 5XX${afterwards}`,
        runbook: `look for model errors in the endpoint logs (${logs}).`,
      };
    },
    latencyP99: (rollback) => {
      const t = tuned('latencyP99');
      return {
        ...t,
        id: 'Latency',
        ...FAST,
        rollback,
        // ModelLatency is reported in microseconds ("Amazon SageMaker AI metrics in Amazon CloudWatch").
        threshold: t.threshold * 1000,
        metric: metrics.metricModelLatency({ statistic: cloudwatch.Stats.p(99), period: ONE_MINUTE }),
        comparisonOperator: GREATER_THAN_THRESHOLD,
        treatMissingData: NOT_BREACHING,
        meaning: `p99 model latency of ${endpointName} is above ${t.threshold} ms${afterwards}`,
        runbook:
          'compare ModelLatency with CPU/GPU utilization on the dashboard; scale out or roll back the model.',
      };
    },
    clientErrorRate: () => {
      const t = tuned('clientErrorRate');
      return {
        ...t,
        ...SUSTAINED,
        metric: rate(
          metrics.metricInvocation4XXErrors({ period: FIVE_MINUTES }),
          FIVE_MINUTES,
          '4XX error rate (%)',
        ),
        comparisonOperator: GREATER_THAN_THRESHOLD,
        treatMissingData: NOT_BREACHING,
        meaning: `More than ${t.threshold} % of requests to ${endpointName} are rejected as bad requests (4XX).`,
        runbook: `check which client changed its payload; the reasons are in ${logs}.`,
      };
    },
    latencyP50: () => {
      const t = tuned('latencyP50');
      return {
        ...t,
        ...SUSTAINED,
        // Microseconds, like every SageMaker latency metric ("Amazon SageMaker AI metrics in Amazon CloudWatch").
        threshold: t.threshold * 1000,
        metric: metrics.metricModelLatency({ statistic: cloudwatch.Stats.p(50), period: FIVE_MINUTES }),
        comparisonOperator: GREATER_THAN_THRESHOLD,
        treatMissingData: NOT_BREACHING,
        meaning: `Median model latency of ${endpointName} is above ${t.threshold} ms: most requests are slow, not just the tail.`,
        runbook: 'check utilization and batch sizes; a new model version may be slower than the last.',
      };
    },
    overheadLatencyP99: () => {
      const t = tuned('overheadLatencyP99');
      return {
        ...t,
        ...SUSTAINED,
        // OverheadLatency is in microseconds too (same page).
        threshold: t.threshold * 1000,
        metric: metrics.metricOverheadLatency({ statistic: cloudwatch.Stats.p(99), period: FIVE_MINUTES }),
        comparisonOperator: GREATER_THAN_THRESHOLD,
        treatMissingData: NOT_BREACHING,
        meaning: `p99 of the time SageMaker adds around the model on ${endpointName} is above ${t.threshold} ms (large payloads, cold starts of serverless workers).`,
        runbook: 'check payload sizes; on serverless, raise provisioned concurrency.',
      };
    },
    memoryUtilization: () => {
      const t = tuned('memoryUtilization');
      return {
        ...t,
        ...SUSTAINED,
        metric: metrics.metricMemoryUtilization({ period: FIVE_MINUTES }),
        comparisonOperator: GREATER_THAN_THRESHOLD,
        // Gaps appear while a blue/green deployment swaps fleets; keep the last state through them.
        treatMissingData: IGNORE,
        meaning: `Memory use of ${endpointName} is above ${t.threshold} %; the container risks being killed.`,
        runbook:
          'look for a memory leak after the last deployment, or move to a larger instance type (more memory on serverless).',
      };
    },
  };

  if (facts.serverless) {
    builders.modelSetupTime = () => {
      const t = tuned('modelSetupTime');
      return {
        ...t,
        evaluationPeriods: 1,
        threshold: t.threshold * 1000,
        metric: metrics.metricModelSetupTime({ statistic: cloudwatch.Stats.MAXIMUM, period: FIVE_MINUTES }),
        comparisonOperator: GREATER_THAN_THRESHOLD,
        // ModelSetupTime is in microseconds, reported only when a worker starts: no data is no cold start ("Alarms
        // and logs for tracking metrics from serverless endpoints", SageMaker AI Developer Guide).
        treatMissingData: NOT_BREACHING,
        meaning: `A serverless cold start of ${endpointName} took longer than ${t.threshold} ms.`,
        runbook: 'shrink the image or the model, or keep workers warm with provisioned concurrency.',
      };
    };
  } else {
    builders.diskUtilization = () => {
      const t = tuned('diskUtilization');
      return {
        ...t,
        ...SUSTAINED,
        metric: metrics.metricDiskUtilization({ period: FIVE_MINUTES }),
        comparisonOperator: GREATER_THAN_THRESHOLD,
        treatMissingData: IGNORE,
        meaning: `Disk use of ${endpointName}'s instances is above ${t.threshold} %.`,
        runbook: 'check what the container writes to disk, or raise volumeSizeGb.',
      };
    };
    if (hardware) {
      builders.cpuUtilization = () => {
        const t = tuned('cpuUtilization');
        return {
          ...t,
          ...SUSTAINED,
          metric: normalised(metrics.metricCpuUtilization({ period: FIVE_MINUTES }), hardware.vcpus, 'cpu'),
          comparisonOperator: GREATER_THAN_THRESHOLD,
          treatMissingData: IGNORE,
          meaning: `CPU of ${endpointName}'s instances is above ${t.threshold} % of their ${hardware.vcpus} vCPUs.`,
          runbook: 'check whether autoscaling is at its maximum; raise it or choose a larger instance type.',
        };
      };
    }
    if (hardware && hardware.gpus > 0) {
      const gpuSpec =
        (key: 'gpuUtilization' | 'gpuMemoryUtilization', metric: cloudwatch.Metric, id: string) => () => {
          const t = tuned(key);
          return {
            ...t,
            ...SUSTAINED,
            metric: normalised(metric, hardware.gpus, id),
            comparisonOperator: GREATER_THAN_THRESHOLD,
            treatMissingData: IGNORE,
            meaning: `${metric.metricName} of ${endpointName}'s instances is above ${t.threshold} % of their ${hardware.gpus} GPU(s).`,
            runbook:
              'scale out on GPU utilization, reduce batch sizes, or choose an instance type with more GPU memory.',
          };
        };
      builders.gpuUtilization = gpuSpec(
        'gpuUtilization',
        metrics.metricGpuUtilization({ period: FIVE_MINUTES }),
        'gpu',
      );
      builders.gpuMemoryUtilization = gpuSpec(
        'gpuMemoryUtilization',
        metrics.metricGpuMemoryUtilization({ period: FIVE_MINUTES }),
        'gpuMemory',
      );
    }
    if (facts.maxInstances !== undefined) {
      const maxInstances = facts.maxInstances;
      builders.instancesAtMax = () => {
        const t = tuned('instancesAtMax');
        return {
          ...t,
          id: 'InstancesAtMax',
          // Every instance reports CPUUtilization once a minute, so the samples a minute count the
          // instances in service (SageMaker publishes no instance-count metric: "Amazon SageMaker AI metrics in
          // Amazon CloudWatch"). The threshold field is
          // a duration here: that many one-minute periods in a row.
          metric: metrics.metricCpuUtilization({
            statistic: cloudwatch.Stats.SAMPLE_COUNT,
            period: ONE_MINUTE,
          }),
          threshold: maxInstances,
          evaluationPeriods: t.threshold,
          comparisonOperator: GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: IGNORE,
          meaning: `${endpointName} has run at its autoscaling maximum of ${maxInstances} instances for ${t.threshold} minutes (both fleets count while a blue/green deployment bakes).`,
          runbook:
            'check latency and utilization; raise maxInstances or the instance size if the load is real.',
        };
      };
    }
  }

  builders.noInvocations = () => {
    const t = tuned('noInvocations');
    return {
      ...t,
      evaluationPeriods: 1,
      metric: metrics.metricInvocations({ period: Duration.minutes(15) }),
      comparisonOperator: LESS_THAN_THRESHOLD,
      // SageMaker reports nothing when nothing is invoked: no data is exactly the symptom.
      treatMissingData: BREACHING,
      meaning: `${endpointName} received fewer than ${t.threshold} requests in 15 minutes in an environment that expects traffic.`,
      runbook: 'check the callers: an upstream outage, a changed endpoint name or revoked permissions.',
    };
  };
  return builders;
}

/** `latencyP99` → `LatencyP99`. */
export function pascal(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}
