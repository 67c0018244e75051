import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';

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

/** One-minute SageMaker endpoint metric of a variant. */
export function endpointMetric(
  endpointName: string,
  variantName: string,
  metricName: string,
  statistic: string,
) {
  return new cloudwatch.Metric({
    namespace: 'AWS/SageMaker',
    metricName,
    dimensionsMap: { EndpointName: endpointName, VariantName: variantName },
    statistic,
    period: Duration.minutes(1),
  });
}

/**
 * The alarms SageMaker watches during a deployment's baking periods: 5XX error rate and p99 model
 * latency of the variant. Their names are fixed so the endpoint can reference them without a
 * CloudFormation dependency cycle. Missing data (no traffic) does not trigger a rollback.
 */
export class RollbackAlarms extends Construct {
  readonly errorRate: cloudwatch.Alarm;
  readonly latency: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: RollbackAlarmsProps) {
    super(scope, id);
    const maxErrorRatePercent = props.maxErrorRatePercent ?? 1;
    const maxLatency = props.maxLatencyP99 ?? Duration.seconds(1);
    const metric = (name: string, statistic: string) =>
      endpointMetric(props.endpointName, props.variantName, name, statistic);

    this.errorRate = new cloudwatch.Alarm(this, 'ErrorRate', {
      alarmName: `${props.endpointName}-rollback-5xx-rate`,
      alarmDescription:
        `More than ${maxErrorRatePercent}% of requests to ${props.endpointName} fail with 5XX. ` +
        'During a deployment SageMaker rolls back; otherwise check the endpoint logs (/aws/sagemaker/Endpoints/' +
        `${props.endpointName}) for model errors first.`,
      metric: new cloudwatch.MathExpression({
        expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
        usingMetrics: {
          errors: metric('Invocation5XXErrors', 'Sum'),
          invocations: metric('Invocations', 'Sum'),
        },
        period: Duration.minutes(1),
        label: '5XX error rate (%)',
      }),
      threshold: maxErrorRatePercent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.latency = new cloudwatch.Alarm(this, 'Latency', {
      alarmName: `${props.endpointName}-rollback-p99-latency`,
      alarmDescription:
        `p99 model latency of ${props.endpointName} is above ${maxLatency.toMilliseconds()} ms. ` +
        'During a deployment SageMaker rolls back; otherwise compare ModelLatency with CPU/GPU utilization and scale out.',
      // ModelLatency is reported in microseconds.
      metric: metric('ModelLatency', 'p99'),
      threshold: maxLatency.toMilliseconds() * 1000,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  get alarms(): cloudwatch.Alarm[] {
    return [this.errorRate, this.latency];
  }
}
