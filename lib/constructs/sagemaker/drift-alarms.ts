import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { createAlarm } from '../alarms/alarm-factory';

/**
 * Namespace Model Monitor's built-in analyzer publishes data-quality metrics of real-time endpoints to, and the
 * `feature_baseline_drift_<feature>` metric names ("CloudWatch Metrics", SageMaker Model Monitor,
 * https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-interpreting-cloudwatch.html). That page spells the
 * namespace `/aws/sagemaker/Endpoints/data-metric` with EndpointName and ScheduleName dimensions; the spelling and
 * dimensions here are the SageMaker Python SDK's (`AutomaticDataQualityDashboard`).
 */
export const DATA_METRICS_NAMESPACE = 'aws/sagemaker/Endpoints/data-metrics';

export interface DriftAlarmsProps {
  readonly endpointName: string;
  readonly monitoringScheduleName: string;
  /** Features (as named in the baseline) that get an alarm each. */
  readonly features: readonly string[];
  /** Largest acceptable baseline drift distance (0–1). */
  readonly maxDriftDistance: number;
  /** Where the alarms notify. */
  readonly actions: readonly cloudwatch.IAlarmAction[];
}

/** The drift distance of one feature, as the monitoring schedule's executions report it. */
export function featureDriftMetric(endpointName: string, scheduleName: string, feature: string) {
  return new cloudwatch.Metric({
    namespace: DATA_METRICS_NAMESPACE,
    metricName: `feature_baseline_drift_${feature}`,
    dimensionsMap: { Endpoint: endpointName, MonitoringSchedule: scheduleName },
    // One datapoint per execution; Maximum keeps its value even if two executions share a period.
    statistic: 'Maximum',
    period: Duration.hours(1),
  });
}

/**
 * One alarm per feature on its baseline drift distance, named `<endpoint>-drift-<feature>`.
 * Hours without a monitoring execution report nothing, and missing data is not drift
 * (NOT_BREACHING); a stopped schedule shows in the SageMaker console, not here.
 */
export function addDriftAlarms(scope: Construct, props: DriftAlarmsProps): cloudwatch.Alarm[] {
  return props.features.map((feature) => {
    const { alarm } = createAlarm(
      scope,
      {
        id: `Drift-${feature}`,
        nameSuffix: `drift-${feature}`,
        severity: 'warning',
        meaning:
          `Input feature ${feature} of ${props.endpointName} drifted from its training baseline ` +
          `(distance above ${props.maxDriftDistance}).`,
        runbook:
          `open the latest execution of monitoring schedule ${props.monitoringScheduleName} (constraint_violations.json ` +
          'in its report), compare recent requests with the baseline statistics, then fix the upstream data or retrain ' +
          'and publish a new baseline.',
        metric: featureDriftMetric(props.endpointName, props.monitoringScheduleName, feature),
        threshold: props.maxDriftDistance,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
      props.endpointName,
    );
    alarm.addAlarmAction(...props.actions);
    return alarm;
  });
}
