import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SAGEMAKER_INVOCATION_METRICS } from '../../../contract/metrics';
import type { SageMakerInvocationMetrics } from '../sagemaker/invocation-metrics';
import type { PanelGraph } from './model-dashboard';
import { PERCENTILES, PERIOD } from './panel-kit';

/** What the graphs read: an endpoint variant's or an inference component's metrics, or SageMakerEndpoint itself. */
type InvocationMetricSource = Pick<
  SageMakerInvocationMetrics,
  'metricInvocation4XXErrors' | 'metricInvocation5XXErrors' | 'metricModelLatency'
>;

/** 4XX and 5XX answers per minute, the graph of an endpoint variant's or an inference component's errors. */
export function invocationErrorsGraph(metrics: InvocationMetricSource): PanelGraph {
  return {
    left: [
      metrics.metricInvocation4XXErrors({
        period: PERIOD,
        label: '4XX (bad requests)',
        color: cloudwatch.Color.ORANGE,
      }),
      metrics.metricInvocation5XXErrors({
        period: PERIOD,
        label: '5XX (model faults)',
        color: cloudwatch.Color.RED,
      }),
    ],
    leftYAxis: { label: 'requests / min', showUnits: false },
  };
}

/**
 * ModelLatency percentiles in milliseconds. SageMaker reports it in microseconds ("Amazon SageMaker AI metrics in
 * Amazon CloudWatch", https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html). One expression per
 * percentile, each with its own id: a graph may hold an id only once.
 */
export function modelLatencyGraph(metrics: InvocationMetricSource): PanelGraph {
  return {
    left: PERCENTILES.map(
      (p) =>
        new cloudwatch.MathExpression({
          expression: `latency${p} / 1000`,
          usingMetrics: { [`latency${p}`]: metrics.metricModelLatency({ statistic: p, period: PERIOD }) },
          period: PERIOD,
          label: `${SAGEMAKER_INVOCATION_METRICS.modelLatency} ${p} (ms)`,
        }),
    ),
    leftYAxis: { label: 'ms', showUnits: false },
  };
}
