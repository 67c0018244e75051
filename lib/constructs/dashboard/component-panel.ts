import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SAGEMAKER_INVOCATION_METRICS } from '../../../contract/metrics';
import { InferenceComponentMetrics } from '../sagemaker/component-metrics';
import { ModelPanel } from './model-dashboard';
import { invocationErrorsGraph, modelLatencyGraph } from './invocation-graphs';
import { CapacityRange, PERIOD, rangeLines } from './panel-kit';

export interface ComponentPanelOptions {
  /** Title of the row, e.g. the model name. */
  readonly name: string;
  /** The endpoint the component shares, named in the summary. */
  readonly endpointName: string;
  /** The copy-count range, drawn as limit lines. @default no limit lines */
  readonly copies?: CapacityRange;
}

/**
 * The dashboard row of one inference component, from the metrics SageMaker publishes per component (dimension
 * InferenceComponentName, "Amazon SageMaker AI metrics in Amazon CloudWatch",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html). Each copy reports its utilization
 * once a minute, so the per-minute sample count of CPUUtilizationNormalized is the number of copies running.
 */
export function inferenceComponentPanel(componentName: string, options: ComponentPanelOptions): ModelPanel {
  const metrics = new InferenceComponentMetrics(componentName);
  return {
    name: options.name,
    target: 'sagemaker',
    summary: `Inference component \`${componentName}\` on shared endpoint \`${options.endpointName}\``,
    traffic: {
      left: [metrics.metricInvocations({ period: PERIOD, label: SAGEMAKER_INVOCATION_METRICS.invocations })],
      right: [
        metrics.metricNoCapacityInvocationFailures({
          period: PERIOD,
          label: 'No copy to serve (waking from zero)',
          color: cloudwatch.Color.ORANGE,
        }),
      ],
      leftYAxis: { label: 'requests / min', showUnits: false },
      rightYAxis: { label: 'failed for want of a copy / min', showUnits: false },
    },
    errors: invocationErrorsGraph(metrics),
    latencyMs: modelLatencyGraph(metrics),
    capacity: {
      left: [
        metrics.metricCpuUtilization({
          statistic: cloudwatch.Stats.SAMPLE_COUNT,
          period: PERIOD,
          label: 'Copies (CPUUtilizationNormalized samples / min)',
        }),
      ],
      limits: options.copies && rangeLines(options.copies, 'copies'),
      leftYAxis: { label: 'copies', showUnits: false },
    },
    utilization: {
      left: [
        metrics.metricCpuUtilization({ period: PERIOD, label: 'CPU (% of reserved cores)' }),
        metrics.metricMemoryUtilization({ period: PERIOD, label: 'Memory (% of reserved memory)' }),
      ],
      leftYAxis: { label: '%', min: 0, max: 100, showUnits: false },
    },
  };
}
