import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  SAGEMAKER_COMPONENT_METRICS,
  SAGEMAKER_COMPONENT_NAMESPACE,
  SAGEMAKER_COMPONENT_UTILIZATION_METRICS,
} from '../../../contract/metrics';
import { SageMakerInvocationMetrics } from './invocation-metrics';

/**
 * The CloudWatch metrics of one inference component, dimension InferenceComponentName: its requests, errors and
 * latency in AWS/SageMaker, and its copies' utilization (0–100 % of what a copy reserves) in
 * /aws/sagemaker/InferenceComponents ("Amazon SageMaker AI metrics in Amazon CloudWatch",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html). Counts default to Sum, latency and
 * utilization to Average, like EndpointVariantMetrics.
 */
export class InferenceComponentMetrics extends SageMakerInvocationMetrics {
  protected readonly dimensionsMap: Readonly<Record<string, string>>;

  constructor(readonly componentName: string) {
    super();
    this.dimensionsMap = { InferenceComponentName: componentName };
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

  private utilization(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(SAGEMAKER_COMPONENT_NAMESPACE, metricName, cloudwatch.Stats.AVERAGE, props);
  }
}
