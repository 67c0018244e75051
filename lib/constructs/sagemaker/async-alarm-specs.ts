import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { AlarmSpec } from '../alarms/alarm-factory';
import { SAGEMAKER_ASYNC_METRICS, SAGEMAKER_INVOCATION_NAMESPACE } from '../../../contract/metrics';

/** Thresholds of an asynchronous endpoint's own alarms. */
export interface AsyncAlarmThresholds {
  /** Age of the oldest queued request that pages. @default Duration.minutes(30) */
  readonly maxOldestRequestAge?: Duration;
  /** Failed invocations in 5 minutes above which it pages. @default 0 (any failure) */
  readonly maxFailedInvocations?: number;
}

/**
 * The two signals of an asynchronous endpoint the real-time alarms cannot see: the queue getting old (the fleet
 * cannot keep up, or it stays at zero) and failed invocations, which an asynchronous endpoint reports as
 * InvocationFailures instead of answering a caller with a 5XX ("Alarms and logs for tracking metrics from asynchronous
 * endpoints", https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-monitor.html).
 */
export function asyncAlarmSpecs(
  endpointName: string,
  variantName: string,
  thresholds: AsyncAlarmThresholds = {},
): AlarmSpec[] {
  const maxAgeSeconds = (thresholds.maxOldestRequestAge ?? Duration.minutes(30)).toSeconds();
  const maxFailures = thresholds.maxFailedInvocations ?? 0;
  const logs = `/aws/sagemaker/Endpoints/${endpointName}`;
  return [
    {
      id: 'AsyncBacklogAge',
      nameSuffix: 'async-backlog-age',
      severity: 'critical',
      metric: new cloudwatch.Metric({
        namespace: SAGEMAKER_INVOCATION_NAMESPACE,
        metricName: SAGEMAKER_ASYNC_METRICS.ageOfOldestRequest,
        dimensionsMap: { EndpointName: endpointName },
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.minutes(5),
      }),
      threshold: maxAgeSeconds,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      // No data: nothing queued.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      meaning: `The oldest request queued for ${endpointName} has waited more than ${maxAgeSeconds} seconds for 10 minutes.`,
      runbook: `check the instance count (a fleet stuck at zero: the ${endpointName}-backlog-without-capacity alarm and its scaling activity), the backlog and maxInstances.`,
    },
    {
      id: 'AsyncInvocationFailures',
      nameSuffix: 'async-failures',
      severity: 'critical',
      metric: new cloudwatch.Metric({
        namespace: SAGEMAKER_INVOCATION_NAMESPACE,
        metricName: SAGEMAKER_ASYNC_METRICS.invocationFailures,
        dimensionsMap: { EndpointName: endpointName, VariantName: variantName },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.minutes(5),
      }),
      threshold: maxFailures,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      meaning: `More than ${maxFailures} asynchronous invocations of ${endpointName} failed in 5 minutes.`,
      runbook: `read the failure objects under the endpoint's failure path and the data-log streams of ${logs}.`,
    },
  ];
}
