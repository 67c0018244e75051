import * as fs from 'fs';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { ResolvedModel } from '../config';
import type { DriftBaseline } from '../../contract/baseline';
import { ConstructValidationError } from '../constructs/errors/validation';
import { CaptureCatalog, CaptureLayout } from '../constructs/monitoring/capture-catalog';
import { DriftJob } from '../constructs/monitoring/drift-job';
import { LambdaInference } from '../constructs/lambda/inference';
import { SageMakerEndpoint } from '../constructs/sagemaker';
import { CaptureBucket } from '../constructs/storage/capture-bucket';
import { ModelArtifact } from '../constructs/storage/model-artifact';
import { ModelBucket } from '../constructs/storage/model-bucket';

export interface DriftMonitoringDeps {
  readonly modelBucket: ModelBucket;
  readonly captureBucket: CaptureBucket;
  /** `<project>-<model>-<env>`: prefix of the alarm, database and workgroup names. */
  readonly namePrefix: string;
  readonly warningActions: readonly cloudwatch.IAlarmAction[];
}

/**
 * Maps a model's `monitoring` settings onto its capture catalog and drift job: the baseline is published with the
 * model as a content-addressed artifact, the Glue tables read the model's capture in its target's format.
 */
export function addDriftMonitoring(
  scope: Construct,
  model: ResolvedModel,
  hosting: SageMakerEndpoint | LambdaInference,
  deps: DriftMonitoringDeps,
): DriftJob {
  const settings = model.monitoring;
  const where = `models.${model.name}.monitoring (${model.environment})`;
  const captureOn =
    model.target === 'lambda' ? model.lambda.dataCapture.enabled : model.sagemaker.dataCapture.enabled;
  if (!captureOn) {
    throw new ConstructValidationError(`${where}: needs ${model.target}.dataCapture.enabled: true`, scope);
  }
  if (!settings.baselinePath) {
    throw new ConstructValidationError(
      `${where}: needs baselinePath, a baseline JSON written by mldeploy baseline`,
      scope,
    );
  }
  const baseline = JSON.parse(fs.readFileSync(settings.baselinePath, 'utf8')) as DriftBaseline;
  const layout: CaptureLayout =
    hosting instanceof SageMakerEndpoint
      ? { format: 'sagemaker', endpointName: hosting.endpointName, variantName: hosting.variantName }
      : { format: 'lambda' };
  const catalog = new CaptureCatalog(scope, 'CaptureCatalog', {
    captureBucket: deps.captureBucket,
    modelName: model.name,
    layout,
    databaseName: deps.namePrefix.replace(/-/g, '_').toLowerCase(),
    workgroupName: `${deps.namePrefix}-monitoring`,
    bytesScannedCutoffPerQuery: settings.maxScanMb * 1_000_000,
  });
  const artifact = new ModelArtifact(scope, 'DriftBaseline', {
    modelName: model.name,
    modelBucket: deps.modelBucket,
    localPath: settings.baselinePath,
  });
  return new DriftJob(scope, 'DriftJob', {
    catalog,
    captureBucket: deps.captureBucket,
    modelName: model.name,
    environment: model.environment,
    baseline: artifact,
    features: baseline.features.map((f) => f.name),
    window: settings.window,
    task: settings.task,
    minRecords: settings.minRecords,
    maxPsi: settings.maxPsi,
    minAccuracy: settings.minAccuracy,
    alarmNamePrefix: deps.namePrefix,
    alarmActions: deps.warningActions,
  });
}
