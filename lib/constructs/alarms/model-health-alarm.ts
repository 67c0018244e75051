import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { ConstructValidationError } from '../errors/validation';

export interface ModelHealthAlarmProps {
  /** Deterministic name, e.g. `<project>-<model>-<env>-health`. */
  readonly alarmName: string;
  /** Model name shown in the description. */
  readonly modelName: string;
  /** The model's critical alarms; the health alarm is in ALARM while any of them is. */
  readonly criticalAlarms: readonly cloudwatch.IAlarm[];
  /** Notified when the model becomes unhealthy and when it recovers. @default none */
  readonly actions?: readonly cloudwatch.IAlarmAction[];
}

/**
 * One composite alarm per model that rolls up its critical alarms, so on-call gets one page per
 * unhealthy model instead of one per symptom, and a recovery notice when all symptoms clear.
 */
export class ModelHealthAlarm extends Construct {
  readonly alarm: cloudwatch.CompositeAlarm;

  constructor(scope: Construct, id: string, props: ModelHealthAlarmProps) {
    super(scope, id);
    if (props.criticalAlarms.length === 0) {
      throw new ConstructValidationError(
        `ModelHealthAlarm ${this.node.path}: needs at least one critical alarm to roll up`,
      );
    }
    this.alarm = new cloudwatch.CompositeAlarm(this, 'Alarm', {
      compositeAlarmName: props.alarmName,
      alarmRule: cloudwatch.AlarmRule.anyOf(...props.criticalAlarms),
      alarmDescription:
        `Model ${props.modelName} is unhealthy: at least one of its critical alarms is in ALARM. ` +
        'Open the alarm history to see which one; a rollout in progress rolls itself back, otherwise start with the alarm’s own runbook line.',
    });
    this.alarm.addAlarmAction(...(props.actions ?? []));
    this.alarm.addOkAction(...(props.actions ?? []));
  }
}
