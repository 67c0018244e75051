import type { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import type { ScalingPoliciesProperties } from './properties';
import { deletePolicies, putPolicies } from './scalable-target';

/**
 * `Custom::EndpointScalingPolicies`: the target-tracking policies of a guarded variant, kept by
 * name instead of by ARN.
 *
 * An `AWS::ApplicationAutoScaling::ScalingPolicy` is identified by its policy ARN (its `Ref`; the
 * resource schema's primary identifier is `Arn` with `ScalableDimension`; CloudFormation Template
 * Reference, AWS::ApplicationAutoScaling::ScalingPolicy), and the ARN holds an id that Application
 * Auto Scaling generates when the policy is created. The scaling guard deregisters the variant
 * around an instance type change, which deletes its policies (DeregisterScalableTarget), and puts
 * them back: same names, new ARNs. A native policy resource would then point at an ARN that no
 * longer exists, and CloudFormation's next update of it would fail. This resource addresses the
 * policies by name, so it works whether or not the guard has re-created them.
 */
export async function applyPolicies(
  requestType: 'Create' | 'Update' | 'Delete',
  properties: ScalingPoliciesProperties,
  oldProperties: ScalingPoliciesProperties | undefined,
  scaling: ApplicationAutoScalingClient,
): Promise<'applied' | 'deleted'> {
  const id = properties.ScalableTargetId;
  const names = properties.Policies.map((policy) => policy.PolicyName!);
  if (requestType === 'Delete') {
    await deletePolicies(scaling, id, names);
    return 'deleted';
  }
  await putPolicies(scaling, id, properties.Policies);
  const dropped = (oldProperties?.Policies ?? [])
    .map((policy) => policy.PolicyName!)
    .filter((name) => !names.includes(name));
  await deletePolicies(scaling, oldProperties?.ScalableTargetId ?? id, dropped);
  return 'applied';
}
