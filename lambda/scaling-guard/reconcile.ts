import { DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { DescribeEndpointCommand, DescribeEndpointConfigCommand } from '@aws-sdk/client-sagemaker';
import type { Clients, ScalingGuardProperties } from './properties';
import { deregisterTarget, registerTarget } from './scalable-target';

/**
 * Keeps an endpoint variant's autoscaling registration compatible with the instance type the
 * endpoint runs. SageMaker rejects UpdateEndpoint when it would change the instance type of a
 * variant registered with Application Auto Scaling ("Update or delete endpoints that use automatic
 * scaling", Amazon SageMaker Developer Guide), so around such an update:
 *
 * - while the endpoint still runs another instance type than the one this resource describes, the
 *   variant is deregistered (the endpoint is about to be updated to, or rolled back to, that type);
 * - once the endpoint runs the described instance type, the variant is registered again with the
 *   described target, tags, scheduled actions and policies, if autoscaling is on and the stack
 *   holds the native scalable target (otherwise CloudFormation creates or deletes it itself).
 *
 * One resource of this kind sits before the endpoint and one after it. On a forward update the
 * first deregisters and the second re-registers; on a CloudFormation rollback the order reverses
 * and the same rule restores the old registration.
 */
type ReconcileOutcome = 'registered' | 'deregistered' | 'unchanged';

export async function reconcile(
  properties: ScalingGuardProperties,
  clients: Clients,
  stackId: string,
): Promise<ReconcileOutcome> {
  const running = await runningInstanceType(properties, clients);
  if (running === undefined) return 'unchanged';
  if (running !== properties.InstanceType) {
    return (await deregisterTarget(clients.scaling, properties.ScalableTargetId))
      ? 'deregistered'
      : 'unchanged';
  }
  const desired = properties.Scaling;
  if (!desired || !(await stackHoldsTarget(clients, stackId, properties))) {
    return 'unchanged';
  }
  await registerTarget(clients.scaling, properties.ScalableTargetId, desired);
  return 'registered';
}

/** The instance type the endpoint's current config gives the variant; undefined if there is no such endpoint or variant. */
async function runningInstanceType(properties: ScalingGuardProperties, { sagemaker }: Clients) {
  let endpointConfigName: string | undefined;
  try {
    const endpoint = await sagemaker.send(
      new DescribeEndpointCommand({ EndpointName: properties.EndpointName }),
    );
    endpointConfigName = endpoint.EndpointConfigName;
  } catch (error) {
    // SageMaker reports a missing endpoint as a ValidationException with this message.
    if (
      (error as Error).name === 'ValidationException' &&
      /Could not find endpoint/i.test((error as Error).message)
    ) {
      return undefined;
    }
    throw error;
  }
  if (!endpointConfigName) return undefined;
  const config = await sagemaker.send(
    new DescribeEndpointConfigCommand({ EndpointConfigName: endpointConfigName }),
  );
  return config.ProductionVariants?.find((variant) => variant.VariantName === properties.VariantName)
    ?.InstanceType;
}

/**
 * Whether the stack holds the native scalable target for this variant: created, not being deleted,
 * and with this variant's identity as its physical id (`<resource id>|<dimension>|<namespace>`, the
 * target's `Ref`), so not about to be replaced by one for a renamed endpoint or variant.
 * DescribeStackResource answers a ValidationException "Resource … does not exist for stack …" for
 * a resource the stack does not hold yet (AWS CloudFormation API Reference, DescribeStackResource).
 */
async function stackHoldsTarget(
  { cloudformation }: Clients,
  stackId: string,
  { Scaling, ScalableTargetId: id }: ScalingGuardProperties,
) {
  try {
    const { StackResourceDetail: detail } = await cloudformation.send(
      new DescribeStackResourceCommand({
        StackName: stackId,
        LogicalResourceId: Scaling!.ScalableTargetLogicalId,
      }),
    );
    const status = detail?.ResourceStatus ?? '';
    const physicalId = `${id.ResourceId}|${id.ScalableDimension}|${id.ServiceNamespace}`;
    return (
      status !== '' &&
      !/^(CREATE_IN_PROGRESS|CREATE_FAILED|DELETE_)/.test(status) &&
      (detail?.PhysicalResourceId === undefined || detail.PhysicalResourceId === physicalId)
    );
  } catch (error) {
    if ((error as Error).name === 'ValidationException' && /does not exist/i.test((error as Error).message)) {
      return false;
    }
    throw error;
  }
}
