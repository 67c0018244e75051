import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * A metric the Lambda inference handler emits itself (embedded metric format, one dimension `service` = model
 * name): InferenceLatency, BatchSize, ModelLoadTime, InvalidRequests, InternalErrors.
 * @default Sum over one minute
 */
export function handlerMetric(
  namespace: string,
  modelName: string,
  metricName: string,
  props: cloudwatch.MetricOptions = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace,
    metricName,
    dimensionsMap: { service: modelName },
    statistic: cloudwatch.Stats.SUM,
    period: Duration.minutes(1),
    ...props,
  });
}
