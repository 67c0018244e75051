import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

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

/** Every alarm evaluates one-minute periods and fires when 2 of the last 3 breach. */
export const ALARM_PERIOD = Duration.minutes(1);
const EVALUATION_PERIODS = 3;
const DATAPOINTS_TO_ALARM = 2;

/**
 * The alarms CodeDeploy watches while it shifts the live alias, all on the alias (both versions during a
 * shift): error rate, p99 duration and the handler's `InternalErrors`. Lambda counts in `Errors` only crashes,
 * timeouts and out-of-memory kills, because the handler answers its own faults with a 500; `InternalErrors`
 * counts those. Missing data (no traffic) is not a reason to roll back.
 */
export class RollbackAlarms extends Construct {
  readonly errorRate: cloudwatch.Alarm;
  readonly p99Duration: cloudwatch.Alarm;
  readonly internalErrors: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: RollbackAlarmsProps) {
    super(scope, id);
    const { alias, thresholds } = props;
    checkThresholds(thresholds, props.timeout, `LambdaInference ${scope.node.path}`);
    const runbook =
      `A new version of model ${props.modelName} is rolled back while this alarm is in ALARM. ` +
      `Look for "request failed" and "model could not be loaded" in ${props.logGroupName}; ` +
      'CodeDeploy shows which version was refused.';
    const name = (suffix: string) => props.alarmNamePrefix && `${props.alarmNamePrefix}-rollback-${suffix}`;
    const common = {
      evaluationPeriods: EVALUATION_PERIODS,
      datapointsToAlarm: DATAPOINTS_TO_ALARM,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };

    this.errorRate = new cloudwatch.Alarm(this, 'ErrorRate', {
      ...common,
      alarmName: name('error-rate'),
      alarmDescription: `Errors above ${thresholds.maxErrorRatePercent} % of invocations of the live alias. ${runbook}`,
      metric: new cloudwatch.MathExpression({
        expression: '100 * errors / invocations',
        usingMetrics: {
          errors: alias.metricErrors({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }),
          invocations: alias.metricInvocations({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM }),
        },
        label: 'Error rate (%)',
        period: ALARM_PERIOD,
      }),
      threshold: thresholds.maxErrorRatePercent,
    });

    this.p99Duration = new cloudwatch.Alarm(this, 'P99Duration', {
      ...common,
      alarmName: name('p99-duration'),
      alarmDescription: `p99 duration of the live alias above ${thresholds.maxP99Duration.toMilliseconds()} ms. ${runbook}`,
      metric: alias.metricDuration({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.p(99) }),
      threshold: thresholds.maxP99Duration.toMilliseconds(),
    });

    this.internalErrors = new cloudwatch.Alarm(this, 'InternalErrors', {
      ...common,
      alarmName: name('internal-errors'),
      alarmDescription: `More than ${thresholds.maxInternalErrorsPerMinute} requests a minute answered with a 5xx by the handler. ${runbook}`,
      metric: internalErrorsMetric(props.metricsNamespace, props.modelName),
      threshold: thresholds.maxInternalErrorsPerMinute,
    });
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
  return new cloudwatch.Metric({
    namespace,
    metricName: 'InternalErrors',
    dimensionsMap: { service: modelName },
    statistic: cloudwatch.Stats.SUM,
    period: ALARM_PERIOD,
    ...props,
  });
}

function checkThresholds(thresholds: Required<RollbackAlarmOptions>, timeout: Duration, where: string): void {
  const { maxErrorRatePercent, maxP99Duration, maxInternalErrorsPerMinute } = thresholds;
  if (!Token.isUnresolved(maxErrorRatePercent) && !(maxErrorRatePercent >= 0 && maxErrorRatePercent <= 100)) {
    throw new Error(
      `${where}: rollbackAlarms.maxErrorRatePercent (${maxErrorRatePercent}) must be from 0 to 100`,
    );
  }
  if (maxP99Duration.toMilliseconds() >= timeout.toMilliseconds()) {
    throw new Error(
      `${where}: rollbackAlarms.maxP99Duration (${maxP99Duration.toHumanString()}) must be shorter than the timeout (${timeout.toHumanString()}); no invocation lasts longer, so the alarm could never fire`,
    );
  }
  if (!Token.isUnresolved(maxInternalErrorsPerMinute) && !(maxInternalErrorsPerMinute >= 0)) {
    throw new Error(
      `${where}: rollbackAlarms.maxInternalErrorsPerMinute (${maxInternalErrorsPerMinute}) must be >= 0`,
    );
  }
}
