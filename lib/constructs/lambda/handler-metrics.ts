import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { HANDLER_SERVICE_DIMENSION, HandlerMetricName } from '../../../contract/metrics';

/**
 * A metric the Lambda inference handler writes itself (embedded metric format, one dimension `service` = model
 * name), named by HANDLER_METRICS of contract/metrics.ts: InferenceLatency, BatchSize, ModelLoadTime,
 * InvalidRequests, InternalErrors.
 * @default Sum over one minute
 */
export function handlerMetric(
  namespace: string,
  modelName: string,
  metricName: HandlerMetricName,
  props: cloudwatch.MetricOptions = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace,
    metricName,
    dimensionsMap: { [HANDLER_SERVICE_DIMENSION]: modelName },
    statistic: cloudwatch.Stats.SUM,
    period: Duration.minutes(1),
    ...props,
  });
}
