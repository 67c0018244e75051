export * from './alarm-factory';
export * from './alarm-pack';
export * from './catalog';
export * from './custom-alarm';
export * from './lambda-alarm-pack';
export { defaultMaxP99Duration, handlerMetric } from './lambda-alarm-specs';
export type { LambdaModelFacts } from './lambda-alarm-specs';
export * from './sagemaker-alarm-pack';
export type { SageMakerVariantFacts } from './sagemaker-alarm-specs';
