import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { DEFAULT_LLM_PROXY_NAMESPACE, LLM_PROXY_METRICS } from '../../../contract/llm-proxy';
import { HANDLER_SERVICE_DIMENSION } from '../../../contract/metrics';
import { EndpointVariantMetrics, normalisedUtilization } from './endpoint-metrics';

/** Where the chat proxy in front of an LLM endpoint writes its metrics (contract/llm-proxy.ts). */
export interface LlmProxyMetricsSource {
  /** The proxy's `service` dimension: the model name it answers under. */
  readonly serviceName: string;
  /** @default DEFAULT_LLM_PROXY_NAMESPACE */
  readonly namespace?: string;
}

/**
 * The signals of a large-language-model endpoint: what its users feel (time to first token, tokens per second, from
 * the chat proxy's own metrics) and what fills up first on the instances (GPU memory).
 */
export class LlmMetrics {
  constructor(
    private readonly proxy: LlmProxyMetricsSource,
    private readonly variant: EndpointVariantMetrics,
    /** GPUs of the instance type: GPUMemoryUtilization is 0–100 × GPUs. */
    private readonly gpus: number,
  ) {}

  /** Milliseconds from request to first answer token. @default p90 over 1 minute */
  metricTimeToFirstToken(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.proxyMetric(LLM_PROXY_METRICS.timeToFirstToken, 'p90', props);
  }

  /** Answer tokens per second of each request. @default p10 over 1 minute (the slow tail) */
  metricTokensPerSecond(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.proxyMetric(LLM_PROXY_METRICS.tokensPerSecond, 'p10', props);
  }

  /**
   * GPU memory in use as a percent of all the instance's GPUs (100 = every GPU full). SageMaker publishes
   * GPUMemoryUtilization in /aws/sagemaker/Endpoints as 0–100 × GPUs ("Amazon SageMaker AI metrics in Amazon
   * CloudWatch", https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html). @default Maximum, 1 minute
   */
  metricGpuMemoryPercent(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    const raw = this.variant.metricGpuMemoryUtilization({
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(1),
      ...props,
    });
    return normalisedUtilization(raw, this.gpus, 'gpuMemory', 'GPU memory (% of all GPUs)');
  }

  private proxyMetric(metricName: string, statistic: string, props?: cloudwatch.MetricOptions) {
    return new cloudwatch.Metric({
      namespace: this.proxy.namespace ?? DEFAULT_LLM_PROXY_NAMESPACE,
      metricName,
      dimensionsMap: { [HANDLER_SERVICE_DIMENSION]: this.proxy.serviceName },
      statistic,
      period: Duration.minutes(1),
      ...props,
    });
  }
}
