import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  SAGEMAKER_COMPONENT_METRICS,
  SAGEMAKER_COMPONENT_NAMESPACE,
  SAGEMAKER_COMPONENT_UTILIZATION_METRICS,
  SAGEMAKER_INVOCATION_METRICS,
  SAGEMAKER_INVOCATION_NAMESPACE,
} from '../../../contract/metrics';

/**
 * The CloudWatch metrics of one inference component, dimension InferenceComponentName: its requests, errors and
 * latency in AWS/SageMaker, and its copies' utilization (0–100 % of what a copy reserves) in
 * /aws/sagemaker/InferenceComponents ("Amazon SageMaker AI metrics in Amazon CloudWatch",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html). Counts default to Sum, latency and
 * utilization to Average, like EndpointVariantMetrics.
 */
export class InferenceComponentMetrics {
  constructor(readonly componentName: string) {}

  /** InvokeEndpoint requests that named the component. @default Sum over 5 minutes */
  metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.invocation(SAGEMAKER_INVOCATION_METRICS.invocations, cloudwatch.Stats.SUM, props);
  }

  /** Requests the model answered with a 5XX code. @default Sum over 5 minutes */
  metricInvocation5XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.invocation(SAGEMAKER_INVOCATION_METRICS.invocation5XXErrors, cloudwatch.Stats.SUM, props);
  }

  /** Requests the model answered with a 4XX code. @default Sum over 5 minutes */
  metricInvocation4XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.invocation(SAGEMAKER_INVOCATION_METRICS.invocation4XXErrors, cloudwatch.Stats.SUM, props);
  }

  /** Time the model took to answer, in microseconds. @default Average over 5 minutes */
  metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.invocation(SAGEMAKER_INVOCATION_METRICS.modelLatency, cloudwatch.Stats.AVERAGE, props);
  }

  /** Invocations divided by the copies serving them. @default Sum over 5 minutes */
  metricInvocationsPerCopy(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.invocation(SAGEMAKER_COMPONENT_METRICS.invocationsPerCopy, cloudwatch.Stats.SUM, props);
  }

  /** Requests that found no copy to serve them (the component was at zero). @default Sum over 5 minutes */
  metricNoCapacityInvocationFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.invocation(
      SAGEMAKER_COMPONENT_METRICS.noCapacityInvocationFailures,
      cloudwatch.Stats.SUM,
      props,
    );
  }

  /** CPU of the copies, 0–100 % of NumberOfCpuCoresRequired. @default Average over 5 minutes */
  metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.utilization(SAGEMAKER_COMPONENT_UTILIZATION_METRICS.cpuUtilization, props);
  }

  /** Memory of the copies, 0–100 % of MinMemoryRequiredInMb. @default Average over 5 minutes */
  metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.utilization(SAGEMAKER_COMPONENT_UTILIZATION_METRICS.memoryUtilization, props);
  }

  /** GPU of the copies, 0–100 % of NumberOfAcceleratorDevicesRequired. @default Average over 5 minutes */
  metricGpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.utilization(SAGEMAKER_COMPONENT_UTILIZATION_METRICS.gpuUtilization, props);
  }

  private invocation(
    metricName: string,
    statistic: string,
    props?: cloudwatch.MetricOptions,
  ): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: SAGEMAKER_INVOCATION_NAMESPACE,
      metricName,
      dimensionsMap: { InferenceComponentName: this.componentName },
      statistic,
      ...props,
    });
  }

  private utilization(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: SAGEMAKER_COMPONENT_NAMESPACE,
      metricName,
      dimensionsMap: { InferenceComponentName: this.componentName },
      statistic: cloudwatch.Stats.AVERAGE,
      ...props,
    });
  }
}
