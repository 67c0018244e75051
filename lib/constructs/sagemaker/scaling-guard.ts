import { ArnFormat, CustomResource, Duration, Lazy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { scalingGuardCode } from '../private/lambda-bundles';
import { acknowledgeWildcardFindings } from '../private/nag';
import { ScalingDefinition, variantTargetIdentity } from './autoscaling';

/** The variant's autoscaling as CloudFormation declares it, for the guard to restore. */
export interface GuardedScaling {
  readonly definition: ScalingDefinition;
  /** The native scalable target, which must be (re)registered only after the guard has run. */
  readonly scalableTarget: appscaling.CfnScalableTarget;
}

export interface EndpointScalingGuardProps {
  readonly endpoint: sagemaker.CfnEndpoint;
  readonly endpointName: string;
  readonly variantName: string;
  readonly instanceType: string;
  /** @default autoscaling off: the guard only deregisters the variant before an instance type change */
  readonly scaling?: GuardedScaling;
}

const GUARD_TYPE = 'Custom::EndpointScalingGuard';
const POLICIES_TYPE = 'Custom::EndpointScalingPolicies';

/**
 * The guard function's timeout, and how long CloudFormation waits for its answer. CloudFormation
 * invokes it asynchronously, and Lambda retries an asynchronous invocation that failed (a crash or
 * a timeout) after about a minute ("Error handling and automatic retries in Lambda", AWS Lambda
 * Developer Guide): the wait covers a run, that pause and the retry. ServiceTimeout takes
 * 1–3600 seconds and defaults to 3600 ("AWS::CloudFormation::CustomResource", CloudFormation
 * Template Reference,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-customresource.html).
 */
export const GUARD_FUNCTION_TIMEOUT = Duration.minutes(2);
export const GUARD_SERVICE_TIMEOUT = Duration.minutes(GUARD_FUNCTION_TIMEOUT.toMinutes() * 2 + 1);

/** Guarded policies get names of their own, so that replacing native policies of the old names cannot delete them. */
export const guardedPolicyName = (policyName: string) => `${policyName}-tracking`;

/**
 * Lets the instance type of an autoscaled variant change in an ordinary deploy, including the
 * deploy that turns autoscaling off. SageMaker rejects UpdateEndpoint for such a change while the
 * variant is registered with Application Auto Scaling, so a guard before the endpoint deregisters
 * the variant when the endpoint is about to change instance type, and a guard after the endpoint
 * registers it again (target, tags, schedules, policies) once the endpoint runs the new type. On a
 * CloudFormation rollback the same two guards run in reverse order and restore the previous
 * registration. The target-tracking policies are a `Custom::EndpointScalingPolicies` resource that
 * addresses them by name, since the guard re-creates them under new ARNs.
 * docs/sagemaker-hosting.md walks through it.
 */
export class EndpointScalingGuard extends Construct {
  readonly before: CustomResource;
  readonly after: CustomResource;
  /** The variant's target-tracking policies; undefined without autoscaling. */
  readonly policies?: CustomResource;

  constructor(scope: Construct, id: string, props: EndpointScalingGuardProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const handler = guardFunction(stack, props.endpointName);
    const targetId = pascalCase(
      variantTargetIdentity({
        endpointName: props.endpointName,
        variantName: props.variantName,
        serverless: false,
      }),
    );
    const policies = Object.values(props.scaling?.definition.policies ?? {}).map((policy) =>
      pascalCase({ ...policy, policyName: guardedPolicyName(policy.policyName) }),
    );
    const properties = {
      EndpointName: props.endpointName,
      VariantName: props.variantName,
      InstanceType: props.instanceType,
      ScalableTargetId: targetId,
      Scaling: props.scaling && {
        ScalableTarget: desiredTarget(props.scaling),
        Policies: policies,
        ScalableTargetLogicalId: stack.getLogicalId(props.scaling.scalableTarget),
      },
    };
    const guard = (guardId: string) =>
      new CustomResource(this, guardId, {
        serviceToken: handler.functionArn,
        resourceType: GUARD_TYPE,
        serviceTimeout: GUARD_SERVICE_TIMEOUT,
        properties,
      });
    this.before = guard('BeforeEndpointUpdate');
    this.after = guard('AfterEndpointUpdate');
    props.endpoint.node.addDependency(this.before);
    this.after.node.addDependency(props.endpoint);
    if (props.scaling) {
      props.scaling.scalableTarget.node.addDependency(this.after);
      this.policies = new CustomResource(this, 'Policies', {
        serviceToken: handler.functionArn,
        resourceType: POLICIES_TYPE,
        serviceTimeout: GUARD_SERVICE_TIMEOUT,
        properties: { ScalableTargetId: targetId, Policies: policies },
      });
      this.policies.node.addDependency(props.scaling.scalableTarget);
    }
    // The function and its permissions must outlive every guard, policy set and native target.
    for (const resource of [this.before, this.after, this.policies]) {
      resource?.node.addDependency(handler);
    }
  }
}

/**
 * Range, role, schedules and tags of the native target, in API names. The tags are those
 * CloudFormation gives the native target (stack and config tags), read once tagging is done.
 */
function desiredTarget({ definition, scalableTarget }: GuardedScaling) {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { serviceNamespace, resourceId, scalableDimension, ...settings } = definition.target;
  return {
    ...(pascalCase(settings) as Record<string, unknown>),
    Tags: Lazy.any({
      produce: () => {
        const tags = (scalableTarget.cdkTagManager.renderTags() ?? []) as { key: string; value: string }[];
        return Object.fromEntries(tags.map((tag) => [tag.key, tag.value]));
      },
    }),
  };
}

/** One guard function per stack, allowed to manage the scaling of that stack's endpoints only. */
function guardFunction(stack: Stack, endpointName: string): lambda.Function {
  const id = 'EndpointScalingGuardFunction';
  const existing = stack.node.tryFindChild(id) as lambda.Function | undefined;
  const handler = existing ?? createGuardFunction(stack, id);
  const endpointArn = stack.formatArn({
    service: 'sagemaker',
    resource: 'endpoint',
    resourceName: endpointName.toLowerCase(),
  });
  handler.addToRolePolicy(
    new iam.PolicyStatement({
      // Reads which instance type runs; Application Auto Scaling also checks that the caller may
      // change the capacity of the variant it registers.
      actions: ['sagemaker:DescribeEndpoint', 'sagemaker:UpdateEndpointWeightsAndCapacities'],
      resources: [endpointArn],
    }),
  );
  handler.addToRolePolicy(
    new iam.PolicyStatement({
      // Target-tracking policies create and delete their own alarms, named after the resource id.
      actions: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms'],
      resources: [
        stack.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: `TargetTracking-endpoint/${endpointName}/*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    }),
  );
  return handler;
}

function createGuardFunction(stack: Stack, id: string): lambda.Function {
  const logGroup = new logs.LogGroup(stack, `${id}Logs`, {
    retention: logs.RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const handler = new lambda.Function(stack, id, {
    description: 'Keeps SageMaker endpoint autoscaling compatible with instance type changes during deploys',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    handler: 'index.handler',
    code: scalingGuardCode(),
    timeout: GUARD_FUNCTION_TIMEOUT,
    memorySize: 256,
    logGroup,
  });
  handler.addToRolePolicy(
    new iam.PolicyStatement({
      // Endpoint config names are generated by CloudFormation, so they cannot be listed here.
      actions: ['sagemaker:DescribeEndpointConfig'],
      resources: [stack.formatArn({ service: 'sagemaker', resource: 'endpoint-config', resourceName: '*' })],
    }),
  );
  handler.addToRolePolicy(
    new iam.PolicyStatement({
      // Application Auto Scaling has no resource-level permissions for these actions.
      actions: [
        'application-autoscaling:DescribeScalableTargets',
        'application-autoscaling:RegisterScalableTarget',
        'application-autoscaling:DeregisterScalableTarget',
        'application-autoscaling:PutScalingPolicy',
        'application-autoscaling:DeleteScalingPolicy',
        'application-autoscaling:PutScheduledAction',
        'cloudwatch:DescribeAlarms',
      ],
      resources: ['*'],
    }),
  );
  handler.addToRolePolicy(
    new iam.PolicyStatement({
      // Re-applies the native target's tags; target ARNs end in an id Application Auto Scaling generates.
      actions: ['application-autoscaling:TagResource'],
      resources: [
        stack.formatArn({
          service: 'application-autoscaling',
          resource: 'scalable-target',
          resourceName: '*',
        }),
      ],
    }),
  );
  handler.addToRolePolicy(
    new iam.PolicyStatement({
      // Asks whether this stack holds the native scalable target yet.
      actions: ['cloudformation:DescribeStackResource'],
      resources: [stack.stackId],
    }),
  );
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'The guard function writes its logs through the AWS managed basic execution policy.',
  });
  acknowledgeWildcardFindings(
    handler,
    'Application Auto Scaling and cloudwatch:DescribeAlarms support no resource scoping; endpoint config names and scalable target ids are generated; target-tracking alarms are scoped to the endpoint name prefix.',
  );
  return handler;
}

/** The Application Auto Scaling API's names for CloudFormation-style properties (PascalCase, `RoleARN`). */
export function pascalCase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascalCase);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => [
        key === 'roleArn' ? 'RoleARN' : key.charAt(0).toUpperCase() + key.slice(1),
        pascalCase(item),
      ]),
  );
}
