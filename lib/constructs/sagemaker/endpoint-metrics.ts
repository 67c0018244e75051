import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** Namespace of invocation metrics (Invocations, errors, ModelLatency and OverheadLatency in microseconds). */
export const INVOCATION_NAMESPACE = 'AWS/SageMaker';
/** Namespace of the instances' utilization metrics (CPU and GPU as 0–100 × cores; memory and disk 0–100). */
export const INSTANCE_NAMESPACE = '/aws/sagemaker/Endpoints';

/** A SageMaker invocation metric of one variant. @default one-minute period */
export function endpointMetric(
  endpointName: string,
  variantName: string,
  metricName: string,
  statistic: string,
  period: Duration = Duration.minutes(1),
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: INVOCATION_NAMESPACE,
    metricName,
    dimensionsMap: { EndpointName: endpointName, VariantName: variantName },
    statistic,
    period,
  });
}

/** A utilization metric the variant's instances (or serverless workers) report. @default Average over one minute */
export function instanceMetric(
  endpointName: string,
  variantName: string,
  metricName: string,
  statistic: string = cloudwatch.Stats.AVERAGE,
  period: Duration = Duration.minutes(1),
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: INSTANCE_NAMESPACE,
    metricName,
    dimensionsMap: { EndpointName: endpointName, VariantName: variantName },
    statistic,
    period,
  });
}
