import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  ObjectNotFoundException,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  ValidationException,
} from '@aws-sdk/client-application-auto-scaling';
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import type { Clients } from '../../../lambda/scaling-guard/properties';

export interface FakeTarget {
  arn: string;
  minCapacity: number;
  maxCapacity: number;
  tags: Record<string, string>;
  scheduledActions: Map<string, unknown>;
  policies: Map<string, FakePolicy>;
}

export interface FakePolicy {
  arn: string;
  targetValue: number | undefined;
}

const meta = { $metadata: {} };
let ids = 0;
const nextId = () => `${++ids}`.padStart(8, '0');

/**
 * A small in-memory Application Auto Scaling, SageMaker endpoint and CloudFormation stack, behind
 * aws-sdk-client-mock, that behave as the services document:
 * - a target is identified by its resource id; registering it again updates it in place, and
 *   `Tags` are accepted only when the target is created (RegisterScalableTarget);
 * - deregistering a target deletes its policies and scheduled actions (DeregisterScalableTarget);
 * - a policy is put by name and keeps its ARN when updated; a re-created policy gets a new ARN,
 *   whose id Application Auto Scaling generates (PutScalingPolicy);
 * - SageMaker refuses to change the instance type of a registered variant (UpdateEndpoint with
 *   autoscaling).
 */
export class FakeAws {
  readonly targets = new Map<string, FakeTarget>();
  /** The resources the stack holds: physical id by logical id. */
  readonly stackResources = new Map<string, string>();
  instanceType: string | undefined;
  private configs = 0;
  readonly clients: Clients = {
    sagemaker: new SageMakerClient({}),
    scaling: new ApplicationAutoScalingClient({}),
    cloudformation: new CloudFormationClient({}),
  };
  // Stubs on these clients, not on the client classes: nothing outside the test sees them.
  private readonly mocks = [
    mockClient(this.clients.sagemaker),
    mockClient(this.clients.scaling),
    mockClient(this.clients.cloudformation),
  ] as const;

  constructor() {
    const [sagemaker, scaling, cloudformation] = this.mocks;
    sagemaker.on(DescribeEndpointCommand).callsFake((input) => {
      if (this.instanceType === undefined) {
        throw Object.assign(new Error(`Could not find endpoint "${input.EndpointName}".`), {
          name: 'ValidationException',
        });
      }
      return { EndpointName: input.EndpointName, EndpointConfigName: `config-${this.configs}` };
    });
    sagemaker.on(DescribeEndpointConfigCommand).callsFake(() => ({
      ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: this.instanceType, ModelName: 'm' }],
    }));
    cloudformation.on(DescribeStackResourceCommand).callsFake((input) => {
      if (!this.stackResources.has(input.LogicalResourceId)) {
        throw Object.assign(
          new Error(`Resource ${input.LogicalResourceId} does not exist for stack ${input.StackName}`),
          { name: 'ValidationException' },
        );
      }
      return {
        StackResourceDetail: {
          ResourceStatus: 'UPDATE_COMPLETE',
          PhysicalResourceId: this.stackResources.get(input.LogicalResourceId),
        },
      };
    });
    scaling.on(DescribeScalableTargetsCommand).callsFake((input) => {
      const target = this.targets.get(input.ResourceIds[0]);
      return {
        ScalableTargets: target ? [{ ResourceId: input.ResourceIds[0], ScalableTargetARN: target.arn }] : [],
      };
    });
    scaling.on(RegisterScalableTargetCommand).callsFake((input) => {
      const existing = this.targets.get(input.ResourceId);
      if (existing && input.Tags) {
        throw new ValidationException({
          ...meta,
          message:
            'The scalable target that you tried to tag already exists. To update tags on an existing scalable target, use the TagResource API.',
        });
      }
      const target = existing ?? {
        arn: `arn:aws:application-autoscaling:eu-west-1:111111111111:scalable-target/${nextId()}`,
        tags: { ...input.Tags },
        scheduledActions: new Map(),
        policies: new Map(),
        minCapacity: 0,
        maxCapacity: 0,
      };
      target.minCapacity = input.MinCapacity ?? target.minCapacity;
      target.maxCapacity = input.MaxCapacity ?? target.maxCapacity;
      this.targets.set(input.ResourceId, target);
      return { ScalableTargetARN: target.arn };
    });
    scaling.on(DeregisterScalableTargetCommand).callsFake((input) => {
      if (!this.targets.delete(input.ResourceId)) throw this.noTarget(input.ResourceId);
      return {};
    });
    scaling.on(TagResourceCommand).callsFake((input) => {
      const target = [...this.targets.values()].find((candidate) => candidate.arn === input.ResourceARN);
      if (!target) throw new ResourceNotFoundException({ ...meta, message: 'not found', ResourceName: '' });
      Object.assign(target.tags, input.Tags);
      return {};
    });
    scaling.on(PutScheduledActionCommand).callsFake((input) => {
      this.target(input.ResourceId).scheduledActions.set(input.ScheduledActionName, input);
      return {};
    });
    scaling.on(PutScalingPolicyCommand).callsFake((input) => {
      const target = this.target(input.ResourceId);
      const policy = target.policies.get(input.PolicyName) ?? {
        arn: `arn:aws:autoscaling:eu-west-1:111111111111:scalingPolicy:${nextId()}:resource/sagemaker/${input.ResourceId}:policyName/${input.PolicyName}`,
        targetValue: undefined,
      };
      policy.targetValue = input.TargetTrackingScalingPolicyConfiguration?.TargetValue;
      target.policies.set(input.PolicyName, policy);
      return { PolicyARN: policy.arn };
    });
    scaling.on(DeleteScalingPolicyCommand).callsFake((input) => {
      if (!this.target(input.ResourceId).policies.delete(input.PolicyName)) {
        throw new ObjectNotFoundException({
          ...meta,
          message: `No scaling policy found: ${input.PolicyName}`,
        });
      }
      return {};
    });
  }

  /** SageMaker's UpdateEndpoint onto a config that runs this instance type. */
  updateEndpoint(resourceId: string, instanceType: string): void {
    if (this.instanceType !== instanceType && this.targets.has(resourceId)) {
      throw new Error(
        `ValidationException: the instance type of ${resourceId} cannot change while it is registered with Application Auto Scaling`,
      );
    }
    this.instanceType = instanceType;
    this.configs += 1;
  }

  restore(): void {
    for (const mock of this.mocks) mock.restore();
  }

  private target(resourceId: string): FakeTarget {
    const target = this.targets.get(resourceId);
    if (!target) throw this.noTarget(resourceId);
    return target;
  }

  private noTarget(resourceId: string) {
    return new ObjectNotFoundException({
      ...meta,
      message: `No scalable target registered for service namespace: sagemaker, resource ID: ${resourceId}`,
    });
  }
}
