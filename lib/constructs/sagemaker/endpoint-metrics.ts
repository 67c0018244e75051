import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SageMakerInvocationMetrics } from './invocation-metrics';
import {
  SAGEMAKER_INSTANCE_METRICS,
  SAGEMAKER_INSTANCE_NAMESPACE,
  SAGEMAKER_INVOCATION_METRICS,
  SAGEMAKER_INVOCATION_NAMESPACE,
} from '../../../contract/metrics';

/** Namespace of the invocation metrics (contract/metrics.ts). */
export const INVOCATION_NAMESPACE = SAGEMAKER_INVOCATION_NAMESPACE;
/** Namespace of the instances' utilization metrics (contract/metrics.ts). */
export const INSTANCE_NAMESPACE = SAGEMAKER_INSTANCE_NAMESPACE;

/**
 * The CloudWatch metrics SageMaker publishes for one endpoint variant, one method per metric, each taking
 * `MetricOptions` like aws-cdk-lib's own `metric*()` methods: counts default to Sum, latencies and utilization to
 * Average, every one to cloudwatch.Metric's five-minute period. Dimensions EndpointName and VariantName ("Amazon
 * SageMaker AI metrics in Amazon CloudWatch", https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html).
 * SageMakerEndpoint's metric methods return these; alarms that know only the names build them directly.
 */
export class EndpointVariantMetrics extends SageMakerInvocationMetrics {
  protected readonly dimensionsMap: Readonly<Record<string, string>>;

  constructor(
    readonly endpointName: string,
    readonly variantName: string,
  ) {
    super();
    this.dimensionsMap = { EndpointName: endpointName, VariantName: variantName };
  }

  /** Time SageMaker added around the model, in microseconds. @default Average over 5 minutes */
  metricOverheadLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.invocation(SAGEMAKER_INVOCATION_METRICS.overheadLatency, cloudwatch.Stats.AVERAGE, props);
  }

  /** Serverless: time to launch compute for a cold start, in microseconds. @default Average over 5 minutes */
  metricModelSetupTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.invocation(SAGEMAKER_INVOCATION_METRICS.modelSetupTime, cloudwatch.Stats.AVERAGE, props);
  }

  /** Serverless: concurrent executions divided by the maximum concurrency (0–1). @default Average over 5 minutes */
  metricServerlessConcurrentExecutionsUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.invocation(
      SAGEMAKER_INVOCATION_METRICS.serverlessConcurrentExecutionsUtilization,
      cloudwatch.Stats.AVERAGE,
      props,
    );
  }

  /** CPU use of the instances, 0–100 × vCPUs. @default Average over 5 minutes */
  metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.instance(SAGEMAKER_INSTANCE_METRICS.cpuUtilization, props);
  }

  /** Memory use of the instances (or serverless workers), 0–100. @default Average over 5 minutes */
  metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.instance(SAGEMAKER_INSTANCE_METRICS.memoryUtilization, props);
  }

  /** Storage volume use of the instances, 0–100. @default Average over 5 minutes */
  metricDiskUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.instance(SAGEMAKER_INSTANCE_METRICS.diskUtilization, props);
  }

  /** GPU use of the instances, 0–100 × GPUs. @default Average over 5 minutes */
  metricGpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.instance(SAGEMAKER_INSTANCE_METRICS.gpuUtilization, props);
  }

  /** GPU memory use of the instances, 0–100 × GPUs. @default Average over 5 minutes */
  metricGpuMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.instance(SAGEMAKER_INSTANCE_METRICS.gpuMemoryUtilization, props);
  }

  private instance(metricName: string, props?: cloudwatch.MetricOptions) {
    return this.metric(SAGEMAKER_INSTANCE_NAMESPACE, metricName, cloudwatch.Stats.AVERAGE, props);
  }
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
