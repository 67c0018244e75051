import type {
  ApplicationAutoScalingClient,
  PutScalingPolicyCommandInput,
  ScalableDimension,
  ScalableTargetAction,
  ServiceNamespace,
} from '@aws-sdk/client-application-auto-scaling';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';

/** Which scalable target a variant is: the key of every Application Auto Scaling call about it. */
export interface ScalableTargetId {
  readonly ServiceNamespace: ServiceNamespace;
  readonly ResourceId: string;
  readonly ScalableDimension: ScalableDimension;
}

interface ScheduledActionProperties {
  readonly ScheduledActionName: string;
  readonly Schedule: string;
  readonly Timezone?: string;
  readonly ScalableTargetAction: ScalableTargetAction;
}

/** A target-tracking policy as PutScalingPolicy takes it, without the target's identity. */
export type PolicyProperties = Omit<PutScalingPolicyCommandInput, keyof ScalableTargetId>;

/** The registration a variant should have when autoscaling is on. */
export interface DesiredScaling {
  readonly ScalableTarget: {
    readonly MinCapacity: number;
    readonly MaxCapacity: number;
    readonly RoleARN?: string;
    readonly ScheduledActions?: readonly ScheduledActionProperties[];
    /** The tags CloudFormation gives the native scalable target (stack and config tags). */
    readonly Tags?: Readonly<Record<string, string>>;
  };
  readonly Policies: readonly PolicyProperties[];
  /**
   * Logical id of the native `AWS::ApplicationAutoScaling::ScalableTarget`. The guard registers the
   * variant only while that resource exists in the stack: when autoscaling is being switched on,
   * CloudFormation creates the target after the guards, and a resource handler's create fails with
   * AlreadyExists for a resource that exists already ("Resource type handler contract",
   * CloudFormation Command Line Interface User Guide).
   */
  readonly ScalableTargetLogicalId: string;
}

/** Properties of `Custom::EndpointScalingGuard`. */
export interface ScalingGuardProperties {
  readonly EndpointName: string;
  readonly VariantName: string;
  /** The instance type this deploy gives the variant. */
  readonly InstanceType: string;
  readonly ScalableTargetId: ScalableTargetId;
  /** Absent when autoscaling is off for this deploy. */
  readonly Scaling?: DesiredScaling;
}

/** Properties of `Custom::EndpointScalingPolicies`, the variant's target-tracking policies. */
export interface ScalingPoliciesProperties {
  readonly ScalableTargetId: ScalableTargetId;
  readonly Policies: readonly PolicyProperties[];
}

export interface Clients {
  readonly sagemaker: SageMakerClient;
  readonly scaling: ApplicationAutoScalingClient;
  readonly cloudformation: CloudFormationClient;
}

const NUMBER_KEYS = new Set([
  'MinCapacity',
  'MaxCapacity',
  'TargetValue',
  'ScaleInCooldown',
  'ScaleOutCooldown',
]);
const BOOLEAN_KEYS = new Set(['DisableScaleIn']);
/** Maps whose keys are user data (tag keys), not property names. */
const OPAQUE_KEYS = new Set(['Tags']);

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
      if (OPAQUE_KEYS.has(key)) return [key, item];
      return [key, restoreTypes(item)];
    }),
  ) as T;
}
