import {
  DeregisterScalableTargetCommand,
  RegisterScalableTargetCommand,
  TagResourceCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { applyPolicies } from '../../../lambda/scaling-guard/policies';
import type {
  ScalingGuardProperties,
  ScalingPoliciesProperties,
} from '../../../lambda/scaling-guard/properties';
import { reconcile } from '../../../lambda/scaling-guard/reconcile';
import type { FakeAws } from './fake-aws';

/** What one deploy of the model stack declares for the variant. */
export interface Template {
  readonly instanceType: string;
  readonly scaling?: {
    readonly minCapacity: number;
    readonly maxCapacity: number;
    readonly targetInvocations: number;
    readonly tags: Record<string, string>;
  };
}

export const STACK_ID = 'arn:aws:cloudformation:eu-west-1:111111111111:stack/prod-churn/1';
export const TARGET_LOGICAL_ID = 'ChurnScalableTarget1A2B3C4D';
export const RESOURCE_ID = 'endpoint/acme-churn-prod/variant/AllTraffic';
export const POLICY_NAME = 'acme-churn-prod-invocations-tracking';
export const TARGET_PHYSICAL_ID = `${RESOURCE_ID}|sagemaker:variant:DesiredInstanceCount|sagemaker`;
const TARGET_ID = {
  ServiceNamespace: 'sagemaker',
  ResourceId: RESOURCE_ID,
  ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
} as const;

/** The guard's properties, as the construct renders them (values already typed). */
export function guardProperties(template: Template): ScalingGuardProperties {
  const scaling = template.scaling;
  return {
    EndpointName: 'acme-churn-prod',
    VariantName: 'AllTraffic',
    InstanceType: template.instanceType,
    ScalableTargetId: TARGET_ID,
    Scaling: scaling && {
      ScalableTarget: {
        MinCapacity: scaling.minCapacity,
        MaxCapacity: scaling.maxCapacity,
        Tags: scaling.tags,
      },
      Policies: policiesProperties(template)!.Policies,
      ScalableTargetLogicalId: TARGET_LOGICAL_ID,
    },
  };
}

function policiesProperties(template: Template): ScalingPoliciesProperties | undefined {
  if (!template.scaling) return undefined;
  return {
    ScalableTargetId: TARGET_ID,
    Policies: [
      {
        PolicyName: POLICY_NAME,
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: template.scaling.targetInvocations,
          PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
        },
      },
    ],
  };
}

type Step = { readonly name: string; readonly undo: () => Promise<void> };

/**
 * Replays what CloudFormation does to the variant's resources in one stack update, in dependency
 * order (guard before → endpoint → guard after → native scalable target → policies), deleting
 * removed resources in the cleanup phase. When a step fails, the steps done so far are undone in
 * reverse order with the previous template, as an update rollback does, and the error is returned.
 * `failEndpoint` makes the endpoint update fail as an alarm-triggered SageMaker rollback would.
 */
export async function deploy(
  aws: FakeAws,
  previous: Template | undefined,
  next: Template,
  options: { readonly failEndpoint?: boolean } = {},
): Promise<Error | undefined> {
  const done: Step[] = [];
  const run = async (name: string, action: () => Promise<unknown>, undo: () => Promise<void>) => {
    await action();
    done.push({ name, undo });
  };
  const guard = (template: Template) => reconcile(guardProperties(template), aws.clients, STACK_ID);
  const guardChanged =
    previous === undefined ||
    JSON.stringify(guardProperties(previous)) !== JSON.stringify(guardProperties(next));
  try {
    if (guardChanged) {
      await run(
        'guard before',
        () => guard(next),
        async () => void (previous && (await guard(previous))),
      );
    }
    if (previous === undefined) {
      aws.updateEndpoint(RESOURCE_ID, next.instanceType);
    } else if (previous.instanceType !== next.instanceType) {
      await run(
        'endpoint',
        async () => {
          aws.updateEndpoint(RESOURCE_ID, next.instanceType);
          if (options.failEndpoint) {
            aws.updateEndpoint(RESOURCE_ID, previous.instanceType);
            throw new Error('Endpoint update rolled back by SageMaker: alarm in ALARM');
          }
        },
        async () => aws.updateEndpoint(RESOURCE_ID, previous.instanceType),
      );
    }
    if (guardChanged) {
      await run(
        'guard after',
        () => guard(next),
        async () => void (previous && (await guard(previous))),
      );
    }
    if (next.scaling && !previous?.scaling) {
      await run(
        'create target',
        () => createTarget(aws, next),
        () => deleteTarget(aws),
      );
    } else if (next.scaling && targetOf(next) !== targetOf(previous!)) {
      await run(
        'update target',
        () => updateTarget(aws, next),
        () => updateTarget(aws, previous!),
      );
    }
    const nextPolicies = policiesProperties(next);
    const previousPolicies = previous && policiesProperties(previous);
    if (nextPolicies && JSON.stringify(nextPolicies) !== JSON.stringify(previousPolicies)) {
      const requestType = previousPolicies ? 'Update' : 'Create';
      await run(
        'policies',
        () => applyPolicies(requestType, nextPolicies, previousPolicies, aws.clients.scaling),
        async () =>
          void (previousPolicies
            ? await applyPolicies('Update', previousPolicies, nextPolicies, aws.clients.scaling)
            : await applyPolicies('Delete', nextPolicies, undefined, aws.clients.scaling)),
      );
    }
  } catch (error) {
    for (const step of done.reverse()) await step.undo();
    return error as Error;
  }
  // Cleanup phase: resources no longer in the template; a failed delete is skipped.
  if (previous?.scaling && !next.scaling) {
    await applyPolicies('Delete', policiesProperties(previous)!, undefined, aws.clients.scaling).catch(
      () => {},
    );
    await deleteTarget(aws).catch(() => {});
  }
  return undefined;
}

/** The native target's properties, to tell whether CloudFormation updates it. */
function targetOf(template: Template): string {
  const { minCapacity, maxCapacity, tags } = template.scaling ?? {};
  return JSON.stringify({ minCapacity, maxCapacity, tags });
}

/**
 * CloudFormation's create of the native target: fails if it is registered already (a create handler
 * answers AlreadyExists; "Resource type handler contract", CloudFormation CLI User Guide).
 */
async function createTarget(aws: FakeAws, template: Template) {
  if (aws.targets.has(RESOURCE_ID)) throw new Error(`${RESOURCE_ID} already exists`);
  const { minCapacity, maxCapacity, tags } = template.scaling!;
  await aws.clients.scaling.send(
    new RegisterScalableTargetCommand({
      ...TARGET_ID,
      MinCapacity: minCapacity,
      MaxCapacity: maxCapacity,
      Tags: tags,
    }),
  );
  aws.stackResources.set(TARGET_LOGICAL_ID, TARGET_PHYSICAL_ID);
}

/** CloudFormation's update of the native target: it must be registered (NotFound otherwise). */
async function updateTarget(aws: FakeAws, template: Template) {
  if (!aws.targets.has(RESOURCE_ID)) throw new Error(`${RESOURCE_ID} not found`);
  const { minCapacity, maxCapacity, tags } = template.scaling!;
  const { ScalableTargetARN } = await aws.clients.scaling.send(
    new RegisterScalableTargetCommand({ ...TARGET_ID, MinCapacity: minCapacity, MaxCapacity: maxCapacity }),
  );
  await aws.clients.scaling.send(new TagResourceCommand({ ResourceARN: ScalableTargetARN, Tags: tags }));
}

/** CloudFormation's delete of the native target. */
async function deleteTarget(aws: FakeAws) {
  aws.stackResources.delete(TARGET_LOGICAL_ID);
  await aws.clients.scaling.send(new DeregisterScalableTargetCommand({ ...TARGET_ID }));
}
