import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmSpec, createAlarm, PackAlarm } from './alarm-factory';
import { AlarmSeverity } from './catalog';
import { throwOnProblems } from '../errors/validation';
import { CustomAlarm, customAlarmProblems, customAlarmSpec } from './custom-alarm';

/** Naming, notification and extra alarms, common to every pack. */
export interface AlarmPackOptions {
  /** Alarms are named `<prefix>-<suffix>`, e.g. `<project>-<model>-<env>`. @default generated names */
  readonly alarmNamePrefix?: string;
  /** Told when a warning alarm fires, e.g. the warning topic. @default none */
  readonly warningActions?: readonly cloudwatch.IAlarmAction[];
  /**
   * Told when a critical alarm fires. Leave empty when the critical alarms roll up into a model health
   * alarm that pages instead (one page per model rather than one per symptom). @default none
   */
  readonly criticalActions?: readonly cloudwatch.IAlarmAction[];
  /** Alarms on any metric, added to the pack with the same naming and notifications. @default none */
  readonly customAlarms?: readonly CustomAlarm[];
}

/**
 * A model's alarms with their severities. Subclasses add the alarms of a hosting target; the pack names
 * them, wires each severity's actions and lists them for the health alarm and the dashboard.
 */
export abstract class AlarmPack extends Construct {
  private readonly members: PackAlarm[] = [];

  protected constructor(
    scope: Construct,
    id: string,
    private readonly options: AlarmPackOptions,
  ) {
    super(scope, id);
  }

  /** Every alarm of the pack, rollback alarms first. */
  get alarms(): readonly PackAlarm[] {
    return [...this.members].sort((a, b) => Number(b.rollback) - Number(a.rollback));
  }

  /** The alarms that mean the model is unhealthy; a model health alarm rolls these up. */
  get criticalAlarms(): cloudwatch.IAlarm[] {
    return this.ofSeverity('critical');
  }

  get warningAlarms(): cloudwatch.IAlarm[] {
    return this.ofSeverity('warning');
  }

  /** The alarms deployments watch and roll back on. */
  get rollbackAlarms(): cloudwatch.IAlarm[] {
    return this.members.filter((member) => member.rollback).map((member) => member.alarm);
  }

  protected addSpecs(specs: readonly AlarmSpec[]): void {
    for (const spec of specs) this.register(createAlarm(this, spec, this.options.alarmNamePrefix));
  }

  /** Takes in an alarm made elsewhere from the pack's definitions, e.g. an endpoint's rollback alarms. */
  protected adopt(alarm: cloudwatch.Alarm, severity: AlarmSeverity, rollback: boolean): void {
    this.register({ alarm, severity, rollback });
  }

  /** Custom alarms come last; their ids (`Custom-<name>`) never clash with the built-in ones. */
  protected addCustomAlarms(): void {
    const customs = this.options.customAlarms ?? [];
    throwOnProblems('AlarmPack', this, customAlarmProblems(customs));
    this.addSpecs(customs.map(customAlarmSpec));
  }

  private register(member: PackAlarm): void {
    const actions =
      member.severity === 'critical' ? this.options.criticalActions : this.options.warningActions;
    if (actions && actions.length > 0) member.alarm.addAlarmAction(...actions);
    this.members.push(member);
  }

  private ofSeverity(severity: AlarmSeverity): cloudwatch.IAlarm[] {
    return this.alarms.filter((member) => member.severity === severity).map((member) => member.alarm);
  }
}
