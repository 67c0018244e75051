import { CfnOutput } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { endpointName, ResolvedModel } from '../config';
import {
  endpointAutoScalingOf,
  endpointRollbackAlarmsOf,
  endpointRolloutOf,
  endpointVariantOf,
} from '../config/endpoint-props';
import { CaptureBucket } from '../constructs/storage/capture-bucket';
import { ModelArtifact } from '../constructs/storage/model-artifact';
import { ContainerImage, DataCapture, SageMakerEndpoint, TritonVersion } from '../constructs/sagemaker';
import type { LmiVersion, TgiVersion } from '../constructs/sagemaker/llm-registries';
import { addDataQualityMonitoring, MonitoringDeps } from './sagemaker-monitoring';
import { asyncInferenceFor } from './sagemaker-async';
import { shadowVariantFor } from './sagemaker-shadow';
import { weightedVariantsFor } from './sagemaker-variants';
import { addLlmRollbackAlarms, llmContainerEnvironment } from './sagemaker-llm';

interface SageMakerHostingDeps extends MonitoringDeps {
  readonly project: string;
  /** The model's artifact; undefined when the model is a Model Registry package. */
  readonly artifact?: ModelArtifact;
  readonly role: iam.Role;
  /** Encrypts the instances' volumes when the model's settings ask for it (instance variants only). */
  readonly volumeEncryptionKey: kms.IKey;
}

/** Serves a resolved SageMaker model: maps its settings onto a SageMakerEndpoint and outputs what verification needs. */
export function addSageMakerHosting(
  scope: Construct,
  model: ResolvedModel,
  deps: SageMakerHostingDeps,
): SageMakerEndpoint {
  const settings = model.sagemaker;
  const serverless = settings.variant === 'serverless';
  const autoScaling = model.scaling.enabled
    ? endpointAutoScalingOf(model.scaling, serverless, settings.async.enabled)
    : undefined;
  const name = endpointName(deps.project, model.name, model.environment);
  const llmAlarms = addLlmRollbackAlarms(scope, model, name);
  const endpoint = new SageMakerEndpoint(scope, 'Endpoint', {
    endpointName: name,
    ...modelSourceOf(model, deps),
    role: deps.role,
    environment: llmContainerEnvironment(model),
    vpc: settings.vpc,
    networkIsolation: settings.networkIsolation,
    ...endpointVariantOf(settings),
    // CreateEndpointConfig's KmsKeyId encrypts "the storage volume attached to the ML compute instance"
    // ("CreateEndpointConfig", https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html):
    // a serverless variant has none, and the construct refuses a key for it.
    volumeEncryptionKey: settings.volumeEncryption && !serverless ? deps.volumeEncryptionKey : undefined,
    rollout: endpointRolloutOf(model.rollout),
    rollbackAlarms: endpointRollbackAlarmsOf(settings),
    additionalRollbackAlarms: llmAlarms?.alarms,
    autoScaling,
    variantWeight: settings.weight,
    additionalVariants: weightedVariantsFor(scope, model, deps, autoScaling),
    dataCapture: settings.dataCapture.enabled ? dataCaptureOf(model, deps) : undefined,
    asyncInference: asyncInferenceFor(scope, model, deps),
    shadow: shadowVariantFor(scope, model, deps),
  });
  if (settings.monitoring.enabled) addDataQualityMonitoring(scope, model, endpoint, deps);

  new CfnOutput(scope, 'EndpointName', { value: endpoint.endpointName });
  new CfnOutput(scope, 'EndpointConfigName', {
    value: endpoint.endpointConfigName,
    description:
      'The endpoint config this deploy puts in service; a different live config means SageMaker rolled back.',
  });
  return endpoint;
}

/** A Model Registry package runs its own image and data; any other model runs the configured image on its artifact. */
function modelSourceOf(model: ResolvedModel, deps: SageMakerHostingDeps) {
  const source = model.artifact;
  if (source.kind === 'modelPackage') {
    return {
      modelPackage: {
        arn: source.arn,
        image: ContainerImage.fromEcrUri(source.image),
        modelDataUri: source.modelDataUri,
      },
    };
  }
  const { image } = model.sagemaker;
  return { image: containerImageOf(image), modelData: deps.artifact };
}

function containerImageOf(image: ResolvedModel['sagemaker']['image']): ContainerImage {
  if (image.triton) return ContainerImage.triton(image.triton as TritonVersion);
  if (image.lmi) return ContainerImage.lmi(image.lmi as LmiVersion);
  if (image.tgi) return ContainerImage.tgi(image.tgi as TgiVersion);
  return ContainerImage.fromEcrUri(image.ecrUri!);
}

/** Captures to `s3://<capture bucket>/<model>/`; the execution role may write there and nowhere else in the bucket. */
function dataCaptureOf(model: ResolvedModel, deps: SageMakerHostingDeps): DataCapture {
  const prefix = CaptureBucket.prefixFor(model.name);
  deps.captureBucket.grantWritePrefix(deps.role, prefix);
  const capture = model.sagemaker.dataCapture;
  return {
    destinationS3Uri: deps.captureBucket.s3UriFor(prefix),
    samplingPercent: capture.samplingPercent,
    captureInputs: capture.captureInputs,
    captureOutputs: capture.captureOutputs,
    encryptionKey: deps.captureBucket.encryptionKey,
  };
}
