import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { createAlarm } from '../alarms/alarm-factory';
import { sageMakerRollbackSpecs } from '../alarms/sagemaker-alarm-specs';

/** Thresholds of the alarms that roll a deployment back. */
export interface RollbackAlarmThresholds {
  /** Largest acceptable share of invocations answered with 5XX, in percent. @default 1 */
  readonly maxErrorRatePercent?: number;
  /** Largest acceptable p99 model latency. @default Duration.seconds(1) */
  readonly maxLatencyP99?: Duration;
}

export interface RollbackAlarmsProps extends RollbackAlarmThresholds {
  readonly endpointName: string;
  readonly variantName: string;
}

/**
 * The alarms SageMaker watches during a deployment's baking periods: 5XX error rate and p99 model
 * latency of the variant, as the alarm pack defines them. Their names are fixed
 * (`<endpoint>-rollback-5xx-rate`, `<endpoint>-rollback-p99-latency`) so the endpoint can reference them
 * without a CloudFormation dependency cycle. Missing data (no traffic) does not trigger a rollback.
 */
export class RollbackAlarms extends Construct {
  readonly errorRate: cloudwatch.Alarm;
  readonly latency: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: RollbackAlarmsProps) {
    super(scope, id);
    const [errorRate, latency] = sageMakerRollbackSpecs(props.endpointName, props.variantName, {
      serverErrorRate: { maxPercent: props.maxErrorRatePercent },
      latencyP99: { maxMs: props.maxLatencyP99?.toMilliseconds() },
    }).map((spec) => createAlarm(this, spec, props.endpointName).alarm);
    this.errorRate = errorRate;
    this.latency = latency;
  }

  get alarms(): cloudwatch.Alarm[] {
    return [this.errorRate, this.latency];
  }
}
