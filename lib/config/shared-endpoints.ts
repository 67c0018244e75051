import { componentRolloutViolations, componentScheduleViolations } from './component-rules';
import { ConfigIssue, describeValue } from './errors';
import { isPlainObject, MergedSettings } from './merge';
import { num, RuleViolation, section, Settings } from './rule-kit';
import type { SharedEndpointFile } from './schema/shared-endpoints';
import type { ResolvedSharedEndpoint } from './types';

/**
 * `sharedEndpoints`: which models share an endpoint as inference components, the rules that span the group and its
 * models, and the group resolved for one environment.
 */

export const SHARED_ENDPOINT_DEFAULTS = { initialInstanceCount: 1, minInstances: 1 } as const;

/** The shared endpoint each model belongs to: the first group listing it (a second listing is an error). */
export function sharedEndpointOfModels(raw: Record<string, unknown>): ReadonlyMap<string, string> {
  const owners = new Map<string, string>();
  for (const [group, models] of groupModels(raw)) {
    for (const model of models) if (!owners.has(model)) owners.set(model, group);
  }
  return owners;
}

/**
 * Rules of the groups themselves: every listed model exists, is served by SageMaker and joins one group; the
 * instance range holds in every environment; and an endpoint that may free every instance hosts only models that may
 * reach zero copies (SageMaker frees an instance only once no copy runs on it, "Scale an endpoint to zero instances",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html).
 */
export function sharedEndpointIssues(
  raw: Record<string, unknown>,
  merged: ReadonlyMap<string, MergedSettings>,
  environmentNames: readonly string[],
): ConfigIssue[] {
  const models = isPlainObject(raw.models) ? raw.models : {};
  const issues: ConfigIssue[] = [];
  const firstGroup = new Map<string, string>();
  for (const [group, listed] of groupModels(raw)) {
    listed.forEach((model, index) => {
      const path = ['sharedEndpoints', group, 'models', index];
      const definition = models[model];
      const earlier = firstGroup.get(model);
      if (!isPlainObject(definition)) {
        issues.push({
          path,
          message: `${describeValue(model)} is not a model of this file; models: ${Object.keys(models).join(', ')}`,
        });
      } else if (earlier !== undefined) {
        issues.push({
          path,
          message: `model ${model} already shares endpoint ${earlier} (sharedEndpoints.${earlier}.models); a model joins one shared endpoint`,
        });
      } else if (definition.target !== 'sagemaker') {
        issues.push({
          path,
          message: `model ${model} is served by ${String(definition.target)}; only SageMaker models can share an endpoint`,
        });
      }
      if (earlier === undefined) firstGroup.set(model, group);
    });
    for (const environment of environmentNames) {
      issues.push(...rangeIssues(raw, group, environment));
      issues.push(...scaleToZeroIssues(raw, group, environment, listed, merged));
    }
  }
  return issues;
}

/** The instance range of a group in one environment: min ≤ max, the initial count within it. */
function rangeIssues(raw: Record<string, unknown>, group: string, environment: string): ConfigIssue[] {
  const { value, pathOf } = groupIn(raw, group, environment);
  const { minInstances, maxInstances, initialInstanceCount } = value;
  if (typeof maxInstances !== 'number') return [];
  const issues: ConfigIssue[] = [];
  if (typeof minInstances === 'number' && minInstances > maxInstances) {
    issues.push({
      path: pathOf('minInstances'),
      message: `${minInstances} must be <= maxInstances (${maxInstances}) (environment ${environment})`,
    });
  }
  if (typeof initialInstanceCount === 'number' && initialInstanceCount > maxInstances) {
    issues.push({
      path: pathOf('initialInstanceCount'),
      message: `${initialInstanceCount} must be <= maxInstances (${maxInstances}) (environment ${environment})`,
    });
  }
  return issues;
}

function scaleToZeroIssues(
  raw: Record<string, unknown>,
  group: string,
  environment: string,
  listed: readonly string[],
  merged: ReadonlyMap<string, MergedSettings>,
): ConfigIssue[] {
  const { value, pathOf } = groupIn(raw, group, environment);
  if (value.minInstances !== 0) return [];
  // A model whose schedules take it to zero copies for part of the day frees the instances then.
  const keepingCopies = listed.filter((model) => {
    const settings = merged.get(`${model}/${environment}`);
    const component = settings ? section(section(settings.value, 'sagemaker'), 'component') : {};
    const minCopies = num(component.minCopies);
    const schedules = Array.isArray(component.schedules) ? component.schedules : [];
    const scheduledZero = schedules.some((schedule) => isPlainObject(schedule) && schedule.minCopies === 0);
    return minCopies !== undefined && minCopies > 0 && !scheduledZero;
  });
  if (keepingCopies.length === 0) return [];
  return [
    {
      path: pathOf('minInstances'),
      message: `0 frees the instances only when no copy runs, but ${keepingCopies.join(', ')} keep${keepingCopies.length === 1 ? 's' : ''} at least one (sagemaker.component.minCopies > 0 in environment ${environment}, and no schedule with minCopies 0); set their minCopies to 0 (always or in sagemaker.component.schedules) or minInstances to 1`,
    },
  ];
}

/**
 * Settings a model on a shared endpoint cannot have: the endpoint's variant belongs to the group, and an inference
 * component has no serverless, asynchronous, shadow or weighted variant of its own; its copies scale through
 * `sagemaker.component` (schedules included), not `scaling`; it updates all at once or rolling, never canary or
 * linear; it has no data capture and no Model Monitor schedule (both are set per endpoint config). A model package
 * brings an image and data the component cannot take.
 * LLM serving (LMI and TGI images, `sagemaker.llm`, the chat proxy) needs an endpoint of its own for now.
 * Only the model's own settings are refused (`setForModel`): a value it inherits from `defaults` or an
 * environment's defaults is meant for the models it applies to, and a shared model ignores it.
 */
export function sharedEndpointMemberViolations(
  settings: Settings,
  group: string,
  setForModel: (field: readonly string[]) => boolean,
): RuleViolation[] {
  const sagemaker = section(settings, 'sagemaker');
  const on = `the model is an inference component of shared endpoint ${group}`;
  const violations: RuleViolation[] = [];
  const refuse = (field: string[], why: string) => {
    if (setForModel(field)) violations.push({ field, message: `does not apply: ${on}; ${why}` });
  };
  if (sagemaker.variant === 'serverless') refuse(['sagemaker', 'variant'], 'its instances are the group’s');
  if (section(sagemaker, 'async').enabled === true)
    refuse(['sagemaker', 'async', 'enabled'], 'asynchronous inference needs an endpoint of its own');
  if (section(sagemaker, 'shadow').enabled === true)
    refuse(['sagemaker', 'shadow', 'enabled'], 'a shadow variant needs an endpoint of its own');
  if (Array.isArray(sagemaker.variants) && sagemaker.variants.length > 0)
    refuse(['sagemaker', 'variants'], 'weighted variants need an endpoint of their own');
  if (section(sagemaker, 'dataCapture').enabled === true)
    refuse(['sagemaker', 'dataCapture', 'enabled'], 'capture is not set up for shared endpoints yet');
  if (section(sagemaker, 'monitoring').enabled === true)
    refuse(['sagemaker', 'monitoring', 'enabled'], 'Model Monitor needs captured data');
  if (section(settings, 'monitoring').enabled === true)
    refuse(['monitoring', 'enabled'], 'drift monitoring needs captured data');
  if (section(settings, 'scaling').enabled === true)
    refuse(['scaling', 'enabled'], 'its copies scale with sagemaker.component.minCopies and maxCopies');
  const scalingSchedules = section(settings, 'scaling').schedules;
  if (Array.isArray(scalingSchedules) && scalingSchedules.length > 0)
    refuse(
      ['scaling', 'schedules'],
      'schedule its copies with sagemaker.component.schedules (minCopies, maxCopies)',
    );
  const strategy = section(settings, 'rollout').strategy;
  // SageMaker updates an inference component all at once (blue/green) or in rolling batches of copies
  // ("InferenceComponentDeploymentConfig", https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentDeploymentConfig.html).
  if (strategy === 'canary' || strategy === 'linear')
    refuse(
      ['rollout', 'strategy'],
      'SageMaker updates an inference component all at once or rolling (rollout.strategy allAtOnce or rolling)',
    );
  // Its rolling policy has a batch size, a wait between batches, a timeout and a rollback batch size, and no wait
  // before the old copies end ("InferenceComponentRollingUpdatePolicy",
  // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentRollingUpdatePolicy.html).
  const terminationWait = num(section(settings, 'rollout').terminationWaitMinutes);
  if (terminationWait !== undefined && terminationWait > 0)
    refuse(
      ['rollout', 'terminationWaitMinutes'],
      'SageMaker ends an inference component’s old copies without a termination wait; bake with rollout.bakeMinutes',
    );
  if (section(settings, 'artifact').modelPackage !== undefined)
    refuse(['artifact', 'modelPackage'], 'give the model an artifact path or s3Uri and sagemaker.image');
  // LLM serving (its images, container settings and GPU checks, the chat proxy and its guardrail) is built for a
  // model with an endpoint of its own; a component would need its own GPU reservation and the proxy would need to
  // name the component in every call.
  const image = section(sagemaker, 'image');
  for (const server of ['lmi', 'tgi']) {
    if (image[server] !== undefined)
      refuse(['sagemaker', 'image', server], 'LLM images are served on an endpoint of their own for now');
  }
  if (Object.keys(section(sagemaker, 'llm')).length > 0)
    refuse(['sagemaker', 'llm'], 'LLM settings apply to a model with an endpoint of its own');
  if (section(settings, 'chat').enabled === true)
    refuse(['chat', 'enabled'], 'the chat proxy calls an endpoint of its own, not an inference component');

  const component = section(sagemaker, 'component');
  violations.push(...componentScheduleViolations(settings));
  if (strategy === 'rolling') violations.push(...componentRolloutViolations(settings));
  const copies = num(component.copyCount);
  const max = num(component.maxCopies);
  const min = num(component.minCopies);
  if (min !== undefined && max !== undefined && min > max) {
    violations.push({
      field: ['sagemaker', 'component', 'minCopies'],
      message: `${min} must be <= maxCopies (${max})`,
      related: [['sagemaker', 'component', 'maxCopies']],
    });
  } else if (copies !== undefined && max !== undefined && copies > max) {
    violations.push({
      field: ['sagemaker', 'component', 'copyCount'],
      message: `${copies} must be <= maxCopies (${max})`,
      related: [['sagemaker', 'component', 'maxCopies']],
    });
  }
  return violations;
}

/** A model that sets sagemaker.component but joins no shared endpoint: the settings would do nothing. */
export function strayComponentViolation(settings: MergedSettings): RuleViolation | undefined {
  // Blame the first field a layer of the file set (the built-in defaults set them all).
  const setByUser = [...settings.origins.entries()].find(
    ([field, origin]) =>
      (field === 'sagemaker.component' || field.startsWith('sagemaker.component.')) &&
      origin[0] !== '(built-in default)',
  );
  if (setByUser) {
    return {
      field: setByUser[0].split('.'),
      message: 'applies only to a model that a shared endpoint lists (sharedEndpoints.<name>.models)',
    };
  }
  if (settings.origins.has('rollout.rollingBatchCopies')) {
    return {
      field: ['rollout', 'rollingBatchCopies'],
      message:
        'applies only to inference components (a model a shared endpoint lists); an endpoint of its own rolls instances: use rollout.rollingBatchPercent',
    };
  }
  return undefined;
}

/** The groups of one environment, with the environment's overrides and the defaults applied. */
export function resolveSharedEndpoints(
  groups: Readonly<Record<string, SharedEndpointFile>> | undefined,
  environment: string,
): ResolvedSharedEndpoint[] {
  return Object.entries(groups ?? {}).map(([name, group]) => {
    const { models, environments, ...base } = group;
    const range = { ...SHARED_ENDPOINT_DEFAULTS, ...base, ...environments?.[environment] };
    return {
      name,
      instanceType: range.instanceType,
      initialInstanceCount: range.initialInstanceCount,
      minInstances: range.minInstances,
      maxInstances: range.maxInstances,
      models,
    };
  });
}

function groupModels(raw: Record<string, unknown>): [string, string[]][] {
  const groups = isPlainObject(raw.sharedEndpoints) ? raw.sharedEndpoints : {};
  return Object.entries(groups).map(([name, group]) => [
    name,
    isPlainObject(group) && Array.isArray(group.models)
      ? group.models.filter((m): m is string => typeof m === 'string')
      : [],
  ]);
}

/** A group's fields in one environment, and the file path each came from. */
function groupIn(raw: Record<string, unknown>, group: string, environment: string) {
  const groups = isPlainObject(raw.sharedEndpoints) ? raw.sharedEndpoints : {};
  const base = isPlainObject(groups[group]) ? groups[group] : {};
  const overrides = isPlainObject(base.environments) ? base.environments[environment] : undefined;
  const override = isPlainObject(overrides) ? overrides : {};
  const value: Record<string, unknown> = { ...SHARED_ENDPOINT_DEFAULTS, ...base, ...override };
  const pathOf = (field: string) =>
    field in override
      ? ['sharedEndpoints', group, 'environments', environment, field]
      : ['sharedEndpoints', group, field];
  return { value, pathOf };
}
