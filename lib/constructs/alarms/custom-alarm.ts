import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmSpec } from './alarm-factory';
import { AlarmSeverity } from './catalog';

/** An alarm on any metric, named and notified like the built-in ones. */
export interface CustomAlarm {
  /** Lowercase words joined by hyphens; the alarm is named `<prefix>-custom-<name>`. */
  readonly name: string;
  /** @default 'warning' */
  readonly severity?: AlarmSeverity;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  /** @default GREATER_THAN_THRESHOLD */
  readonly comparisonOperator?: cloudwatch.ComparisonOperator;
  /** @default 3 */
  readonly evaluationPeriods?: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /** What no data means for this signal; no default, because only the author knows. */
  readonly treatMissingData: cloudwatch.TreatMissingData;
  /** What it means when the alarm fires. */
  readonly meaning: string;
  /** What to do first. */
  readonly runbook: string;
}

const NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function customAlarmSpec(custom: CustomAlarm): AlarmSpec {
  if (!NAME_PATTERN.test(custom.name)) {
    throw new Error(
      `Custom alarm name "${custom.name}" must be lowercase letters, digits and single hyphens, starting with a letter`,
    );
  }
  const evaluationPeriods = custom.evaluationPeriods ?? 3;
  const datapointsToAlarm = custom.datapointsToAlarm ?? evaluationPeriods;
  if (datapointsToAlarm > evaluationPeriods) {
    throw new Error(
      `Custom alarm "${custom.name}": datapointsToAlarm (${datapointsToAlarm}) must be <= evaluationPeriods (${evaluationPeriods})`,
    );
  }
  return {
    // The name itself, so that distinct names never share an id (`queue-2` and `queue2`).
    id: `Custom-${custom.name}`,
    nameSuffix: `custom-${custom.name}`,
    severity: custom.severity ?? 'warning',
    metric: custom.metric,
    threshold: custom.threshold,
    comparisonOperator: custom.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods,
    datapointsToAlarm,
    treatMissingData: custom.treatMissingData,
    meaning: custom.meaning,
    runbook: custom.runbook,
  };
}
