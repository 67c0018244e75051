import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  FIREHOSE_METRICS,
  FIREHOSE_NAMESPACE,
  HANDLER_METRICS,
  LOGS_NAMESPACE,
  LOGS_SUBSCRIPTION_METRICS,
} from '../../../contract/metrics';
import { handlerMetric } from '../lambda/handler-metrics';
import { AlarmSpec } from './alarm-factory';
import { LAMBDA_ALARMS, LambdaAlarmTunings, resolveTuning } from './catalog';
import { pascal } from './sagemaker-alarm-specs';

/** Where a Lambda-hosted model's capture records travel: log group → subscription filter → Firehose → S3. */
export interface CaptureDelivery {
  /** The function's log group, which the subscription filter reads. */
  readonly logGroupName: string;
  /** Name of the subscription filter: the FilterName dimension of its AWS/Logs metrics. */
  readonly subscriptionFilterName: string;
  /** Name of the Firehose stream: the DeliveryStreamName dimension of its AWS/Firehose metrics. */
  readonly deliveryStreamName: string;
}

/** What the capture alarms need to know about the model. */
export interface CaptureAlarmFacts {
  readonly modelName: string;
  /** Namespace of the handler's own metrics (CaptureRecordsDropped). */
  readonly metricsNamespace: string;
  readonly capture: CaptureDelivery;
}

const FIVE_MINUTES = Duration.minutes(5);
const { GREATER_THAN_THRESHOLD } = cloudwatch.ComparisonOperator;
const { NOT_BREACHING } = cloudwatch.TreatMissingData;

/**
 * The alarms on each leg of a Lambda model's capture: the handler dropping sampled rows, CloudWatch Logs failing to
 * put the lines to the Firehose stream, and the stream failing to write them to S3 (its oldest record growing old:
 * Firehose retries S3 for up to 24 hours before it writes the records under the error prefix). Each is in the alarm
 * catalog (`LAMBDA_ALARMS`), tunable under the same keys, and follows the pack's routing. No data means no capture
 * traffic: not breaching.
 */
export function captureAlarmSpecs(facts: CaptureAlarmFacts, tunings: LambdaAlarmTunings = {}): AlarmSpec[] {
  const { modelName, capture } = facts;
  const tuned = (key: 'captureDropped' | 'captureDeliveryErrors' | 'captureDataFreshness') => {
    const entry = LAMBDA_ALARMS[key];
    const resolved = resolveTuning(entry, tunings[key]);
    return {
      enabled: resolved.enabled,
      spec: {
        id: pascal(key),
        nameSuffix: entry.nameSuffix,
        severity: resolved.severity,
        threshold: resolved.threshold!,
        comparisonOperator: GREATER_THAN_THRESHOLD,
        treatMissingData: NOT_BREACHING,
      },
    };
  };
  const specs: { enabled: boolean; spec: AlarmSpec }[] = [];

  const dropped = tuned('captureDropped');
  specs.push({
    enabled: dropped.enabled,
    spec: {
      ...dropped.spec,
      evaluationPeriods: 1,
      metric: handlerMetric(facts.metricsNamespace, modelName, HANDLER_METRICS.captureRecordsDropped, {
        statistic: cloudwatch.Stats.SUM,
        period: FIVE_MINUTES,
      }),
      meaning: `The handler of model ${modelName} dropped more than ${dropped.spec.threshold} sampled rows in five minutes instead of capturing them: drift and quality see fewer answers than were sampled.`,
      runbook: `look for requests whose rows exceed the capture line limit (very wide inputs) in ${capture.logGroupName}; lower the batch size or capture fewer inputs.`,
    },
  });

  const errors = tuned('captureDeliveryErrors');
  specs.push({
    enabled: errors.enabled,
    spec: {
      ...errors.spec,
      evaluationPeriods: 1,
      // Its dimensions are LogGroupName, DestinationType and FilterName, and the docs do not give the value of
      // DestinationType for a Firehose destination: a Metrics Insights query over the namespace matches the filter
      // whatever it is ("Create a CloudWatch alarm based on a Metrics Insights query",
      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Metrics_Insights_Alarm.html; syntax:
      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html).
      metric: new cloudwatch.MathExpression({
        expression:
          `SELECT SUM(${LOGS_SUBSCRIPTION_METRICS.deliveryErrors}) FROM "${LOGS_NAMESPACE}" ` +
          `WHERE LogGroupName = '${capture.logGroupName}' AND FilterName = '${capture.subscriptionFilterName}'`,
        usingMetrics: {},
        label: 'Capture delivery errors',
        period: FIVE_MINUTES,
      }),
      meaning: `CloudWatch Logs could not put capture records of model ${modelName} to Firehose stream ${capture.deliveryStreamName}; non-retryable errors lose the records.`,
      runbook: `check the subscription filter's role (firehose:PutRecord, PutRecordBatch on the stream) and that the stream exists and is ACTIVE.`,
    },
  });

  const freshness = tuned('captureDataFreshness');
  const maxSeconds = freshness.spec.threshold / 1000;
  specs.push({
    enabled: freshness.enabled,
    spec: {
      ...freshness.spec,
      evaluationPeriods: 3,
      // The metric is in seconds; the catalog's field is milliseconds.
      threshold: maxSeconds,
      metric: new cloudwatch.Metric({
        namespace: FIREHOSE_NAMESPACE,
        metricName: FIREHOSE_METRICS.deliveryToS3DataFreshness,
        dimensionsMap: { DeliveryStreamName: capture.deliveryStreamName },
        statistic: cloudwatch.Stats.MAXIMUM,
        period: FIVE_MINUTES,
      }),
      meaning: `Capture records of model ${modelName} wait more than ${maxSeconds} s in Firehose stream ${capture.deliveryStreamName}: S3 delivery is failing, and after 24 hours of retries they go to the error prefix.`,
      runbook: `read the stream's S3Delivery error log; check the delivery role's PutObject and kms:GenerateDataKey on the capture bucket and its key.`,
    },
  });
  return specs.filter((s) => s.enabled).map((s) => s.spec);
}
