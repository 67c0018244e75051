import * as fs from 'fs';
import * as path from 'path';
import { Annotations, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { MonitoringSettings, ResolvedModel } from '../config';
import { CaptureBucket } from '../constructs/storage/capture-bucket';
import { ModelArtifact } from '../constructs/storage/model-artifact';
import { ModelBucket } from '../constructs/storage/model-bucket';
import { DataQualityMonitor, MonitoringBaseline, SageMakerEndpoint } from '../constructs/sagemaker';

export interface MonitoringDeps {
  readonly modelBucket: ModelBucket;
  readonly captureBucket: CaptureBucket;
  /** Where the drift alarms notify. */
  readonly driftAlarmActions: readonly cloudwatch.IAlarmAction[];
}

/** Record preprocessor a local baseline folder may hold, for payloads the analyzer cannot parse itself. */
const PREPROCESSOR_FILE = 'preprocessor.py';

/**
 * SageMaker Model Monitor is no longer open to new customers; existing customers keep it (AWS: "Amazon SageMaker
 * Model Monitor availability change", https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-availability-change.html).
 * In an account that has never used it, creating the schedule fails, and the stack's rollback deletes the endpoint.
 */
const MODEL_MONITOR_AVAILABILITY_WARNING =
  'sagemaker.monitoring is enabled: SageMaker Model Monitor is no longer open to new customers (AWS "Amazon SageMaker ' +
  'Model Monitor availability change"). In an account that has not used Model Monitor before, creating the monitoring ' +
  'schedule fails and the rollback of this stack deletes the endpoint. Enable it only in accounts that already use ' +
  'Model Monitor; data capture works without it.';

/** Maps a model's `sagemaker.monitoring` settings onto a DataQualityMonitor of its endpoint. */
export function addDataQualityMonitoring(
  scope: Construct,
  model: ResolvedModel,
  endpoint: SageMakerEndpoint,
  deps: MonitoringDeps,
): DataQualityMonitor {
  const settings = model.sagemaker.monitoring;
  Annotations.of(scope).addWarningV2(
    '@mldeploy/sagemaker:modelMonitorAvailability',
    MODEL_MONITOR_AVAILABILITY_WARNING,
  );
  return new DataQualityMonitor(scope, 'DataQuality', {
    endpoint,
    captureBucket: deps.captureBucket,
    capturePrefix: CaptureBucket.prefixFor(model.name),
    baseline: baselineOf(scope, model, deps.modelBucket),
    scheduleExpression: settings.scheduleExpression,
    instanceType: settings.instanceType,
    volumeSizeGb: settings.volumeSizeGb,
    maxRuntime: Duration.seconds(settings.maxRuntimeSeconds),
    driftAlarmFeatures: settings.features ?? baselineFeatures(settings),
    maxDriftDistance: settings.maxDriftDistance,
    alarmActions: deps.driftAlarmActions,
  });
}

/** A local baseline folder is published like an artifact, under `<model>/<sha256>/`; S3 URIs are used as they are. */
function baselineOf(scope: Construct, model: ResolvedModel, modelBucket: ModelBucket): MonitoringBaseline {
  const settings = model.sagemaker.monitoring;
  if (settings.baselinePath === undefined) {
    return {
      statisticsUri: settings.baselineStatisticsUri!,
      constraintsUri: settings.baselineConstraintsUri!,
      recordPreprocessorUri: settings.recordPreprocessorUri,
    };
  }
  const artifact = new ModelArtifact(scope, 'MonitoringBaseline', {
    modelName: model.name,
    modelBucket,
    localPath: settings.baselinePath,
  });
  const hasPreprocessor = fs.existsSync(path.join(settings.baselinePath, PREPROCESSOR_FILE));
  return {
    statisticsUri: `${artifact.s3Uri}statistics.json`,
    constraintsUri: `${artifact.s3Uri}constraints.json`,
    recordPreprocessorUri: hasPreprocessor
      ? `${artifact.s3Uri}${PREPROCESSOR_FILE}`
      : settings.recordPreprocessorUri,
    publication: artifact.publication,
    grantRead: (grantee) => artifact.grantRead(grantee),
  };
}

/** The feature names of a local baseline's constraints.json; none for a baseline in S3. */
function baselineFeatures(settings: MonitoringSettings): string[] {
  if (settings.baselinePath === undefined) return [];
  const constraints = JSON.parse(
    fs.readFileSync(path.join(settings.baselinePath, 'constraints.json'), 'utf8'),
  ) as { features?: { name?: unknown }[] };
  return (constraints.features ?? []).flatMap((feature) =>
    typeof feature.name === 'string' ? [feature.name] : [],
  );
}
