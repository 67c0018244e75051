/**
 * ml-deploy-cdk: constructs that ship machine-learning models to AWS safely, and the optional layer that builds
 * whole environments from a validated deployment config.
 *
 * Constructs take typed props and never read files of their own accord or CDK context; use them directly in any
 * CDK app. The config layer (`loadDeploymentConfig`, `addDeploymentStages`) is what `bin/app.ts` uses.
 */

// Errors: wrong props are reported all at once, with the construct path and the prop to change.
export { ConstructValidationError, PropsValidationError } from './constructs/validation';
export type { PropProblem } from './constructs/validation';

// Storage: the governed model bucket, published artifacts, the capture bucket.
export { ModelBucket } from './constructs/model-bucket';
export type { ModelBucketProps } from './constructs/model-bucket';
export { ModelArtifact } from './constructs/model-artifact';
export type { ModelArtifactProps } from './constructs/model-artifact';
export { CaptureBucket } from './constructs/capture-bucket';
export type { CaptureBucketProps } from './constructs/capture-bucket';

// Serving from Lambda: ONNX Runtime inside the function, rolled out by CodeDeploy.
export { LambdaInference } from './constructs/lambda-inference';
export type {
  FunctionUrlOptions,
  InferenceModelArtifact,
  LambdaInferenceProps,
  LambdaRolloutOptions,
  ProvisionedConcurrencyOptions,
  ProvisionedConcurrencySchedule,
  RollbackAlarmOptions,
} from './constructs/lambda-inference';
export type { LambdaRolloutStrategy } from './constructs/lambda-rollout';
export type { RollbackAlarms as LambdaRollbackAlarms } from './constructs/lambda-rollback-alarms';
export type { PreTrafficHook } from './constructs/pre-traffic-hook';

// Serving from SageMaker: endpoints, their images and model sources, autoscaling, rollouts, monitoring.
export {
  ContainerImage,
  DataQualityMonitor,
  endpointMetric,
  INSTANCE_NAMESPACE,
  instanceMetric,
  INVOCATION_NAMESPACE,
  SageMakerEndpoint,
  TRITON_VERSIONS,
} from './constructs/sagemaker';
export type {
  BoundContainerImage,
  CapacitySize,
  DataCapture,
  DataQualityMonitorProps,
  EndpointAutoScaling,
  EndpointRollout,
  IModelData,
  InstanceVariant,
  ModelPackage,
  MonitoringBaseline,
  RollbackAlarmThresholds,
  RolloutStrategy,
  SageMakerEndpointProps,
  ScheduledScaling,
  ServerlessVariant,
  TritonVersion,
} from './constructs/sagemaker';
export type { RollbackAlarms as EndpointRollbackAlarms } from './constructs/sagemaker/rollback-alarms';

// Alarms: the packs per hosting target, their catalog, custom alarms, topics and the model health roll-up.
export {
  AlarmPack,
  defaultMaxP99Duration,
  handlerMetric,
  LAMBDA_ALARMS,
  LambdaAlarmPack,
  SAGEMAKER_ALARMS,
  SageMakerAlarmPack,
} from './constructs/alarms';
export type {
  AlarmCatalogEntry,
  AlarmPackOptions,
  AlarmSeverity,
  AlarmTuning,
  CustomAlarm,
  LambdaAlarmKey,
  LambdaAlarmPackProps,
  LambdaAlarmTunings,
  LambdaModelFacts,
  PackAlarm,
  SageMakerAlarmKey,
  SageMakerAlarmPackProps,
  SageMakerAlarmTunings,
  SageMakerVariantFacts,
  ThresholdField,
} from './constructs/alarms';
export { AlarmTopic } from './constructs/alarm-topic';
export type { AlarmTopicProps } from './constructs/alarm-topic';
export { ModelHealthAlarm } from './constructs/model-health-alarm';
export type { ModelHealthAlarmProps } from './constructs/model-health-alarm';

// Dashboards: one row per model, whatever hosts it.
export { ModelDashboard } from './constructs/model-dashboard';
export type { ModelDashboardProps, ModelPanel, PanelGraph } from './constructs/model-dashboard';
export { sageMakerEndpointPanel } from './constructs/sagemaker-panel';
export type { SageMakerPanelOptions } from './constructs/sagemaker-panel';
export { lambdaInferencePanel } from './constructs/lambda-panel';
export type { LambdaPanelOptions } from './constructs/lambda-panel';
export type { CapacityRange } from './constructs/panel-kit';

// The optional config layer: a validated YAML file resolved per model and environment, built into stages.
export {
  ConfigError,
  DEFAULT_CONFIG_FILE,
  deploymentConfigSchema,
  endpointName,
  EnvironmentSelectionError,
  loadDeploymentConfig,
  parseDeploymentConfig,
} from './config';
export type {
  ArtifactSource,
  ConfigIssue,
  DataCaptureSettings,
  LambdaConcurrencySchedule,
  LambdaProvisionedConcurrency,
  LambdaSettings,
  LoadOptions,
  ModelPackageSource,
  ModelSettings,
  ModelTarget,
  MonitoringSettings,
  ResolvedConfig,
  ResolvedEnvironment,
  ResolvedModel,
  RolloutSettings,
  SageMakerSettings,
  ScalingSchedule,
  ScalingSettings,
  Severity,
  Subscriptions,
} from './config';
export { addDeploymentStages } from './app/deployment-app';
export { EnvironmentStage } from './app/environment-stage';
export type { EnvironmentStageProps } from './app/environment-stage';
export { PlatformStack } from './app/platform-stack';
export type { PlatformStackProps } from './app/platform-stack';
export { ModelStack } from './app/model-stack';
export type { ModelStackProps } from './app/model-stack';
export { DashboardStack } from './app/dashboard-stack';
export type { DashboardStackProps } from './app/dashboard-stack';
