import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { Construct } from 'constructs';
import { instanceFacts } from './instance-types';
import { tracksOtherMetrics } from './autoscaling-rules';
import {
  SAGEMAKER_ASYNC_METRICS,
  SAGEMAKER_INSTANCE_METRICS,
  SAGEMAKER_INVOCATION_NAMESPACE,
  SAGEMAKER_INSTANCE_NAMESPACE,
  SAGEMAKER_SCALING_METRIC_TYPES,
} from '../../../contract/metrics';

/** A time-based change of the scaling range, e.g. scale dev down at night. */
export interface ScheduledScaling {
  /** Unique within the endpoint; part of the scheduled action's name. */
  readonly name: string;
  /** When the action runs, e.g. `Schedule.expression('cron(0 7 ? * MON-FRI *)')`. */
  readonly schedule: appscaling.Schedule;
  /** New lower bound of the range. */
  readonly minCapacity: number;
  /** New upper bound of the range. */
  readonly maxCapacity: number;
  /** Time zone the schedule is read in. @default UTC */
  readonly timeZone?: TimeZone;
}

/** How an endpoint variant scales. Capacity is instances, or provisioned concurrency for serverless. */
export interface EndpointAutoScaling {
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /**
   * Target invocations per instance per minute (instance variants); `false` for no invocations policy, which
   * leaves the scaling to the other targets or to the schedules.
   * @default 100 unless another target is set
   */
  readonly targetInvocationsPerInstance?: number | false;
  /** Target concurrent requests per model copy, tracked on the high-resolution metric. @default none */
  readonly targetConcurrentRequestsPerModel?: number;
  /** Target CPU utilization of the whole instance in percent (normalized by its vCPUs). @default none */
  readonly targetCpuUtilizationPercent?: number;
  /** Target GPU utilization of the whole instance in percent (normalized by its GPUs). @default none */
  readonly targetGpuUtilizationPercent?: number;
  /**
   * Asynchronous endpoints: target queued requests per instance (ApproximateBacklogSizePerInstance), the policy AWS
   * recommends for them; they publish no invocations per instance. @default 5
   */
  readonly targetBacklogPerInstance?: number;
  /** Target provisioned-concurrency utilization, 0–1 (serverless variants). @default 0.5 */
  readonly targetProvisionedConcurrencyUtilization?: number;
  /** @default Duration.minutes(5) */
  readonly scaleInCooldown?: Duration;
  /** @default Duration.minutes(1) */
  readonly scaleOutCooldown?: Duration;
  /** @default none */
  readonly schedules?: readonly ScheduledScaling[];
}

/** One variant's scalable target and policies, as CloudFormation properties. */
export interface ScalingDefinition {
  readonly target: appscaling.CfnScalableTargetProps;
  /** Target-tracking policies keyed by a stable construct id. */
  readonly policies: Readonly<Record<string, Omit<appscaling.CfnScalingPolicyProps, 'scalingTargetId'>>>;
}

export interface ScalingSubject {
  readonly endpointName: string;
  readonly variantName: string;
  readonly serverless: boolean;
  readonly instanceType?: string;
  /** An asynchronous endpoint: scales on its backlog and may scale to zero instances. @default false */
  readonly asynchronous?: boolean;
  /** MaxConcurrency of a serverless variant, which bounds its provisioned concurrency. @default unbounded */
  readonly serverlessMaxConcurrency?: number;
}

/**
 * Which scalable target a variant is, as CloudFormation properties: ResourceId and the two scalable dimensions
 * ("Amazon SageMaker AI and Application Auto Scaling", Application Auto Scaling User Guide,
 * https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-sagemaker.html).
 */
export function variantTargetIdentity(subject: Omit<ScalingSubject, 'instanceType'>) {
  return {
    serviceNamespace: 'sagemaker',
    resourceId: `endpoint/${subject.endpointName}/variant/${subject.variantName}`,
    scalableDimension: subject.serverless
      ? 'sagemaker:variant:DesiredProvisionedConcurrency'
      : 'sagemaker:variant:DesiredInstanceCount',
  };
}

export { autoScalingProblems } from './autoscaling-rules';

/** The scalable target and target-tracking policies for a variant. */
export function scalingDefinition(
  scaling: EndpointAutoScaling,
  subject: ScalingSubject,
  stack: Stack,
): ScalingDefinition {
  const cooldowns = {
    scaleInCooldown: (scaling.scaleInCooldown ?? Duration.minutes(5)).toSeconds(),
    scaleOutCooldown: (scaling.scaleOutCooldown ?? Duration.minutes(1)).toSeconds(),
  };
  const policies: Record<string, Omit<appscaling.CfnScalingPolicyProps, 'scalingTargetId'>> = {};
  const policy = (
    id: string,
    suffix: string,
    configuration: appscaling.CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty,
  ) => {
    policies[id] = {
      policyName: `${subject.endpointName}-${suffix}`,
      policyType: 'TargetTrackingScaling',
      targetTrackingScalingPolicyConfiguration: { ...configuration, ...cooldowns },
    };
  };
  const instanceMetric = (metricName: string, perUnitTarget: number, units: number) =>
    ({
      targetValue: perUnitTarget * units,
      customizedMetricSpecification: {
        metricName,
        namespace: SAGEMAKER_INSTANCE_NAMESPACE,
        dimensions: [
          { name: 'EndpointName', value: subject.endpointName },
          { name: 'VariantName', value: subject.variantName },
        ],
        statistic: 'Average',
      },
    }) satisfies appscaling.CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty;

  const facts = subject.instanceType ? instanceFacts(subject.instanceType) : undefined;
  // Predefined metric types: "PredefinedMetricSpecification", Application Auto Scaling API Reference,
  // https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PredefinedMetricSpecification.html
  if (subject.serverless) {
    policy('ProvisionedConcurrencyPolicy', 'provisioned-concurrency', {
      targetValue: scaling.targetProvisionedConcurrencyUtilization ?? 0.5,
      predefinedMetricSpecification: {
        predefinedMetricType: SAGEMAKER_SCALING_METRIC_TYPES.provisionedConcurrencyUtilization,
      },
    });
  } else if (subject.asynchronous) {
    // Customized metric ApproximateBacklogSizePerInstance (AWS/SageMaker, EndpointName), the target-tracking
    // configuration of "Autoscale an asynchronous endpoint",
    // https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-autoscale.html
    policy('BacklogPolicy', 'backlog', {
      targetValue: scaling.targetBacklogPerInstance ?? 5,
      customizedMetricSpecification: {
        metricName: SAGEMAKER_ASYNC_METRICS.backlogSizePerInstance,
        namespace: SAGEMAKER_INVOCATION_NAMESPACE,
        dimensions: [{ name: 'EndpointName', value: subject.endpointName }],
        statistic: 'Average',
      },
    });
  }
  if (!subject.serverless) {
    const invocations = scaling.targetInvocationsPerInstance;
    const invocationsDefault = !subject.asynchronous && !tracksOtherMetrics(scaling);
    if (invocations !== false && (invocations !== undefined || invocationsDefault)) {
      policy('InvocationsPolicy', 'invocations', {
        targetValue: invocations ?? 100,
        predefinedMetricSpecification: {
          predefinedMetricType: SAGEMAKER_SCALING_METRIC_TYPES.invocationsPerInstance,
        },
      });
    }
    if (scaling.targetConcurrentRequestsPerModel !== undefined) {
      policy('ConcurrencyPolicy', 'concurrency', {
        targetValue: scaling.targetConcurrentRequestsPerModel,
        predefinedMetricSpecification: {
          predefinedMetricType: SAGEMAKER_SCALING_METRIC_TYPES.concurrentRequestsPerModel,
        },
      });
    }
    if (scaling.targetCpuUtilizationPercent !== undefined && facts) {
      policy(
        'CpuPolicy',
        'cpu',
        instanceMetric(
          SAGEMAKER_INSTANCE_METRICS.cpuUtilization,
          scaling.targetCpuUtilizationPercent,
          facts.vcpus,
        ),
      );
    }
    if (scaling.targetGpuUtilizationPercent !== undefined && facts) {
      policy(
        'GpuPolicy',
        'gpu',
        instanceMetric(
          SAGEMAKER_INSTANCE_METRICS.gpuUtilization,
          scaling.targetGpuUtilizationPercent,
          facts.gpus,
        ),
      );
    }
  }

  return {
    target: {
      ...variantTargetIdentity(subject),
      minCapacity: scaling.minCapacity,
      maxCapacity: scaling.maxCapacity,
      // Application Auto Scaling's service-linked role for SageMaker endpoints; created on first use ("Amazon
      // SageMaker AI and Application Auto Scaling", Application Auto Scaling User Guide).
      roleArn: `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint`,
      scheduledActions: (scaling.schedules ?? []).map((schedule) => ({
        scheduledActionName: `${subject.endpointName}-${schedule.name}`,
        schedule: schedule.schedule.expressionString,
        timezone: schedule.timeZone?.timezoneName,
        scalableTargetAction: { minCapacity: schedule.minCapacity, maxCapacity: schedule.maxCapacity },
      })),
    },
    policies,
  };
}

/**
 * The native CloudFormation resources for a scaling definition; the target must follow the
 * endpoint. A guarded variant leaves its policies to the scaling guard (`nativePolicies: false`).
 */
export function addScalingResources(
  scope: Construct,
  definition: ScalingDefinition,
  options: { readonly nativePolicies: boolean } = { nativePolicies: true },
) {
  const target = new appscaling.CfnScalableTarget(scope, 'ScalableTarget', definition.target);
  const policies = options.nativePolicies
    ? Object.entries(definition.policies).map(
        ([id, policy]) =>
          new appscaling.CfnScalingPolicy(scope, id, { ...policy, scalingTargetId: target.ref }),
      )
    : [];
  return { target, policies };
}
