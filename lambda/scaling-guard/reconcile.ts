import {
  ApplicationAutoScalingClient,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  ObjectNotFoundException,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
  type PutScalingPolicyCommandInput,
  type RegisterScalableTargetCommandInput,
  type ScalableDimension,
  type ScalableTargetAction,
  type ServiceNamespace,
} from '@aws-sdk/client-application-auto-scaling';
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';

/**
 * Keeps an endpoint variant's autoscaling registration compatible with the instance type the
 * endpoint runs. SageMaker rejects UpdateEndpoint when it would change the instance type of a
 * variant registered with Application Auto Scaling, so around such an update:
 *
 * - while the endpoint still runs another instance type than the one this resource describes, the
 *   variant is deregistered (the endpoint is about to be updated to, or rolled back to, that type);
 * - once the endpoint runs the described instance type, the variant is registered again with the
 *   described target, scheduled actions and policies.
 *
 * One resource of this kind sits before the endpoint and one after it. On a forward update the
 * first deregisters and the second re-registers; on a CloudFormation rollback the order reverses
 * and the same rule restores the old registration.
 */
export interface ScalingGuardProperties {
  readonly EndpointName: string;
  readonly VariantName: string;
  readonly InstanceType: string;
  readonly ScalableTarget: RegisterScalableTargetCommandInput & {
    readonly ServiceNamespace: ServiceNamespace;
    readonly ResourceId: string;
    readonly ScalableDimension: ScalableDimension;
    readonly ScheduledActions?: readonly ScheduledActionProperties[];
  };
  readonly Policies: readonly PutScalingPolicyCommandInput[];
}

interface ScheduledActionProperties {
  readonly ScheduledActionName: string;
  readonly Schedule: string;
  readonly Timezone?: string;
  readonly ScalableTargetAction: ScalableTargetAction;
}

export interface Clients {
  readonly sagemaker: SageMakerClient;
  readonly scaling: ApplicationAutoScalingClient;
}

export type ReconcileOutcome = 'registered' | 'deregistered' | 'unchanged';

export async function reconcile(
  properties: ScalingGuardProperties,
  clients: Clients,
): Promise<ReconcileOutcome> {
  const running = await runningInstanceType(properties, clients.sagemaker);
  if (running === undefined) return 'unchanged';
  if (running === properties.InstanceType) {
    await register(properties, clients.scaling);
    return 'registered';
  }
  return (await deregister(properties, clients.scaling)) ? 'deregistered' : 'unchanged';
}

/** The instance type the endpoint's current config gives the variant; undefined if there is no such endpoint or variant. */
async function runningInstanceType(properties: ScalingGuardProperties, sagemaker: SageMakerClient) {
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

async function register(
  properties: ScalingGuardProperties,
  scaling: ApplicationAutoScalingClient,
): Promise<void> {
  const { ScheduledActions, ...target } = properties.ScalableTarget;
  const identity = {
    ServiceNamespace: target.ServiceNamespace,
    ResourceId: target.ResourceId,
    ScalableDimension: target.ScalableDimension,
  };
  await scaling.send(new RegisterScalableTargetCommand(target));
  for (const action of ScheduledActions ?? []) {
    await scaling.send(new PutScheduledActionCommand({ ...identity, ...action }));
  }
  for (const policy of properties.Policies) {
    await scaling.send(new PutScalingPolicyCommand({ ...identity, ...policy }));
  }
}

/** Deregisters the variant (which also deletes its policies and scheduled actions); false if it was not registered. */
async function deregister(
  properties: ScalingGuardProperties,
  scaling: ApplicationAutoScalingClient,
): Promise<boolean> {
  const { ServiceNamespace, ResourceId, ScalableDimension } = properties.ScalableTarget;
  const existing = await scaling.send(
    new DescribeScalableTargetsCommand({ ServiceNamespace, ResourceIds: [ResourceId], ScalableDimension }),
  );
  if (!existing.ScalableTargets?.length) return false;
  try {
    await scaling.send(
      new DeregisterScalableTargetCommand({ ServiceNamespace, ResourceId, ScalableDimension }),
    );
    return true;
  } catch (error) {
    if (error instanceof ObjectNotFoundException) return false;
    throw error;
  }
}

const NUMBER_KEYS = new Set([
  'MinCapacity',
  'MaxCapacity',
  'TargetValue',
  'ScaleInCooldown',
  'ScaleOutCooldown',
]);
const BOOLEAN_KEYS = new Set(['DisableScaleIn']);

/**
 * CloudFormation passes every custom resource property value as a string; restore the numbers and
 * booleans the Application Auto Scaling API expects.
 */
export function restoreTypes<T>(value: T): T {
  if (Array.isArray(value)) return value.map(restoreTypes) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (NUMBER_KEYS.has(key) && typeof item === 'string') return [key, Number(item)];
      if (BOOLEAN_KEYS.has(key) && typeof item === 'string') return [key, item === 'true'];
      return [key, restoreTypes(item)];
    }),
  ) as T;
}
