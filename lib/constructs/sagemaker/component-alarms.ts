import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { AlarmSpec } from '../alarms/alarm-factory';
import { AlarmPack, AlarmPackOptions } from '../alarms/alarm-pack';
import { resolveTuning, SAGEMAKER_ALARMS, SageMakerAlarmTunings } from '../alarms/catalog';
import { InferenceComponentMetrics } from './component-metrics';

export interface InferenceComponentAlarmPackProps extends AlarmPackOptions {
  /** The component's name (InferenceComponentName), the dimension of every metric it alarms on. */
  readonly componentName: string;
  /** The shared endpoint, named in the runbooks (its log group). */
  readonly endpointName: string;
  /**
   * Thresholds of the 5XX rate (serverErrorRate), p99 latency (latencyP99) and 4XX rate (clientErrorRate), as for
   * an endpoint's pack; the other entries do not apply to a component. @default the catalog's defaults
   */
  readonly tunings?: SageMakerAlarmTunings;
  /** The component may scale to zero copies: requests that find none are expected for a few minutes. */
  readonly scalesToZero: boolean;
}

const ONE_MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);
const { GREATER_THAN_THRESHOLD } = cloudwatch.ComparisonOperator;

/**
 * The alarms of one inference component, on the metrics SageMaker publishes per component (dimension
 * InferenceComponentName, "Amazon SageMaker AI metrics in Amazon CloudWatch",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html): its 5XX and 4XX rates, its p99 model
 * latency, and requests failing for want of a copy for longer than a wake-up takes. The 5XX-rate and latency alarms
 * are its rollback alarms (`rollbackAlarms`): a rolling update of the component watches them. Instance alarms belong
 * to the shared endpoint, whose instances every component uses.
 */
export class InferenceComponentAlarmPack extends AlarmPack {
  constructor(scope: Construct, id: string, props: InferenceComponentAlarmPackProps) {
    super(scope, id, props);
    this.addSpecs(componentAlarmSpecs(props));
    this.addCustomAlarms();
  }
}

/** The pack's alarms as data. */
export function componentAlarmSpecs(props: InferenceComponentAlarmPackProps): AlarmSpec[] {
  const { componentName, endpointName, tunings = {} } = props;
  const metrics = new InferenceComponentMetrics(componentName);
  const threshold = (key: 'serverErrorRate' | 'latencyP99' | 'clientErrorRate') =>
    resolveTuning(SAGEMAKER_ALARMS[key], tunings[key]);
  // Components write to their endpoint's log group ("Log groups and streams that Amazon SageMaker AI sends to
  // Amazon CloudWatch Logs", https://docs.aws.amazon.com/sagemaker/latest/dg/logging-cloudwatch.html).
  const logs = `/aws/sagemaker/Endpoints/${endpointName}`;
  const rate = (errors: cloudwatch.Metric, period: Duration, label: string) =>
    new cloudwatch.MathExpression({
      // No invocations is no error rate: 0 rather than a division by zero.
      expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
      usingMetrics: { errors, invocations: metrics.metricInvocations({ period }) },
      period,
      label,
    });
  const errors = threshold('serverErrorRate');
  const latency = threshold('latencyP99');
  const client = threshold('clientErrorRate');
  const specs: AlarmSpec[] = [
    {
      id: 'ErrorRate',
      nameSuffix: '5xx-rate',
      severity: 'critical',
      metric: rate(
        metrics.metricInvocation5XXErrors({ period: ONE_MINUTE }),
        ONE_MINUTE,
        '5XX error rate (%)',
      ),
      threshold: errors.threshold!,
      comparisonOperator: GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      meaning: `More than ${errors.threshold} % of requests to inference component ${componentName} fail with 5XX.`,
      runbook: `look for ${componentName}'s model errors in ${logs}.`,
      rollback: true,
    },
    {
      id: 'Latency',
      nameSuffix: 'p99-latency',
      severity: 'critical',
      // ModelLatency is in microseconds (same page); the setting is in milliseconds.
      threshold: latency.threshold! * 1000,
      metric: metrics.metricModelLatency({ statistic: cloudwatch.Stats.p(99), period: ONE_MINUTE }),
      comparisonOperator: GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      meaning: `p99 model latency of inference component ${componentName} is above ${latency.threshold} ms.`,
      runbook: `compare its copies' CPU and memory (/aws/sagemaker/InferenceComponents) with maxCopies; a neighbour on ${endpointName} may crowd the instances.`,
      rollback: true,
    },
  ];
  if (client.enabled) {
    specs.push({
      id: 'ClientErrorRate',
      nameSuffix: '4xx-rate',
      severity: client.severity,
      metric: rate(
        metrics.metricInvocation4XXErrors({ period: FIVE_MINUTES }),
        FIVE_MINUTES,
        '4XX error rate (%)',
      ),
      threshold: client.threshold!,
      comparisonOperator: GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      meaning: `More than ${client.threshold} % of requests to inference component ${componentName} are rejected as bad requests (4XX).`,
      runbook: `check which client changed its payload; the reasons are in ${logs}.`,
    });
  }
  specs.push({
    id: 'NoCapacity',
    nameSuffix: 'no-capacity-sustained',
    severity: 'critical',
    metric: metrics.metricNoCapacityInvocationFailures({ period: FIVE_MINUTES }),
    threshold: 0,
    comparisonOperator: GREATER_THAN_THRESHOLD,
    // Waking from zero takes minutes (a new instance, then a copy): only 15 minutes of failures mean it is stuck.
    evaluationPeriods: props.scalesToZero ? 3 : 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    meaning: props.scalesToZero
      ? `Requests to ${componentName} found no copy for 15 minutes: waking from zero is not working.`
      : `Requests to ${componentName} found no copy although it keeps at least one.`,
    runbook: `check the scaling activities of inference-component/${componentName} and the instance range of ${endpointName} (maxInstances, instance quota).`,
  });
  return specs;
}
