import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { customAlarmProblems } from '../constructs/alarms/custom-alarm';
import { rollbackThresholdProblems } from '../constructs/alarms/rollback-thresholds';
import { functionUrlProblems, inferenceModelProblems } from '../constructs/lambda/inference-props';
import { provisionedConcurrencyProblems } from '../constructs/lambda/provisioned-concurrency';
import { resolveRollbackThresholds, rollbackAlarmProblems } from '../constructs/lambda/rollback-alarms';
import { lambdaRolloutProblems } from '../constructs/lambda/rollout';
import { autoScalingProblems } from '../constructs/sagemaker/autoscaling-rules';
import { endpointProblems } from '../constructs/sagemaker/endpoint-rules';
import { asyncInferenceProblems } from '../constructs/sagemaker/async-inference';
import { shadowProblems } from '../constructs/sagemaker/shadow-variant';
import { weightedVariantProblems } from '../constructs/sagemaker/weighted-variants';
import type { IModelArtifact } from '../constructs/storage/artifact-ref';
import { rolloutProblems } from '../constructs/sagemaker/rollout-rules';
import { TRITON_FITS_SERVERLESS } from '../constructs/sagemaker/triton-registries';
import { PROP_REFERENCE, PropProblem } from '../constructs/errors/validation';
import {
  asyncInferenceOf,
  endpointAutoScalingOf,
  shadowVariantOf,
  weightedVariantsOf,
  endpointRollbackAlarmsOf,
  endpointRolloutOf,
  endpointVariantOf,
} from './endpoint-props';
import { describeValue } from './errors';
import { lambdaRolloutOf, provisionedConcurrencyOf, rollbackAlarmsOf } from './lambda-props';
import { isPlainObject } from './merge';
import type { RuleContext, RuleViolation } from './rule-kit';
import type { ModelSettings } from './types';

/**
 * The constructs' own rules, run on the merged settings of one model in one environment before any construct
 * exists. The settings become the props the app layer builds, and each problem's prop field is mapped back
 * to the settings field it came from: one rule text, reported at the YAML line that has to change.
 */

/** Merged settings of a valid model: every knob resolved, and the artifact as written. */
export type CheckedSettings = ModelSettings & { readonly artifact?: unknown };

/** What the loader knows of the model's artifact. */
interface ArtifactFacts {
  /** A local folder, or an S3 prefix ending in `/`. */
  readonly isDirectory: boolean;
}

/** Prop of SageMakerEndpoint → the settings field it is built from ('' for the model itself). */
const ENDPOINT_FIELDS: Readonly<Record<string, string>> = {
  endpointName: '',
  customAlarms: 'customAlarms',
  instance: 'sagemaker.variant',
  serverless: 'sagemaker.variant',
  image: 'sagemaker.image',
  'instance.instanceType': 'sagemaker.instanceType',
  'instance.initialInstanceCount': 'sagemaker.initialInstanceCount',
  'instance.volumeSizeGb': 'sagemaker.volumeSizeGb',
  'instance.modelDataDownloadTimeout': 'sagemaker.modelDataDownloadTimeoutSeconds',
  'instance.containerStartupHealthCheckTimeout': 'sagemaker.containerStartupHealthCheckTimeoutSeconds',
  'serverless.memorySizeMb': 'sagemaker.serverless.memorySizeMb',
  'serverless.maxConcurrency': 'sagemaker.serverless.maxConcurrency',
  'serverless.provisionedConcurrency': 'sagemaker.serverless.provisionedConcurrency',
  vpc: 'sagemaker.vpc',
  networkIsolation: 'sagemaker.networkIsolation',
  dataCapture: 'sagemaker.dataCapture.enabled',
  'dataCapture.samplingPercent': 'sagemaker.dataCapture.samplingPercent',
  volumeEncryptionKey: 'sagemaker.volumeEncryption',
  autoScaling: 'scaling.enabled',
  // The targets and the rest keep their names under `scaling`.
  'autoScaling.minCapacity': 'scaling.minInstances',
  'autoScaling.maxCapacity': 'scaling.maxInstances',
  'autoScaling.targetProvisionedConcurrencyUtilization': 'scaling.targetProvisionedConcurrencyUtilization',
  'autoScaling.targetInvocationsPerInstance': 'scaling.targetInvocationsPerInstance',
  'autoScaling.targetCpuUtilizationPercent': 'scaling.targetCpuUtilizationPercent',
  'autoScaling.targetGpuUtilizationPercent': 'scaling.targetGpuUtilizationPercent',
  asyncInference: 'sagemaker.async.enabled',
  shadow: 'sagemaker.shadow.enabled',
  variantWeight: 'sagemaker.weight',
  modelPackage: 'artifact.modelPackage',
  additionalVariants: 'sagemaker.variants',
  'shadow.image': 'sagemaker.shadow.enabled',
  'shadow.variantName': 'sagemaker.shadow.enabled',
  'shadow.samplingPercent': 'sagemaker.shadow.samplingPercent',
  'shadow.instance.instanceType': 'sagemaker.shadow.instanceType',
  'shadow.instance.initialInstanceCount': 'sagemaker.shadow.initialInstanceCount',
  'asyncInference.maxConcurrentInvocationsPerInstance': 'sagemaker.async.maxConcurrentInvocationsPerInstance',
  'autoScaling.targetBacklogPerInstance': 'scaling.targetBacklogPerInstance',
  'rollout.autoRollback': 'rollout.autoRollback',
  'rollout.strategy': 'rollout.strategy',
  'rollout.canarySize': 'rollout.canaryPercent',
  'rollout.linearStepSize': 'rollout.linearStepPercent',
  'rollout.rollingBatchSize': 'rollout.rollingBatchPercent',
  'rollout.bakeTime': 'rollout.bakeMinutes',
  'rollout.terminationWait': 'rollout.terminationWaitMinutes',
  'rollout.maximumExecutionTimeout': 'rollout.maxExecutionMinutes',
  'rollbackAlarms.maxErrorRatePercent': 'sagemaker.alarms.serverErrorRate.maxPercent',
  'rollbackAlarms.maxP99Latency': 'sagemaker.alarms.latencyP99.maxMs',
};

/** The additional variants' props: `additionalVariants.<i>.variantName` → `sagemaker.variants.<i>.name`, and so on. */
function weightedVariantFields(settings: CheckedSettings): Record<string, string> {
  return Object.fromEntries(
    settings.sagemaker.variants.flatMap((_variant, index) => {
      const [prop, field] = [`additionalVariants.${index}`, `sagemaker.variants.${index}`];
      return [
        [`${prop}.variantName`, `${field}.name`],
        [`${prop}.weight`, `${field}.weight`],
        [`${prop}.instance.initialInstanceCount`, `${field}.initialInstanceCount`],
        [`${prop}.instance.instanceType`, `${field}.instanceType`],
        [`${prop}.modelData`, `${field}.s3Uri`],
      ];
    }),
  );
}

/** The autoscaling props: instance counts, or serverless provisioned concurrency. */
function autoScalingFields(settings: CheckedSettings): Record<string, string> {
  const serverless = settings.sagemaker.variant === 'serverless';
  const [min, max] = serverless
    ? ['minProvisionedConcurrency', 'maxProvisionedConcurrency']
    : ['minInstances', 'maxInstances'];
  return Object.fromEntries([
    ...(serverless
      ? [
          ['autoScaling.minCapacity', `scaling.${min}`],
          ['autoScaling.maxCapacity', `scaling.${max}`],
        ]
      : []),
    ...settings.scaling.schedules.flatMap((_schedule, index) => [
      [`autoScaling.schedules.${index}.minCapacity`, `scaling.schedules.${index}.${min}`],
      [`autoScaling.schedules.${index}.maxCapacity`, `scaling.schedules.${index}.${max}`],
    ]),
  ]);
}

/** Prop of LambdaInference → the settings field it is built from. */
const LAMBDA_FIELDS: Readonly<Record<string, string>> = {
  customAlarms: 'customAlarms',
  model: 'artifact.path',
  'model.sha256': 'artifact.sha256',
  'rollout.strategy': 'rollout.strategy',
  'rollout.canaryPercent': 'rollout.canaryPercent',
  'rollout.linearStepPercent': 'rollout.linearStepPercent',
  'rollout.bakeTime': 'rollout.bakeMinutes',
  'rollout.autoRollback': 'rollout.autoRollback',
  'functionUrl.authType': 'lambda.functionUrl.authType',
  'functionUrl.allowPublic': 'lambda.functionUrl.allowPublic',
  reservedConcurrentExecutions: 'lambda.reservedConcurrency',
  timeout: 'lambda.timeoutSeconds',
  'rollbackAlarms.maxErrorRatePercent': 'lambda.alarms.errorRate.maxPercent',
  'rollbackAlarms.maxP99Latency': 'lambda.alarms.durationP99.maxMs',
  'rollbackAlarms.maxInternalErrorsPerMinute': 'lambda.alarms.internalErrors.maxPerMinute',
  // With everything under it, e.g. provisionedConcurrency.schedules.0.name → lambda.provisionedConcurrency.schedules.0.name.
  provisionedConcurrency: 'lambda.provisionedConcurrency',
  'provisionedConcurrency.minCapacity': 'lambda.provisionedConcurrency.min',
  'provisionedConcurrency.maxCapacity': 'lambda.provisionedConcurrency.max',
};

/** The provisioned-concurrency schedules' bounds, `min` and `max` in the config. */
function provisionedConcurrencyFields(settings: CheckedSettings): Record<string, string> {
  return Object.fromEntries(
    settings.lambda.provisionedConcurrency.schedules.flatMap((_schedule, index) => {
      const [prop, field] = [
        `provisionedConcurrency.schedules.${index}`,
        `lambda.provisionedConcurrency.schedules.${index}`,
      ];
      return [
        [`${prop}.minCapacity`, `${field}.min`],
        [`${prop}.maxCapacity`, `${field}.max`],
      ];
    }),
  );
}

/** Every construct rule the settings of one model in one environment break, blamed on settings fields. */
export function constructRuleViolations(
  settings: CheckedSettings,
  context: RuleContext,
  endpointName: string,
  artifact: ArtifactFacts,
): RuleViolation[] {
  if (context.target === 'sagemaker') {
    const fields = {
      ...ENDPOINT_FIELDS,
      ...(settings.rollout.canaryInstances ? { 'rollout.canarySize': 'rollout.canaryInstances' } : {}),
      ...autoScalingFields(settings),
      ...weightedVariantFields(settings),
    };
    return [...sageMakerProblems(settings, endpointName), ...customAlarmProblems(settings.customAlarms)].map(
      (problem) => toViolation(problem, fields, settings),
    );
  }
  if (context.target === 'lambda') {
    const fields = {
      ...LAMBDA_FIELDS,
      ...provisionedConcurrencyFields(settings),
      ...(isPlainObject(settings.artifact) && settings.artifact.s3Uri !== undefined
        ? { model: 'artifact.s3Uri' }
        : {}),
    };
    return [...lambdaProblems(settings, artifact), ...customAlarmProblems(settings.customAlarms)].map(
      (problem) => toViolation(problem, fields, settings),
    );
  }
  return [];
}

/** The shadow's model data, for the rules: they read its presence, not its grants. */
const SHADOW_DATA_CHECKED_AT_SYNTH: IModelArtifact = {
  s3Uri: 's3://(shadow)/',
  isDirectory: true,
  grantRead: () => {
    throw new Error('the rules grant nothing');
  },
};

function sageMakerProblems(settings: CheckedSettings, endpointName: string): PropProblem[] {
  const { sagemaker, rollout, scaling } = settings;
  const variant = endpointVariantOf(sagemaker);
  const serverless = variant.serverless !== undefined;
  const fitsServerless =
    isPlainObject(settings.artifact) && settings.artifact.modelPackage !== undefined
      ? true
      : sagemaker.image.triton === undefined || TRITON_FITS_SERVERLESS;
  return [
    ...endpointProblems(
      {
        endpointName,
        ...variant,
        vpc: sagemaker.vpc,
        networkIsolation: sagemaker.networkIsolation,
        dataCapture: sagemaker.dataCapture.enabled ? sagemaker.dataCapture : undefined,
        autoScaling: scaling.enabled ? scaling : undefined,
        rollout,
      },
      fitsServerless,
    ),
    ...asyncInferenceProblems({ ...variant, asyncInference: asyncInferenceOf(sagemaker) }),
    ...shadowProblems({
      ...variant,
      asyncInference: asyncInferenceOf(sagemaker),
      shadow: shadowVariantOf(sagemaker, SHADOW_DATA_CHECKED_AT_SYNTH),
    }),
    ...weightedVariantProblems({
      ...variant,
      variantWeight: sagemaker.weight,
      additionalVariants: weightedVariantsOf(sagemaker, undefined, () => SHADOW_DATA_CHECKED_AT_SYNTH),
      shadow: sagemaker.shadow.enabled ? sagemaker.shadow : undefined,
      modelPackage:
        isPlainObject(settings.artifact) && settings.artifact.modelPackage !== undefined ? true : undefined,
    }),
    ...(sagemaker.shadow.enabled && sagemaker.shadow.s3Uri === undefined
      ? [{ field: 'shadow', message: 'needs the challenger’s model data: set sagemaker.shadow.s3Uri' }]
      : []),
    ...(scaling.enabled
      ? autoScalingProblems(endpointAutoScalingOf(scaling, serverless, sagemaker.async.enabled), {
          endpointName,
          variantName: 'AllTraffic',
          serverless,
          asynchronous: sagemaker.async.enabled,
          instanceType: variant.instance?.instanceType,
          serverlessMaxConcurrency: variant.serverless?.maxConcurrency,
        })
      : []),
    ...rolloutProblems(endpointRolloutOf(rollout), {
      serverless,
      instanceCount: sagemaker.initialInstanceCount,
      variantCount: 1 + sagemaker.variants.length,
    }),
    ...rollbackThresholdProblems(endpointRollbackAlarmsOf(sagemaker)),
  ];
}

function lambdaProblems(settings: CheckedSettings, artifact: ArtifactFacts): PropProblem[] {
  const { rollout, lambda: lambdaSettings } = settings;
  const source = isPlainObject(settings.artifact) ? settings.artifact : {};
  const url = lambdaSettings.functionUrl;
  const timeout = Duration.seconds(lambdaSettings.timeoutSeconds);
  return [
    ...(source.path !== undefined || source.s3Uri !== undefined
      ? inferenceModelProblems({
          s3Uri: String(source.s3Uri ?? source.path),
          isDirectory: artifact.isDirectory,
          sha256: source.path !== undefined ? DIGESTED_WHEN_PUBLISHED : (source.sha256 as string | undefined),
        })
      : []),
    // The rule itself rejects strategies CodeDeploy has no Lambda configuration for, such as rolling.
    ...lambdaRolloutProblems(lambdaRolloutOf(rollout)),
    ...rollbackAlarmProblems(resolveRollbackThresholds(rollbackAlarmsOf(lambdaSettings), timeout), timeout),
    ...provisionedConcurrencyProblems(
      provisionedConcurrencyOf(lambdaSettings.provisionedConcurrency),
      lambdaSettings.reservedConcurrency,
    ),
    ...(url.enabled
      ? functionUrlProblems({
          authType:
            url.authType === 'NONE' ? lambda.FunctionUrlAuthType.NONE : lambda.FunctionUrlAuthType.AWS_IAM,
          allowPublic: url.allowPublic,
        })
      : []),
  ];
}

/** Local artifacts get their SHA-256 when ModelArtifact publishes them; the rule only asks whether one exists. */
const DIGESTED_WHEN_PUBLISHED = '(digested when published)';

/** A prop problem in the settings' terms: the field, its value as written, the message with settings names. */
function toViolation(
  problem: PropProblem,
  fields: Readonly<Record<string, string>>,
  settings: CheckedSettings,
): RuleViolation {
  const fieldOf = (prop: string): string[] => {
    // The prop itself, or its closest mapped parent with the rest of the path appended.
    const parts = prop.split('.');
    for (let length = parts.length; length > 0; length--) {
      const field = fields[parts.slice(0, length).join('.')];
      if (field === undefined) continue;
      return [...(field === '' ? [] : field.split('.')), ...parts.slice(length)];
    }
    throw new Error(`No settings field is mapped to the prop ${prop}`);
  };
  const field = fieldOf(problem.field);
  const references = [...problem.message.matchAll(PROP_REFERENCE)].map(([, prop]) => prop);
  const message = problem.message.replace(PROP_REFERENCE, (_match, prop: string) => fieldOf(prop).join('.'));
  return {
    field,
    message: `${describeSettingsValue(problem, field, settings)}${message}`,
    related: [...references, ...(problem.related ?? [])].map(fieldOf),
  };
}

/** The value the user wrote, when the message should start with it (scalars only). */
function describeSettingsValue(problem: PropProblem, field: string[], settings: CheckedSettings): string {
  // The endpoint name is not a setting: it is made of the project, model and environment names.
  if (field.length === 0) return `endpoint name ${problem.value} (project-model-environment) `;
  const value = field.reduce<unknown>(
    (node, key) =>
      isPlainObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined,
    settings as unknown,
  );
  return value === undefined || typeof value === 'object' ? '' : `${describeValue(value)} `;
}
