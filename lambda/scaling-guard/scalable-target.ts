import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  ObjectNotFoundException,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
  TagResourceCommand,
  type ScalableTarget,
} from '@aws-sdk/client-application-auto-scaling';
import type { DesiredScaling, PolicyProperties, ScalableTargetId } from './properties';

/** The variant's scalable target, if it is registered. */
async function describeTarget(
  scaling: ApplicationAutoScalingClient,
  id: ScalableTargetId,
): Promise<ScalableTarget | undefined> {
  const { ScalableTargets } = await scaling.send(
    new DescribeScalableTargetsCommand({
      ServiceNamespace: id.ServiceNamespace,
      ResourceIds: [id.ResourceId],
      ScalableDimension: id.ScalableDimension,
    }),
  );
  return ScalableTargets?.[0];
}

/**
 * Registers the target as desired, with its tags, scheduled actions and policies.
 *
 * RegisterScalableTarget takes `Tags` only when it creates the target; for a target that exists it
 * rejects them ("The scalable target that you tried to tag already exists. To update tags on an
 * existing scalable target, use the TagResource API"), so an existing target is tagged with
 * TagResource (Application Auto Scaling API Reference, RegisterScalableTarget and TagResource;
 * https://docs.aws.amazon.com/autoscaling/application/userguide/resource-tagging-support.html).
 */
export async function registerTarget(
  scaling: ApplicationAutoScalingClient,
  id: ScalableTargetId,
  desired: DesiredScaling,
): Promise<void> {
  const { ScheduledActions, Tags, ...range } = desired.ScalableTarget;
  const tags = Tags && Object.keys(Tags).length > 0 ? { ...Tags } : undefined;
  const existing = await describeTarget(scaling, id);
  const registered = await scaling.send(
    new RegisterScalableTargetCommand({ ...id, ...range, Tags: existing ? undefined : tags }),
  );
  const targetArn = registered.ScalableTargetARN ?? existing?.ScalableTargetARN;
  if (existing && tags && targetArn) {
    await scaling.send(new TagResourceCommand({ ResourceARN: targetArn, Tags: tags }));
  }
  for (const action of ScheduledActions ?? []) {
    await scaling.send(new PutScheduledActionCommand({ ...id, ...action }));
  }
  await putPolicies(scaling, id, desired.Policies);
}

/**
 * Deregisters the target, which also deletes its policies and scheduled actions (Application Auto
 * Scaling API Reference, DeregisterScalableTarget); false if it was not registered.
 */
export async function deregisterTarget(
  scaling: ApplicationAutoScalingClient,
  id: ScalableTargetId,
): Promise<boolean> {
  if (!(await describeTarget(scaling, id))) return false;
  try {
    await scaling.send(new DeregisterScalableTargetCommand({ ...id }));
    return true;
  } catch (error) {
    if (error instanceof ObjectNotFoundException) return false;
    throw error;
  }
}

/** Creates or updates policies by name (PutScalingPolicy updates a policy of the same name in place). */
export async function putPolicies(
  scaling: ApplicationAutoScalingClient,
  id: ScalableTargetId,
  policies: readonly PolicyProperties[],
): Promise<void> {
  for (const policy of policies) {
    await scaling.send(new PutScalingPolicyCommand({ ...policy, ...id }));
  }
}

/** Deletes policies by name; a policy (or target) that is gone already counts as deleted. */
export async function deletePolicies(
  scaling: ApplicationAutoScalingClient,
  id: ScalableTargetId,
  policyNames: readonly string[],
): Promise<void> {
  for (const PolicyName of policyNames) {
    try {
      await scaling.send(new DeleteScalingPolicyCommand({ ...id, PolicyName }));
    } catch (error) {
      if (!(error instanceof ObjectNotFoundException)) throw error;
    }
  }
}
