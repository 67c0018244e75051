import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  HANDLER_METRICS,
  HandlerMetricName,
  LAMBDA_METRICS,
  LAMBDA_NAMESPACE,
} from '../../../contract/metrics';
import { handlerMetric } from '../lambda/handler-metrics';
import { AlarmSpec } from './alarm-factory';
import { LAMBDA_ALARMS, LambdaAlarmKey, LambdaAlarmTunings, resolveTuning } from './catalog';
import { pascal } from './sagemaker-alarm-specs';

/** What the alarms need to know about a Lambda-served model. */
export interface LambdaModelFacts {
  /** The live alias callers invoke and CodeDeploy shifts. */
  readonly alias: lambda.IAlias;
  readonly function: lambda.IFunction;
  /** Namespace of the handler's own metrics; their one dimension is `service` = model name. */
  readonly metricsNamespace: string;
  readonly modelName: string;
  readonly timeout: Duration;
  /** Where the function logs, for the runbook lines. */
  readonly logGroupName: string;
  /** Reserved concurrency of the function; no near-the-limit alarm without it. */
  readonly reservedConcurrency?: number;
  /** Whether the alias has provisioned concurrency; no spillover alarm without it. */
  readonly provisionedConcurrency?: boolean;
}

const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);
const { GREATER_THAN_THRESHOLD } = cloudwatch.ComparisonOperator;
const { NOT_BREACHING } = cloudwatch.TreatMissingData;
/** Rollbacks react within minutes: 2 of the last 3 one-minute periods. */
const FAST = { evaluationPeriods: 3, datapointsToAlarm: 2 } as const;
/** Trends: every one of the last 3 five-minute periods. */
const SUSTAINED = { evaluationPeriods: 3, datapointsToAlarm: 3 } as const;

/** The default p99 duration limit: 80 % of the timeout, so slow answers show before they time out. */
export function defaultMaxP99Duration(timeout: Duration): Duration {
  return Duration.millis(Math.round(timeout.toMilliseconds() * 0.8));
}

/** The alarms CodeDeploy watches while it shifts the live alias. */
export function lambdaRollbackSpecs(
  facts: LambdaModelFacts,
  tunings: Pick<LambdaAlarmTunings, 'errorRate' | 'durationP99' | 'internalErrors'> = {},
): AlarmSpec[] {
  const builders = lambdaSpecsByKey(facts, tunings);
  return [builders.errorRate!(true), builders.durationP99!(true), builders.internalErrors!(true)];
}

/** Every alarm of the pack that applies to the model, except those listed in `omit`. */
export function lambdaAlarmSpecs(
  facts: LambdaModelFacts,
  tunings: LambdaAlarmTunings = {},
  omit: readonly LambdaAlarmKey[] = [],
): AlarmSpec[] {
  const builders = lambdaSpecsByKey(facts, tunings);
  return (Object.keys(LAMBDA_ALARMS) as LambdaAlarmKey[]).flatMap((key) => {
    const build = builders[key];
    if (omit.includes(key) || build === undefined) return [];
    return resolveTuning(LAMBDA_ALARMS[key], tunings[key]).enabled ? [build(false)] : [];
  });
}

function lambdaSpecsByKey(
  facts: LambdaModelFacts,
  tunings: LambdaAlarmTunings,
): Partial<Record<LambdaAlarmKey, (rollback: boolean) => AlarmSpec>> {
  const { alias, modelName, metricsNamespace } = facts;
  const tuned = (key: LambdaAlarmKey) => {
    const entry = LAMBDA_ALARMS[key];
    const resolved = resolveTuning(entry, tunings[key]);
    return {
      id: pascal(key),
      nameSuffix: entry.nameSuffix,
      severity: resolved.severity,
      threshold: resolved.threshold,
    };
  };
  // Built from the names, not alias.metric(): an imported alias would put "<function>:live" in FunctionName,
  // a dimension set Lambda does not publish. AWS/Lambda metrics and their FunctionName and Resource dimensions:
  // "Types of metrics for Lambda functions", https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
  const aliasMetric = (metricName: string, statistic: string, period: Duration) =>
    new cloudwatch.Metric({
      namespace: LAMBDA_NAMESPACE,
      metricName,
      dimensionsMap: {
        FunctionName: facts.function.functionName,
        Resource: `${facts.function.functionName}:${alias.aliasName}`,
      },
      statistic,
      period,
    });
  const aliasSum = (metricName: string, period: Duration) =>
    aliasMetric(metricName, cloudwatch.Stats.SUM, period);
  const own = (metricName: HandlerMetricName, props: cloudwatch.MetricOptions = {}) =>
    handlerMetric(metricsNamespace, modelName, metricName, props);
  const rollbackRunbook =
    `a rollout in progress rolls back; look for "request failed" and "model could not be loaded" in ${facts.logGroupName}, ` +
    'and CodeDeploy shows which version was refused.';

  const builders: Partial<Record<LambdaAlarmKey, (rollback: boolean) => AlarmSpec>> = {
    errorRate: (rollback) => {
      const t = tuned('errorRate');
      return {
        ...t,
        ...FAST,
        threshold: t.threshold!,
        rollback,
        metric: new cloudwatch.MathExpression({
          expression: '100 * errors / invocations',
          usingMetrics: {
            errors: aliasSum(LAMBDA_METRICS.errors, ONE_MINUTE),
            invocations: aliasSum(LAMBDA_METRICS.invocations, ONE_MINUTE),
          },
          label: 'Error rate (%)',
          period: ONE_MINUTE,
        }),
        comparisonOperator: GREATER_THAN_THRESHOLD,
        treatMissingData: NOT_BREACHING,
        meaning: `More than ${t.threshold} % of invocations of model ${modelName}'s live alias crash, time out or run out of memory.`,
        runbook: rollbackRunbook,
      };
    },
    durationP99: (rollback) => {
      const t = tuned('durationP99');
      const maxMs = t.threshold ?? defaultMaxP99Duration(facts.timeout).toMilliseconds();
      return {
        ...t,
        // Construct ids of named alarms never change: a new logical id would collide with the old name.
        id: 'P99Duration',
        ...FAST,
        threshold: maxMs,
        rollback,
        metric: aliasMetric(LAMBDA_METRICS.duration, cloudwatch.Stats.p(99), ONE_MINUTE),
        comparisonOperator: GREATER_THAN_THRESHOLD,
        treatMissingData: NOT_BREACHING,
        meaning: `p99 duration of model ${modelName}'s live alias is above ${maxMs} ms (timeout ${facts.timeout.toMilliseconds()} ms).`,
        runbook: rollbackRunbook,
      };
    },
    internalErrors: (rollback) => {
      const t = tuned('internalErrors');
      return {
        ...t,
        ...FAST,
        threshold: t.threshold!,
        rollback,
        metric: own(HANDLER_METRICS.internalErrors),
        comparisonOperator: GREATER_THAN_THRESHOLD,
        treatMissingData: NOT_BREACHING,
        meaning: `More than ${t.threshold} requests a minute to model ${modelName} are answered with a 5xx by the handler.`,
        runbook: rollbackRunbook,
      };
    },
    throttleRate: () => {
      const t = tuned('throttleRate');
      return {
        ...t,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        threshold: t.threshold!,
        metric: new cloudwatch.MathExpression({
          // Throttled requests are not counted in Invocations ("Types of metrics for Lambda functions").
          expression: 'IF(invocations + throttles > 0, 100 * throttles / (invocations + throttles), 0)',
          usingMetrics: {
            throttles: aliasSum(LAMBDA_METRICS.throttles, ONE_MINUTE),
            invocations: aliasSum(LAMBDA_METRICS.invocations, ONE_MINUTE),
          },
          label: 'Throttled (%)',
          period: ONE_MINUTE,
        }),
        comparisonOperator: GREATER_THAN_THRESHOLD,
        treatMissingData: NOT_BREACHING,
        meaning: `More than ${t.threshold} % of requests to model ${modelName} are throttled (429): callers are turned away.`,
        runbook:
          'compare ConcurrentExecutions with the reserved concurrency and the account limit; raise them or provisioned concurrency.',
      };
    },
    invalidRequestRate: () => {
      const t = tuned('invalidRequestRate');
      return {
        ...t,
        ...SUSTAINED,
        threshold: t.threshold!,
        metric: new cloudwatch.MathExpression({
          expression: 'IF(invocations > 0, 100 * invalid / invocations, 0)',
          usingMetrics: {
            invalid: own(HANDLER_METRICS.invalidRequests, { period: FIVE_MINUTES }),
            invocations: aliasSum(LAMBDA_METRICS.invocations, FIVE_MINUTES),
          },
          label: 'Invalid requests (%)',
          period: FIVE_MINUTES,
        }),
        comparisonOperator: GREATER_THAN_THRESHOLD,
        treatMissingData: NOT_BREACHING,
        meaning: `More than ${t.threshold} % of requests to model ${modelName} are rejected as invalid (4xx).`,
        runbook: `read the "invalid request" reasons in ${facts.logGroupName} and find the client whose payload changed.`,
      };
    },
    modelLoadTime: () => {
      const t = tuned('modelLoadTime');
      return {
        ...t,
        evaluationPeriods: 1,
        threshold: t.threshold!,
        metric: own(HANDLER_METRICS.modelLoadTime, {
          statistic: cloudwatch.Stats.MAXIMUM,
          period: FIVE_MINUTES,
        }),
        comparisonOperator: GREATER_THAN_THRESHOLD,
        // Emitted once per cold start: no data means no new execution environment.
        treatMissingData: NOT_BREACHING,
        meaning: `Loading model ${modelName} (download, digest check, session) took longer than ${t.threshold} ms on a cold start.`,
        runbook:
          'check the model size and memory setting (more memory is more CPU and network); keep environments warm with provisioned concurrency.',
      };
    },
  };

  if (facts.provisionedConcurrency) {
    builders.provisionedConcurrencySpillover = () => {
      const t = tuned('provisionedConcurrencySpillover');
      return {
        ...t,
        ...SUSTAINED,
        threshold: t.threshold!,
        metric: aliasSum(LAMBDA_METRICS.provisionedConcurrencySpilloverInvocations, FIVE_MINUTES),
        comparisonOperator: GREATER_THAN_THRESHOLD,
        treatMissingData: NOT_BREACHING,
        meaning: `Requests to model ${modelName} overflow its provisioned concurrency and pay cold starts.`,
        runbook:
          'raise provisionedConcurrency.max or its schedules, or lower targetUtilization so autoscaling acts sooner.',
      };
    };
  }
  const reserved = facts.reservedConcurrency;
  if (reserved !== undefined && reserved > 0) {
    builders.concurrencyNearReserved = () => {
      const t = tuned('concurrencyNearReserved');
      return {
        ...t,
        evaluationPeriods: 5,
        threshold: t.threshold!,
        metric: new cloudwatch.MathExpression({
          expression: `100 * concurrency / ${reserved}`,
          usingMetrics: {
            concurrency: facts.function.metric(LAMBDA_METRICS.concurrentExecutions, {
              statistic: cloudwatch.Stats.MAXIMUM,
              period: ONE_MINUTE,
            }),
          },
          label: `Concurrent executions (% of ${reserved} reserved)`,
          period: ONE_MINUTE,
        }),
        comparisonOperator: GREATER_THAN_THRESHOLD,
        treatMissingData: NOT_BREACHING,
        meaning: `Model ${modelName} runs above ${t.threshold} % of its ${reserved} reserved concurrent executions; beyond them requests are throttled.`,
        runbook: 'raise reservedConcurrency (within the account limit) or make each request faster.',
      };
    };
  }
  return builders;
}
