import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * Namespace of invocation metrics (Invocations, errors, ModelLatency and OverheadLatency in microseconds), dimensions
 * EndpointName and VariantName ("Amazon SageMaker AI metrics in Amazon CloudWatch",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html).
 */
export const INVOCATION_NAMESPACE = 'AWS/SageMaker';
/** Namespace of the instances' utilization metrics (CPU and GPU as 0–100 × cores; memory and disk 0–100), same page. */
export const INSTANCE_NAMESPACE = '/aws/sagemaker/Endpoints';

/** A SageMaker invocation metric of one variant. @default one-minute period */
export function endpointMetric(
  endpointName: string,
  variantName: string,
  metricName: string,
  statistic: string,
  period: Duration = Duration.minutes(1),
): cloudwatch.Metric {
  return variantMetric(INVOCATION_NAMESPACE, endpointName, variantName, metricName, statistic, period);
}

/** A utilization metric the variant's instances (or serverless workers) report. @default Average over one minute */
export function instanceMetric(
  endpointName: string,
  variantName: string,
  metricName: string,
  statistic: string = cloudwatch.Stats.AVERAGE,
  period: Duration = Duration.minutes(1),
): cloudwatch.Metric {
  return variantMetric(INSTANCE_NAMESPACE, endpointName, variantName, metricName, statistic, period);
}

/**
 * A per-core utilization metric (CPUUtilization is 0–100 × vCPUs, GPU metrics 0–100 × GPUs) divided by the
 * core count, so that 100 means every core is busy. `id` names the metric inside the expression.
 */
export function normalisedUtilization(
  metric: cloudwatch.Metric,
  cores: number,
  id: string,
  label: string,
): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `${id} / ${cores}`,
    usingMetrics: { [id]: metric },
    period: metric.period,
    label,
  });
}

function variantMetric(
  namespace: string,
  endpointName: string,
  variantName: string,
  metricName: string,
  statistic: string,
  period: Duration,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace,
    metricName,
    dimensionsMap: { EndpointName: endpointName, VariantName: variantName },
    statistic,
    period,
  });
}
