import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmSpec } from './alarm-factory';
import { PropProblem } from '../errors/validation';
import { AlarmSeverity } from './catalog';
import { RESOURCE_NAME_MESSAGE, RESOURCE_NAME_PATTERN } from '../private/patterns';

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

/**
 * Every rule a pack's custom alarms break, keyed by the prop to blame (`customAlarms.<index>.<field>`).
 * "PutMetricAlarm" (Amazon CloudWatch API Reference, https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html):
 * DatapointsToAlarm must not exceed EvaluationPeriods.
 */
export function customAlarmProblems(
  alarms: readonly Pick<CustomAlarm, 'name' | 'evaluationPeriods' | 'datapointsToAlarm'>[],
): PropProblem[] {
  const firstIndex = new Map<string, number>();
  return alarms.flatMap((custom, index): PropProblem[] => {
    const at = `customAlarms.${index}`;
    const problems: PropProblem[] = [];
    if (!RESOURCE_NAME_PATTERN.test(custom.name)) {
      problems.push({
        field: `${at}.name`,
        value: JSON.stringify(custom.name),
        message: RESOURCE_NAME_MESSAGE,
      });
    }
    const earlier = firstIndex.get(custom.name);
    if (earlier === undefined) firstIndex.set(custom.name, index);
    else {
      problems.push({
        field: `${at}.name`,
        value: JSON.stringify(custom.name),
        message: `is used by an earlier custom alarm ({customAlarms.${earlier}.name})`,
      });
    }
    const evaluationPeriods = custom.evaluationPeriods ?? DEFAULT_EVALUATION_PERIODS;
    const datapointsToAlarm = custom.datapointsToAlarm ?? evaluationPeriods;
    if (datapointsToAlarm > evaluationPeriods) {
      problems.push({
        field: `${at}.datapointsToAlarm`,
        value: String(datapointsToAlarm),
        message: `must be <= {${at}.evaluationPeriods} (${evaluationPeriods})`,
      });
    }
    return problems;
  });
}

const DEFAULT_EVALUATION_PERIODS = 3;

/** The alarm spec of a custom alarm; check the pack's alarms with customAlarmProblems first. */
export function customAlarmSpec(custom: CustomAlarm): AlarmSpec {
  const evaluationPeriods = custom.evaluationPeriods ?? DEFAULT_EVALUATION_PERIODS;
  const datapointsToAlarm = custom.datapointsToAlarm ?? evaluationPeriods;
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
