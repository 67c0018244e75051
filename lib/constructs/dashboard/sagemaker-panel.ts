import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ModelPanel, PanelGraph } from './model-dashboard';
import { invocationErrorsGraph, modelLatencyGraph } from './invocation-graphs';
import { CapacityRange, PERIOD, rangeLines } from './panel-kit';
import { SAGEMAKER_INVOCATION_METRICS } from '../../../contract/metrics';
import { instanceFacts, normalisedUtilization, SageMakerEndpoint } from '../sagemaker';

export interface SageMakerPanelOptions {
  /** Title of the row. @default the endpoint name */
  readonly name?: string;
  /** Instance type of the variant: its vCPU and GPU counts normalise utilization to 0–100 %. @default raw utilization */
  readonly instanceType?: string;
  /** Instance count limits: the autoscaling range, or the fixed count as min = max. @default no limit lines */
  readonly instances?: CapacityRange;
  /** Limits of a serverless variant; charts concurrency instead of instances. @default an instance variant */
  readonly serverless?: { readonly maxConcurrency: number; readonly provisionedConcurrency?: number };
}

/** The dashboard panel of a SageMaker endpoint variant, from its public metric helpers. */
export function sageMakerEndpointPanel(
  endpoint: SageMakerEndpoint,
  options: SageMakerPanelOptions = {},
): ModelPanel {
  const { serverless } = options;
  return {
    name: options.name ?? endpoint.endpointName,
    target: 'sagemaker',
    summary: serverless
      ? `Serverless endpoint \`${endpoint.endpointName}\`, variant \`${endpoint.variantName}\``
      : `Endpoint \`${endpoint.endpointName}\`, variant \`${endpoint.variantName}\`${options.instanceType ? ` on ${options.instanceType}` : ''}`,
    traffic: {
      left: [endpoint.metricInvocations({ period: PERIOD, label: SAGEMAKER_INVOCATION_METRICS.invocations })],
      leftYAxis: { label: 'requests / min', showUnits: false },
    },
    errors: invocationErrorsGraph(endpoint),
    latencyMs: modelLatencyGraph(endpoint),
    capacity: serverless
      ? serverlessCapacity(endpoint, serverless)
      : instanceCapacity(endpoint, options.instances),
    utilization: serverless
      ? serverlessUtilization(endpoint)
      : instanceUtilization(endpoint, options.instanceType),
    alarms: endpoint.rollbackAlarms?.alarms ?? [],
  };
}

/**
 * Instances in service: every instance reports CPUUtilization once a minute, so the per-minute sample count
 * is the number of instances (SageMaker publishes no instance-count metric; instance metrics come every minute:
 * "Amazon SageMaker AI metrics in Amazon CloudWatch").
 */
function instanceCapacity(endpoint: SageMakerEndpoint, range: CapacityRange | undefined): PanelGraph {
  return {
    left: [
      endpoint.metricCpuUtilization({
        statistic: cloudwatch.Stats.SAMPLE_COUNT,
        period: PERIOD,
        label: 'Instances (CPUUtilization samples / min)',
      }),
    ],
    limits: range && rangeLines(range, 'instances'),
    leftYAxis: { label: 'instances', showUnits: false },
  };
}

function serverlessCapacity(
  endpoint: SageMakerEndpoint,
  limits: NonNullable<SageMakerPanelOptions['serverless']>,
): PanelGraph {
  return {
    left: [
      new cloudwatch.MathExpression({
        expression: `utilization * ${limits.maxConcurrency}`,
        usingMetrics: {
          utilization: serverlessConcurrencyUtilization(endpoint),
        },
        period: PERIOD,
        label: 'Concurrent executions (utilization × max concurrency)',
      }),
    ],
    limits: [
      {
        value: limits.maxConcurrency,
        label: `max concurrency ${limits.maxConcurrency}`,
        color: cloudwatch.Color.RED,
      },
      ...(limits.provisionedConcurrency
        ? [{ value: limits.provisionedConcurrency, label: `provisioned ${limits.provisionedConcurrency}` }]
        : []),
    ],
    leftYAxis: { label: 'concurrent executions', showUnits: false },
  };
}

/** CPU (and GPU) utilization divided by the instance's vCPUs (GPUs) when known; memory is already 0–100 %. */
function instanceUtilization(endpoint: SageMakerEndpoint, instanceType: string | undefined): PanelGraph {
  const facts = instanceType ? instanceFacts(instanceType) : undefined;
  const normalised = (metric: cloudwatch.Metric, units: number | undefined, unitName: string, id: string) =>
    units
      ? normalisedUtilization(
          metric,
          units,
          id,
          `${metric.metricName} (% of ${units} ${unitName}, normalised)`,
        )
      : metric.with({ label: `${metric.metricName} (0–100 × ${unitName}, not normalised)` });
  const perMinute = { period: PERIOD };
  return {
    left: [
      normalised(endpoint.metricCpuUtilization(perMinute), facts?.vcpus, 'vCPUs', 'cpu'),
      endpoint.metricMemoryUtilization({ ...perMinute, label: 'MemoryUtilization (%)' }),
      endpoint.metricDiskUtilization({ ...perMinute, label: 'DiskUtilization (%)' }),
      ...(facts && facts.gpus > 0
        ? [
            normalised(endpoint.metricGpuUtilization(perMinute), facts.gpus, 'GPUs', 'gpu'),
            normalised(endpoint.metricGpuMemoryUtilization(perMinute), facts.gpus, 'GPUs', 'gpuMemory'),
          ]
        : []),
    ],
    leftYAxis: facts ? { label: '%', max: 100, showUnits: false } : { label: '%', showUnits: false },
  };
}

function serverlessUtilization(endpoint: SageMakerEndpoint): PanelGraph {
  return {
    left: [
      new cloudwatch.MathExpression({
        expression: 'utilization * 100',
        usingMetrics: { utilization: serverlessConcurrencyUtilization(endpoint) },
        period: PERIOD,
        label: 'Concurrency (% of max concurrency)',
      }),
      endpoint.metricMemoryUtilization({ period: PERIOD, label: 'MemoryUtilization (%)' }),
    ],
    leftYAxis: { label: '%', max: 100, showUnits: false },
  };
}

function serverlessConcurrencyUtilization(endpoint: SageMakerEndpoint): cloudwatch.Metric {
  return endpoint.metricServerlessConcurrentExecutionsUtilization({
    statistic: cloudwatch.Stats.MAXIMUM,
    period: PERIOD,
  });
}
