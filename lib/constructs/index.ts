/**
 * The construct library: typed props, no files read and no CDK context, usable in any CDK app. One folder per
 * concern: storage (buckets and artifacts), lambda and sagemaker (the two hosting targets), alarms, dashboard;
 * `private/` holds internals that are not API.
 */

// Errors: wrong props are reported all at once, with the construct path and the prop to change.
export { ConstructValidationError, PropsValidationError } from './errors/validation';
export type { PropProblem } from './errors/validation';

// Storage: the governed model bucket, published artifacts, the capture bucket.
export { ModelBucket } from './storage/model-bucket';
export type { ModelBucketProps } from './storage/model-bucket';
export { ModelArtifact } from './storage/model-artifact';
export type { ModelArtifactAttributes, ModelArtifactProps } from './storage/model-artifact';
export type { IModelArtifact } from './storage/artifact-ref';
export { CaptureBucket } from './storage/capture-bucket';
export type { CaptureBucketProps } from './storage/capture-bucket';

// Serving from Lambda: ONNX Runtime inside the function, rolled out by CodeDeploy.
export { LambdaInference } from './lambda/inference';
export type { LambdaInferenceProps } from './lambda/inference';
export type { FunctionUrlOptions } from './lambda/inference-props';
export type {
  ProvisionedConcurrencyOptions,
  ProvisionedConcurrencySchedule,
} from './lambda/provisioned-concurrency';
export type { LambdaRolloutOptions, LambdaRolloutStrategy } from './lambda/rollout';
export type { LambdaRollbackAlarms, LambdaRollbackThresholds } from './lambda/rollback-alarms';
export type { PreTrafficHook } from './lambda/pre-traffic-hook';

// Serving from SageMaker: endpoints, their images and model sources, autoscaling, rollouts, monitoring.
export {
  ContainerImage,
  DataQualityMonitor,
  EndpointVariantMetrics,
  INSTANCE_NAMESPACE,
  INVOCATION_NAMESPACE,
  SageMakerEndpoint,
  TRITON_VERSIONS,
} from './sagemaker';
export type {
  BoundContainerImage,
  CapacitySize,
  DataCapture,
  DataQualityMonitorProps,
  EndpointAutoScaling,
  EndpointRollbackAlarms,
  EndpointRolloutOptions,
  EndpointRolloutStrategy,
  InstanceVariant,
  ModelPackage,
  MonitoringBaseline,
  SageMakerEndpointProps,
  ScheduledScaling,
  ServerlessVariant,
  TritonVersion,
} from './sagemaker';

// The handler's own metrics, by the names the deployed function writes them under (for handlerMetric()).
export { DEFAULT_METRICS_NAMESPACE, HANDLER_METRICS } from '../../contract/metrics';
export type { HandlerMetricName } from '../../contract/metrics';

// Alarms: the packs per hosting target, their catalog, custom alarms, topics and the model health roll-up.
export {
  AlarmPack,
  defaultMaxP99Duration,
  handlerMetric,
  LAMBDA_ALARMS,
  LambdaAlarmPack,
  SAGEMAKER_ALARMS,
  SageMakerAlarmPack,
} from './alarms';
export type {
  AlarmCatalogEntry,
  AlarmPackOptions,
  AlarmSeverity,
  AlarmTuning,
  CaptureDelivery,
  CustomAlarm,
  LambdaAlarmKey,
  LambdaAlarmPackProps,
  LambdaAlarmTunings,
  LambdaModelFacts,
  PackAlarm,
  RollbackThresholds,
  SageMakerAlarmKey,
  SageMakerAlarmPackProps,
  SageMakerAlarmTunings,
  SageMakerVariantFacts,
  ThresholdField,
} from './alarms';
export { AlarmTopic } from './alarms/alarm-topic';
export type { AlarmTopicProps } from './alarms/alarm-topic';
export { ModelHealthAlarm } from './alarms/model-health-alarm';
export type { ModelHealthAlarmProps } from './alarms/model-health-alarm';

// Dashboards: one row per model, whatever hosts it.
export { ModelDashboard } from './dashboard/model-dashboard';
export type { ModelDashboardProps, ModelPanel, PanelGraph } from './dashboard/model-dashboard';
export { sageMakerEndpointPanel } from './dashboard/sagemaker-panel';
export type { SageMakerPanelOptions } from './dashboard/sagemaker-panel';
export { lambdaInferencePanel } from './dashboard/lambda-panel';
export type { LambdaPanelOptions } from './dashboard/lambda-panel';
export type { CapacityRange } from './dashboard/panel-kit';

// Generative AI: a Bedrock guardrail and the OpenAI-compatible chat proxy in front of a SageMaker LLM.
export {
  BedrockGuardrail,
  ChatProxy,
  ChatProxyAlarmPack,
  ChatProxyMetrics,
  CONTENT_FILTER_TYPES,
  FILTER_STRENGTHS,
  PII_ACTIONS,
  PII_ENTITY_TYPES,
} from './genai';
export type {
  BedrockGuardrailProps,
  ChatGuardrailOptions,
  ChatProxyAlarmPackProps,
  ChatProxyAlarmThresholds,
  ChatProxyProps,
  ContentFilterName,
  ContentFilterStrengths,
  DeniedTopic,
  FilterStrength,
  GuardrailSource,
  LlmProxyMetricName,
  PiiAction,
  PiiEntityType,
} from './genai';
export { chatProxyPanel } from './dashboard/chat-panel';
export type { ChatPanelOptions } from './dashboard/chat-panel';

// Monitoring on parts every account has: capture of Lambda-hosted models to the capture bucket.
export { LambdaCapture } from './monitoring/lambda-capture';
export type { LambdaCaptureProps } from './monitoring/lambda-capture';
