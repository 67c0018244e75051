import { ResolvedModel } from '../../config';
import type { ResolvedSharedEndpoint } from '../../config/types';
import { scheduledRange } from '../../config/scheduled-range';

/**
 * What an environment's models ask of the account at their peak, from the resolved config alone (no AWS call).
 *
 * A blue/green update provisions the whole new (green) fleet before it shifts traffic, whatever the traffic
 * mode: all at once, canary ("Once SageMaker AI provisions the green fleet, SageMaker AI routes a portion of
 * the traffic…", https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-blue-green-canary.html)
 * and linear ("Once SageMaker AI provisions the new fleet, the first portion of the green fleet turns on…",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-blue-green-linear.html); the blue
 * fleet runs until the end ("Blue/Green Deployments",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-blue-green.html). So a blue/green
 * deploy needs twice the fleet. A rolling update provisions one batch at a time, `MaximumBatchSize` of the
 * variant's instances ("RollingUpdatePolicy", https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_RollingUpdatePolicy.html).
 */

/** The instances one SageMaker model may run: its autoscaling maximum (schedules included) or its fixed count. */
export function peakInstances(model: ResolvedModel): number {
  const { scaling, sagemaker } = model;
  if (!scaling.enabled) return sagemaker.initialInstanceCount;
  return Math.max(scaling.maxInstances, ...scaling.schedules.map((s) => scheduledRange(s, false).max));
}

/** The instances a deploy of the model runs at once: the peak fleet plus the new fleet (or batch) beside it. */
export function deployInstances(model: ResolvedModel): { instances: number; extra: number; why: string } {
  const peak = peakInstances(model);
  const { strategy, rollingBatchPercent } = model.rollout;
  if (strategy === 'rolling') {
    const extra = Math.ceil((peak * rollingBatchPercent) / 100);
    return {
      instances: peak + extra,
      extra,
      why: `+${extra} for the ${rollingBatchPercent} % rolling batch`,
    };
  }
  const mode = { allAtOnce: 'all-at-once', canary: 'canary', linear: 'linear' }[strategy];
  return {
    instances: 2 * peak,
    extra: peak,
    why: `×2 while ${mode === 'all-at-once' ? 'an' : 'a'} ${mode} blue/green deploy runs the new fleet beside the old`,
  };
}

export interface InstanceTypeDemand {
  readonly instanceType: string;
  /** Instances during a deploy of every model of the type, rollouts included. */
  readonly instances: number;
  readonly models: readonly { readonly model: string; readonly peak: number; readonly why: string }[];
}

/**
 * Instance demand per instance type, in the order the models appear, then the shared endpoints. A model a shared
 * endpoint lists runs on that endpoint's instances, which managed instance scaling keeps at most at `maxInstances`
 * ("ProductionVariantManagedInstanceScaling",
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantManagedInstanceScaling.html).
 */
export function instanceDemand(
  models: readonly ResolvedModel[],
  sharedEndpoints: readonly ResolvedSharedEndpoint[] = [],
): InstanceTypeDemand[] {
  const byType = new Map<string, InstanceTypeDemand>();
  const shared = new Set(sharedEndpoints.flatMap((group) => group.models));
  for (const model of models) {
    if (model.target !== 'sagemaker' || model.sagemaker.variant !== 'instance') continue;
    if (shared.has(model.name)) continue;
    const type = model.sagemaker.instanceType;
    const deploy = deployInstances(model);
    const entry = byType.get(type) ?? { instanceType: type, instances: 0, models: [] };
    byType.set(type, {
      instanceType: type,
      instances: entry.instances + deploy.instances,
      models: [...entry.models, { model: model.name, peak: peakInstances(model), why: deploy.why }],
    });
  }
  for (const group of sharedEndpoints) {
    const type = group.instanceType;
    const entry = byType.get(type) ?? { instanceType: type, instances: 0, models: [] };
    byType.set(type, {
      instanceType: type,
      instances: entry.instances + group.maxInstances,
      models: [
        ...entry.models,
        {
          model: `shared endpoint ${group.name}`,
          peak: group.maxInstances,
          why: `managed instance scaling's maximum for ${group.models.join(', ')}`,
        },
      ],
    });
  }
  return [...byType.values()];
}

export function serverlessModels(models: readonly ResolvedModel[]): ResolvedModel[] {
  return models.filter((m) => m.target === 'sagemaker' && m.sagemaker.variant === 'serverless');
}

/** The provisioned concurrency a Lambda model may hold at once: its range's maximum, schedules included. */
export function peakProvisionedConcurrency(model: ResolvedModel): number {
  const pc = model.lambda.provisionedConcurrency;
  return Math.max(pc.max ?? pc.min, pc.min, ...pc.schedules.map((s) => s.max));
}

/** Whether Application Auto Scaling manages the model's capacity (and so needs its service-linked role). */
export function autoscaled(model: ResolvedModel): boolean {
  if (model.target === 'sagemaker') return model.scaling.enabled;
  const pc = model.lambda.provisionedConcurrency;
  return (pc.max !== undefined && pc.max !== pc.min) || pc.schedules.length > 0;
}
