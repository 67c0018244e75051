import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { createAlarm } from '../alarms/alarm-factory';
import { LAMBDA_ALARMS } from '../alarms/catalog';
import { defaultMaxP99Duration, lambdaRollbackSpecs } from '../alarms/lambda-alarm-specs';
import { HANDLER_METRICS } from '../../../contract/metrics';
import { handlerMetric } from './handler-metrics';
import { RollbackThresholds, rollbackThresholdProblems } from '../alarms/rollback-thresholds';
import { PropProblem, throwOnProblems } from '../errors/validation';

/**
 * Thresholds of the alarms that stop a rollout and roll the live alias back: the error rate is Lambda's
 * `Errors` / `Invocations`, the p99 latency Lambda's `Duration` (by default 80 % of the function timeout), plus
 * the handler's own 5xx answers.
 */
export interface LambdaRollbackThresholds extends RollbackThresholds {
  /** Alarm when the handler answers more than this many requests a minute with a 5xx (`InternalErrors`). @default 0 */
  readonly maxInternalErrorsPerMinute?: number;
}

export interface LambdaRollbackAlarmsProps {
  readonly alias: lambda.Alias;
  /** The handler's own metrics: `InternalErrors` in this namespace, dimension `service` = model name. */
  readonly metricsNamespace: string;
  readonly modelName: string;
  readonly thresholds: Required<LambdaRollbackThresholds>;
  /** The function's timeout: a duration threshold at or above it could never be breached. */
  readonly timeout: Duration;
  /** Where the rollout logs go, for the runbook text. */
  readonly logGroupName: string;
  /** Prefix of deterministic alarm names (`<prefix>-rollback-error-rate`, …). @default generated names */
  readonly alarmNamePrefix?: string;
}

/** The rollback alarms evaluate one-minute periods and fire when 2 of the last 3 breach. */
export const ALARM_PERIOD = Duration.minutes(1);

/**
 * The alarms CodeDeploy watches while it shifts the live alias, all on the alias (both versions during a
 * shift), as the alarm pack defines them: error rate, p99 duration and the handler's `InternalErrors`.
 * Lambda counts in `Errors` only crashes, timeouts and out-of-memory kills, because the handler answers its
 * own faults with a 500; `InternalErrors` counts those ("Types of metrics for Lambda functions", AWS Lambda Developer
 * Guide). Missing data (no traffic) is not a reason to roll back.
 */
export class LambdaRollbackAlarms extends Construct {
  readonly errorRate: cloudwatch.Alarm;
  readonly p99Latency: cloudwatch.Alarm;
  readonly internalErrors: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: LambdaRollbackAlarmsProps) {
    super(scope, id);
    const { alias, thresholds } = props;
    throwOnProblems('LambdaInference', scope, rollbackAlarmProblems(thresholds, props.timeout));
    const specs = lambdaRollbackSpecs(
      {
        alias,
        function: alias.version.lambda,
        metricsNamespace: props.metricsNamespace,
        modelName: props.modelName,
        timeout: props.timeout,
        logGroupName: props.logGroupName,
      },
      {
        errorRate: { maxPercent: thresholds.maxErrorRatePercent },
        durationP99: { maxMs: thresholds.maxP99Latency.toMilliseconds() },
        internalErrors: { maxPerMinute: thresholds.maxInternalErrorsPerMinute },
      },
    );
    [this.errorRate, this.p99Latency, this.internalErrors] = specs.map(
      (spec) => createAlarm(this, spec, props.alarmNamePrefix).alarm,
    );
  }

  get alarms(): cloudwatch.Alarm[] {
    return [this.errorRate, this.p99Latency, this.internalErrors];
  }
}

/** The handler's `InternalErrors` count (embedded metric format, dimension `service` = model name). */
export function internalErrorsMetric(
  namespace: string,
  modelName: string,
  props: cloudwatch.MetricOptions = {},
) {
  return handlerMetric(namespace, modelName, HANDLER_METRICS.internalErrors, props);
}

/** The thresholds with their defaults: the alarm catalog's, and 80 % of the timeout for the p99 duration. */
export function resolveRollbackThresholds(
  options: LambdaRollbackThresholds | undefined,
  timeout: Duration,
): Required<LambdaRollbackThresholds> {
  return {
    maxErrorRatePercent: options?.maxErrorRatePercent ?? LAMBDA_ALARMS.errorRate.threshold,
    maxP99Latency: options?.maxP99Latency ?? defaultMaxP99Duration(timeout),
    maxInternalErrorsPerMinute: options?.maxInternalErrorsPerMinute ?? LAMBDA_ALARMS.internalErrors.threshold,
  };
}

/** Every rule the rollback thresholds break, keyed by the LambdaInference prop to blame (`rollbackAlarms.<field>`). */
export function rollbackAlarmProblems(
  thresholds: Required<LambdaRollbackThresholds>,
  timeout: Duration,
): PropProblem[] {
  const { maxP99Latency, maxInternalErrorsPerMinute } = thresholds;
  const problems: PropProblem[] = [...rollbackThresholdProblems(thresholds)];
  if (maxP99Latency.toMilliseconds() >= timeout.toMilliseconds()) {
    problems.push({
      field: 'rollbackAlarms.maxP99Latency',
      value: `${maxP99Latency.toMilliseconds()} ms`,
      message: `must be shorter than {timeout} (${timeout.toMilliseconds()} ms): no invocation lasts longer, so the alarm could never fire`,
    });
  }
  if (!Token.isUnresolved(maxInternalErrorsPerMinute) && !(maxInternalErrorsPerMinute >= 0)) {
    problems.push({
      field: 'rollbackAlarms.maxInternalErrorsPerMinute',
      value: String(maxInternalErrorsPerMinute),
      message: 'must be >= 0',
    });
  }
  return problems;
}
