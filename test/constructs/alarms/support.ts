import { Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** Vocabulary shared by the alarm pack tests: expected CloudFormation properties, in their spelling. */

export const ALARM = 'AWS::CloudWatch::Alarm';

export type Props = Record<string, unknown>;
/** An alarm's expected properties, with a sentence saying what they mean. */
export type Expectation = readonly [suffix: string, meaning: string, properties: Props];

export const FAST = { EvaluationPeriods: 3, DatapointsToAlarm: 2 };
export const SUSTAINED = { EvaluationPeriods: 3, DatapointsToAlarm: 3 };
export const ABOVE = { ComparisonOperator: 'GreaterThanThreshold' };
export const NOT_BREACHING = { TreatMissingData: 'notBreaching' };
export const NO_ACTIONS = { AlarmActions: Match.absent() };
export const TO_WARNINGS = { AlarmActions: [{ Ref: Match.stringLikeRegexp('^Warnings') }] };
export const TO_CRITICAL = { AlarmActions: [{ Ref: Match.stringLikeRegexp('^Critical') }] };

/** A statistic as CloudFormation spells it: percentiles are extended statistics. */
export const statistic = (stat: string) =>
  /^p\d/.test(stat)
    ? { ExtendedStatistic: stat, Statistic: Match.absent() }
    : { Statistic: stat, ExtendedStatistic: Match.absent() };

/** Construct ids of alarms, as the pack's lists hold them. */
export const ids = (alarms: readonly cloudwatch.IAlarm[]) => alarms.map((alarm) => alarm.node.id);
/** Construct paths of alarms, to compare the very same alarms. */
export const paths = (alarms: readonly cloudwatch.IAlarm[]) => alarms.map((alarm) => alarm.node.path);
