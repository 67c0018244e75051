import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { SAGEMAKER_ASYNC_METRICS, SAGEMAKER_INVOCATION_NAMESPACE } from '../../../contract/metrics';

export interface AsyncScaleFromZeroProps {
  readonly endpointName: string;
  /** Instance type of the variant: part of the policy name, see below. */
  readonly instanceType: string;
  /** The variant's scalable target (`sagemaker:variant:DesiredInstanceCount`). */
  readonly scalableTarget: appscaling.CfnScalableTarget;
  /** Instances added per wake-up. @default 1 */
  readonly instancesPerStep?: number;
}

/**
 * Wakes an asynchronous endpoint scaled to zero. Target tracking on ApproximateBacklogSizePerInstance cannot do it: with
 * no instance there is no per-instance backlog, and requests would wait in the queue forever. AWS's answer is a
 * step-scaling policy on HasBacklogWithoutCapacity, which is 1 while requests wait and no instance runs ("Autoscale an
 * asynchronous endpoint", optional scale-up-from-zero policy,
 * https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-autoscale.html).
 *
 * The policy is a native AWS::ApplicationAutoScaling::ScalingPolicy, which an alarm must address by ARN. The scaling
 * guard deregisters the variant (deleting its policies) around an instance type change, so the instance type is part
 * of the policy name: PutScalingPolicy cannot rename a policy ("PutScalingPolicy", Application Auto Scaling API
 * Reference, https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html), so
 * CloudFormation replaces it, creating the new policy after the guard has registered the variant again, and the
 * alarm follows the new ARN.
 */
export class AsyncScaleFromZero extends Construct {
  readonly policy: appscaling.CfnScalingPolicy;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: AsyncScaleFromZeroProps) {
    super(scope, id);
    const suffix = props.instanceType.replace(/\./g, '-');
    this.policy = new appscaling.CfnScalingPolicy(this, 'Policy', {
      policyName: `${props.endpointName}-from-zero-${suffix}`,
      policyType: 'StepScaling',
      scalingTargetId: props.scalableTarget.ref,
      // StepScalingPolicyConfiguration: "StepScalingPolicyConfiguration", Application Auto Scaling API Reference,
      // https://docs.aws.amazon.com/autoscaling/application/APIReference/API_StepScalingPolicyConfiguration.html
      stepScalingPolicyConfiguration: {
        adjustmentType: 'ChangeInCapacity',
        metricAggregationType: 'Average',
        cooldown: 300,
        stepAdjustments: [{ metricIntervalLowerBound: 0, scalingAdjustment: props.instancesPerStep ?? 1 }],
      },
    });
    this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
      alarmName: `${props.endpointName}-backlog-without-capacity`,
      alarmDescription: `Requests wait for ${props.endpointName} while it runs no instance: starts one through its step-scaling policy.`,
      metric: new cloudwatch.Metric({
        namespace: SAGEMAKER_INVOCATION_NAMESPACE,
        metricName: SAGEMAKER_ASYNC_METRICS.hasBacklogWithoutCapacity,
        dimensionsMap: { EndpointName: props.endpointName },
        statistic: cloudwatch.Stats.AVERAGE,
        period: Duration.minutes(1),
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      // SageMaker publishes the metric only for an asynchronous endpoint; no data is no waiting request.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const policyArn = this.policy.ref;
    this.alarm.addAlarmAction({ bind: () => ({ alarmActionArn: policyArn }) });
  }
}
