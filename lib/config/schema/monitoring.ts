import { z } from 'zod';
import * as aws from './aws-values';
import { s3UriString } from './strings';

/** `sagemaker.dataCapture` and `sagemaker.monitoring`: what an endpoint records, and the drift checks on it. */

export const dataCaptureSchema = z
  .strictObject({
    enabled: z.boolean().describe('Capture requests and responses to the environment capture bucket.'),
    // InitialSamplingPercentage 0–100 ("DataCaptureConfig", Amazon SageMaker API Reference).
    samplingPercent: z.int().min(0).max(100).describe('Share of requests captured.'),
    captureInputs: z.boolean().describe('Capture request payloads.'),
    captureOutputs: z.boolean().describe('Capture response payloads.'),
  })
  .partial()
  .describe('Request and response capture (instance variants only), the input of drift monitoring.');

/** `lambda.dataCapture`: the share of a Lambda-hosted model's answers shipped to the capture bucket. */
export const lambdaDataCaptureSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .describe(
        'Write sampled answers as capture records to the function log; a subscription filter ships them through Amazon Data Firehose to the capture bucket (docs/observability.md#capture).',
      ),
    samplingPercent: z.number().min(0).max(100).describe('Share of answers captured, in percent.'),
  })
  .partial()
  .describe(
    'Request and response capture of a Lambda-hosted model, the input of drift and quality monitoring.',
  );

/**
 * `monitoring`: drift and quality monitoring on parts every account has (capture, Athena, a scheduled Lambda),
 * for SageMaker and Lambda models alike (docs/observability.md#drift-and-quality-monitoring).
 */
export const driftMonitoringSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .describe(
        'Run the drift and quality job on the captured answers; needs capture on (dataCapture.enabled).',
      ),
    baselinePath: z
      .string()
      .min(1)
      .describe('The baseline JSON `mldeploy baseline` wrote, published with the model as an artifact.'),
    window: z.enum(['hour', 'day']).describe('Captured time each run reads: the last full hour or day.'),
    task: z
      .enum(['classifier', 'regressor'])
      .describe('classifier: accuracy and macro F1 from ground truth; regressor: MAE and RMSE.'),
    minRecords: z.int().min(1).describe('Fewest captured rows a window needs for a distance.'),
    maxPsi: z
      .number()
      .gt(0)
      .describe(
        'Warning alarm when a feature or the prediction has a PSI above this (0.25: significant shift).',
      ),
    minAccuracy: z
      .number()
      .gt(0)
      .max(1)
      .describe('Warning alarm when the labelled accuracy falls below this.'),
    // BytesScannedCutoffPerQuery: at least 10,000,000 bytes ("WorkGroupConfiguration", Amazon Athena API Reference,
    // https://docs.aws.amazon.com/athena/latest/APIReference/API_WorkGroupConfiguration.html).
    maxScanMb: z.int().min(10).describe('Athena cancels a query that would scan more than this (MB).'),
  })
  .partial()
  .describe(
    'Drift (PSI, Jensen–Shannon) and model quality from captured answers, computed in Athena on a schedule.',
  );

export const monitoringSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .describe(
        'Run a Model Monitor data-quality schedule against the captured requests. Off unless set: SageMaker Model Monitor is no longer open to new customers (AWS "Amazon SageMaker Model Monitor availability change"), and in an account that has not used it the schedule fails to create and the stack rollback deletes the endpoint. Enable only in accounts that already use Model Monitor (synth warns).',
      ),
    baselinePath: z
      .string()
      .min(1)
      .describe(
        'A folder in this repository with statistics.json, constraints.json and optionally preprocessor.py, published like an artifact.',
      ),
    baselineStatisticsUri: s3UriString().describe(
      'Baseline statistics.json in S3 (with baselineConstraintsUri, instead of baselinePath).',
    ),
    baselineConstraintsUri: s3UriString().describe(
      'Baseline constraints.json in S3 (with baselineStatisticsUri, instead of baselinePath).',
    ),
    recordPreprocessorUri: s3UriString().describe(
      'Record preprocessor script in S3, for captured payloads the analyzer cannot parse.',
    ),
    features: z
      .array(z.string().min(1).max(200))
      .describe('Features with a drift alarm; read from the baseline constraints.json when absent.'),
    maxDriftDistance: z
      .number()
      .gt(0)
      .max(1)
      .describe('Alarm when a feature’s baseline drift distance exceeds this.'),
    scheduleExpression: aws
      .monitoringScheduleString()
      .describe(
        'When the monitoring job runs (UTC): hourly cron(0 * ? * * *), daily cron(0 H ? * * *) or every N hours cron(0 H/N ? * * *).',
      ),
    instanceType: aws
      .processingInstanceTypeString()
      .describe('Instance type of the monitoring job: a SageMaker processing instance type.'),
    // MaxRuntimeInSeconds at most 86400 ("MonitoringStoppingCondition", Amazon SageMaker API Reference,
    // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_MonitoringStoppingCondition.html).
    maxRuntimeSeconds: z.int().min(60).max(86400).describe('Monitoring job time limit.'),
    // VolumeSizeInGB 1–16384 ("MonitoringClusterConfig", Amazon SageMaker API Reference).
    volumeSizeGb: z.int().min(1).max(16384).describe('Storage volume of the monitoring job.'),
  })
  .partial()
  .describe('Data-quality drift monitoring with SageMaker Model Monitor; needs dataCapture.');
