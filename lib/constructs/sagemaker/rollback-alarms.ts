import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { createAlarm } from '../alarms/alarm-factory';
import { RollbackThresholds } from '../alarms/rollback-thresholds';
import { sageMakerRollbackSpecs } from '../alarms/sagemaker-alarm-specs';

/** The endpoint's rollback alarms: the variant they watch and their thresholds (the 5XX rate is the error rate). */
/**
 * AutoRollbackConfiguration takes at most 10 alarms ("AutoRollbackConfig", Amazon SageMaker API Reference,
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoRollbackConfig.html).
 */
export const MAX_ROLLBACK_ALARMS = 10;

export interface EndpointRollbackAlarmsProps extends RollbackThresholds {
  readonly endpointName: string;
  readonly variantName: string;
  /** An asynchronous endpoint, which publishes no Invocations: the 5XX rate is read from the errors alone. @default false */
  readonly asynchronous?: boolean;
}

/**
 * The alarms SageMaker watches during a deployment's baking periods: 5XX error rate and p99 model
 * latency of the variant, as the alarm pack defines them. Their names are fixed
 * (`<endpoint>-rollback-5xx-rate`, `<endpoint>-rollback-p99-latency`) so the endpoint can reference them
 * without a CloudFormation dependency cycle. Missing data (no traffic) does not trigger a rollback.
 */
export class EndpointRollbackAlarms extends Construct {
  readonly errorRate: cloudwatch.Alarm;
  readonly p99Latency: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: EndpointRollbackAlarmsProps) {
    super(scope, id);
    const [errorRate, p99Latency] = sageMakerRollbackSpecs(
      props.endpointName,
      props.variantName,
      {
        serverErrorRate: { maxPercent: props.maxErrorRatePercent },
        latencyP99: { maxMs: props.maxP99Latency?.toMilliseconds() },
      },
      props.asynchronous,
    ).map((spec) => createAlarm(this, spec, props.endpointName).alarm);
    this.errorRate = errorRate;
    this.p99Latency = p99Latency;
  }

  get alarms(): cloudwatch.Alarm[] {
    return [this.errorRate, this.p99Latency];
  }
}
