import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ModelPanel } from './model-dashboard';
import { PERIOD } from './panel-kit';
import type { EndpointVariantMetrics } from '../sagemaker/endpoint-metrics';
import type { SageMakerEndpoint } from '../sagemaker/endpoint';

/**
 * A dashboard row that sets an endpoint's shadow variant beside its production variant: requests, 5XX errors, p99
 * model latency and CPU, each graph with one line per variant (the metrics carry the VariantName dimension,
 * "Amazon SageMaker AI metrics in Amazon CloudWatch", https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html).
 * Undefined for an endpoint without a shadow.
 */
export function shadowComparisonPanel(endpoint: SageMakerEndpoint, name: string): ModelPanel | undefined {
  const shadow = endpoint.shadowMetrics();
  if (!shadow) return undefined;
  const production = endpoint.productionMetrics();
  const both = (
    pick: (metrics: EndpointVariantMetrics, label: string, color: string, id: string) => cloudwatch.IMetric,
  ): cloudwatch.IMetric[] => [
    pick(production, `production (${endpoint.variantName})`, cloudwatch.Color.BLUE, 'production'),
    pick(shadow, `shadow (${endpoint.shadowVariantName})`, cloudwatch.Color.PURPLE, 'shadow'),
  ];
  return {
    name: `${name}: production vs shadow`,
    target: 'sagemaker',
    summary: `Endpoint \`${endpoint.endpointName}\`: the shadow receives a copy of a share of the requests and answers nobody`,
    traffic: {
      left: both((m, label, color) => m.metricInvocations({ period: PERIOD, label, color })),
      leftYAxis: { label: 'requests / min', showUnits: false },
    },
    errors: {
      left: both((m, label, color) =>
        m.metricInvocation5XXErrors({ period: PERIOD, label: `${label} 5XX`, color }),
      ),
      leftYAxis: { label: 'requests / min', showUnits: false },
    },
    latencyMs: {
      // ModelLatency is in microseconds; one expression id per variant.
      left: both(
        (m, label, color, id) =>
          new cloudwatch.MathExpression({
            expression: `${id}Latency / 1000`,
            usingMetrics: {
              [`${id}Latency`]: m.metricModelLatency({ statistic: cloudwatch.Stats.p(99), period: PERIOD }),
            },
            period: PERIOD,
            label: `${label} p99`,
            color,
          }),
      ),
      leftYAxis: { label: 'ms', showUnits: false },
    },
    capacity: {
      left: both((m, label, color) =>
        m.metricCpuUtilization({ period: PERIOD, label: `${label} CPU`, color }),
      ),
      leftYAxis: { label: 'CPUUtilization (0–100 × vCPUs)', showUnits: false },
    },
  };
}
