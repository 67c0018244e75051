import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SAGEMAKER_INVOCATION_METRICS, SAGEMAKER_INVOCATION_NAMESPACE } from '../../../contract/metrics';

/**
 * The invocation metrics SageMaker publishes in AWS/SageMaker for whatever its dimensions name, an endpoint variant or
 * an inference component ("Amazon SageMaker AI metrics in Amazon CloudWatch",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html): one method per metric, each taking
 * `MetricOptions` like aws-cdk-lib's own `metric*()` methods; counts default to Sum and latencies to Average, every one
 * to cloudwatch.Metric's five-minute period.
 */
export abstract class SageMakerInvocationMetrics {
  /** The dimensions that select what the metrics are about. */
  protected abstract readonly dimensionsMap: Readonly<Record<string, string>>;

  /** InvokeEndpoint requests it received. @default Sum over 5 minutes */
  metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.invocation(SAGEMAKER_INVOCATION_METRICS.invocations, cloudwatch.Stats.SUM, props);
  }

  /** Requests the model answered with a 5XX code (model or container faults). @default Sum over 5 minutes */
  metricInvocation5XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.invocation(SAGEMAKER_INVOCATION_METRICS.invocation5XXErrors, cloudwatch.Stats.SUM, props);
  }

  /** Requests the model answered with a 4XX code (bad requests). @default Sum over 5 minutes */
  metricInvocation4XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.invocation(SAGEMAKER_INVOCATION_METRICS.invocation4XXErrors, cloudwatch.Stats.SUM, props);
  }

  /** Time the model took to answer, as SageMaker sees it, in microseconds. @default Average over 5 minutes */
  metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.invocation(SAGEMAKER_INVOCATION_METRICS.modelLatency, cloudwatch.Stats.AVERAGE, props);
  }

  protected invocation(metricName: string, statistic: string, props?: cloudwatch.MetricOptions) {
    return this.metric(SAGEMAKER_INVOCATION_NAMESPACE, metricName, statistic, props);
  }

  protected metric(
    namespace: string,
    metricName: string,
    statistic: string,
    props?: cloudwatch.MetricOptions,
  ): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace,
      metricName,
      dimensionsMap: { ...this.dimensionsMap },
      statistic,
      ...props,
    });
  }
}
