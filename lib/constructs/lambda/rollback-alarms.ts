import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { createAlarm } from '../alarms/alarm-factory';
import { LAMBDA_ALARMS } from '../alarms/catalog';
import { defaultMaxP99Duration, lambdaRollbackSpecs } from '../alarms/lambda-alarm-specs';
import { HANDLER_METRICS } from '../../../contract/metrics';
import { handlerMetric } from './handler-metrics';
import { PropProblem, throwOnProblems } from '../errors/validation';

/** Thresholds of the alarms that stop a rollout and roll the live alias back. */
export interface RollbackAlarmOptions {
  /** Alarm when more than this percent of invocations fail (Lambda `Errors` / `Invocations`). @default 1 */
  readonly maxErrorRatePercent?: number;
  /** Alarm when the p99 of Lambda's `Duration` exceeds this. @default 80 % of the function timeout */
  readonly maxP99Duration?: Duration;
  /** Alarm when the handler answers more than this many requests a minute with a 5xx (`InternalErrors`). @default 0 */
  readonly maxInternalErrorsPerMinute?: number;
}

export interface RollbackAlarmsProps {
  readonly alias: lambda.Alias;
  /** The handler's own metrics: `InternalErrors` in this namespace, dimension `service` = model name. */
  readonly metricsNamespace: string;
  readonly modelName: string;
  readonly thresholds: Required<RollbackAlarmOptions>;
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
export class RollbackAlarms extends Construct {
  readonly errorRate: cloudwatch.Alarm;
  readonly p99Duration: cloudwatch.Alarm;
  readonly internalErrors: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: RollbackAlarmsProps) {
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
        durationP99: { maxMs: thresholds.maxP99Duration.toMilliseconds() },
        internalErrors: { maxPerMinute: thresholds.maxInternalErrorsPerMinute },
      },
    );
    [this.errorRate, this.p99Duration, this.internalErrors] = specs.map(
      (spec) => createAlarm(this, spec, props.alarmNamePrefix).alarm,
    );
  }

  get alarms(): cloudwatch.Alarm[] {
    return [this.errorRate, this.p99Duration, this.internalErrors];
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
  options: RollbackAlarmOptions | undefined,
  timeout: Duration,
): Required<RollbackAlarmOptions> {
  return {
    maxErrorRatePercent: options?.maxErrorRatePercent ?? LAMBDA_ALARMS.errorRate.threshold,
    maxP99Duration: options?.maxP99Duration ?? defaultMaxP99Duration(timeout),
    maxInternalErrorsPerMinute: options?.maxInternalErrorsPerMinute ?? LAMBDA_ALARMS.internalErrors.threshold,
  };
}

/** Every rule the rollback thresholds break, keyed by the LambdaInference prop to blame (`rollbackAlarms.<field>`). */
export function rollbackAlarmProblems(
  thresholds: Required<RollbackAlarmOptions>,
  timeout: Duration,
): PropProblem[] {
  const { maxErrorRatePercent, maxP99Duration, maxInternalErrorsPerMinute } = thresholds;
  const problems: PropProblem[] = [];
  if (!Token.isUnresolved(maxErrorRatePercent) && !(maxErrorRatePercent >= 0 && maxErrorRatePercent <= 100)) {
    problems.push({
      field: 'rollbackAlarms.maxErrorRatePercent',
      value: String(maxErrorRatePercent),
      message: 'must be from 0 to 100',
    });
  }
  if (maxP99Duration.toMilliseconds() >= timeout.toMilliseconds()) {
    problems.push({
      field: 'rollbackAlarms.maxP99Duration',
      value: `${maxP99Duration.toMilliseconds()} ms`,
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
