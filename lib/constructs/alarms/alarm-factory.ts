import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmSeverity } from './catalog';

/** One alarm described as data; `createAlarm` turns it into a CloudWatch alarm. */
export interface AlarmSpec {
  /** Construct id, stable PascalCase. */
  readonly id: string;
  /** Physical name suffix: the alarm is named `<prefix>-<nameSuffix>`. */
  readonly nameSuffix: string;
  readonly severity: AlarmSeverity;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly evaluationPeriods: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /** Chosen per alarm: what no data means for this signal. */
  readonly treatMissingData: cloudwatch.TreatMissingData;
  /** What the alarm means, in one sentence. */
  readonly meaning: string;
  /** What to do first when it fires. */
  readonly runbook: string;
  /** Watched by deployments, which roll back while it is in ALARM. */
  readonly rollback?: boolean;
}

/** An alarm of a pack with what the pack knows about it. */
export interface PackAlarm {
  readonly alarm: cloudwatch.Alarm;
  readonly severity: AlarmSeverity;
  readonly rollback: boolean;
}

/** CloudWatch limits AlarmDescription to 1024 characters ("PutMetricAlarm", Amazon CloudWatch API Reference). */
const MAX_DESCRIPTION = 1024;

/**
 * The one alarm factory: deterministic name (when a prefix is given), a description that leads with the
 * severity and ends with the runbook line, and the spec's evaluation settings as they are.
 */
export function createAlarm(scope: Construct, spec: AlarmSpec, namePrefix?: string): PackAlarm {
  const description = `[${spec.severity}] ${spec.meaning} First: ${spec.runbook}`;
  const alarm = new cloudwatch.Alarm(scope, spec.id, {
    alarmName: namePrefix && `${namePrefix}-${spec.nameSuffix}`,
    alarmDescription:
      description.length > MAX_DESCRIPTION ? `${description.slice(0, MAX_DESCRIPTION - 1)}…` : description,
    metric: spec.metric,
    threshold: spec.threshold,
    comparisonOperator: spec.comparisonOperator,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm ?? spec.evaluationPeriods,
    treatMissingData: spec.treatMissingData,
  });
  return { alarm, severity: spec.severity, rollback: spec.rollback ?? false };
}
