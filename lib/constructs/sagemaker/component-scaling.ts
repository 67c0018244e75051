import { Duration, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { SAGEMAKER_SCALING_METRIC_TYPES } from '../../../contract/metrics';
import { PropProblem } from '../errors/validation';
import { InferenceComponentMetrics } from './component-metrics';

/** A time-based change of a component's copy range, e.g. dev at zero copies outside working hours. */
export interface ComponentCopySchedule {
  /** Unique within the component; the scheduled action is named `<component>-<name>`. */
  readonly name: string;
  /** When the action runs, e.g. `Schedule.expression('cron(0 20 ? * MON-FRI *)')`. */
  readonly schedule: appscaling.Schedule;
  /** Fewest copies from then on; 0 lets the component scale to zero (the wake-up policy is added). */
  readonly minCopies: number;
  /** Most copies from then on, at least 1. */
  readonly maxCopies: number;
  /** Time zone the schedule is read in. @default UTC */
  readonly timeZone?: TimeZone;
}

/** Copy-count autoscaling of one component. */
export interface ComponentCopyScaling {
  readonly minCopies: number;
  readonly maxCopies: number;
  /** Target invocations per copy per minute (SageMakerInferenceComponentInvocationsPerCopy). @default 1 */
  readonly targetInvocationsPerCopy?: number;
  /** Scheduled changes of the copy range. @default none */
  readonly schedules?: readonly ComponentCopySchedule[];
}

/** Whether the copies may reach zero, at all times or on a schedule: then requests must be able to wake them. */
export function copiesReachZero(scaling: {
  readonly minCopies: number;
  readonly schedules?: readonly { readonly minCopies: number }[];
}): boolean {
  return scaling.minCopies === 0 || (scaling.schedules ?? []).some((schedule) => schedule.minCopies === 0);
}

/** A copy range (`<prefix>.minCopies`, `<prefix>.maxCopies`): 0 ≤ min ≤ max, max ≥ 1. */
export function copyRangeProblem(
  range: { readonly minCopies: number; readonly maxCopies: number },
  prefix: string,
): PropProblem | undefined {
  if (range.minCopies >= 0 && range.minCopies <= range.maxCopies && range.maxCopies >= 1) return undefined;
  return {
    field: `${prefix}.minCopies`,
    value: String(range.minCopies),
    message: `must be between 0 and {${prefix}.maxCopies} (${range.maxCopies}), which is at least 1`,
  };
}

/** The rules of one component's copy range and its schedules, keyed by `<prefix>.<prop>`. */
export function copyScalingProblems(scaling: ComponentCopyScaling, prefix: string): PropProblem[] {
  const problems: PropProblem[] = [];
  const range = copyRangeProblem(scaling, prefix);
  if (range) problems.push(range);
  const names = new Set<string>();
  (scaling.schedules ?? []).forEach((schedule, index) => {
    const field = `${prefix}.schedules.${index}`;
    const scheduled = copyRangeProblem(schedule, field);
    if (scheduled) problems.push(scheduled);
    // ScheduledActionName is unique per scalable target ("PutScheduledAction", Application Auto Scaling API Reference,
    // https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html).
    if (names.has(schedule.name)) {
      problems.push({
        field: `${field}.name`,
        value: JSON.stringify(schedule.name),
        message:
          'names another schedule of the component; scheduled actions of one scalable target need distinct names',
      });
    }
    names.add(schedule.name);
  });
  return problems;
}

/**
 * Copy-count autoscaling of one component: ResourceId `inference-component/<name>`, dimension
 * `sagemaker:inference-component:DesiredCopyCount` (target tracking, step scaling and scheduled scaling all apply to
 * it: "Amazon SageMaker AI and Application Auto Scaling",
 * https://docs.aws.amazon.com/autoscaling/application/userguide/services-that-can-integrate-sagemaker.html), target
 * tracking on SageMakerInferenceComponentInvocationsPerCopy, the schedules as scheduled actions, and, when it may reach
 * zero copies, the step policy an alarm on NoCapacityInvocationFailures (AWS/SageMaker, InferenceComponentName; Sum
 * over 60 s ≥ 1) triggers to add a copy ("Scale an endpoint to zero instances",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html).
 */
export function addCopyScaling(
  scope: Construct,
  name: string,
  scaling: ComponentCopyScaling,
  component: sagemaker.CfnInferenceComponent,
): appscaling.CfnScalableTarget {
  const target = new appscaling.CfnScalableTarget(scope, 'ScalableTarget', {
    serviceNamespace: 'sagemaker',
    resourceId: `inference-component/${name}`,
    scalableDimension: 'sagemaker:inference-component:DesiredCopyCount',
    minCapacity: scaling.minCopies,
    maxCapacity: scaling.maxCopies,
    scheduledActions: scaling.schedules?.length
      ? scaling.schedules.map((schedule) => ({
          scheduledActionName: `${name}-${schedule.name}`,
          schedule: schedule.schedule.expressionString,
          timezone: schedule.timeZone?.timezoneName,
          scalableTargetAction: { minCapacity: schedule.minCopies, maxCapacity: schedule.maxCopies },
        }))
      : undefined,
  });
  target.node.addDependency(component);
  new appscaling.CfnScalingPolicy(scope, 'CopiesPolicy', {
    policyName: `${name}-invocations-per-copy`,
    policyType: 'TargetTrackingScaling',
    scalingTargetId: target.ref,
    targetTrackingScalingPolicyConfiguration: {
      targetValue: scaling.targetInvocationsPerCopy ?? 1,
      predefinedMetricSpecification: {
        predefinedMetricType: SAGEMAKER_SCALING_METRIC_TYPES.invocationsPerCopy,
      },
      scaleInCooldown: 300,
      scaleOutCooldown: 60,
    },
  });
  if (!copiesReachZero(scaling)) return target;
  const wake = new appscaling.CfnScalingPolicy(scope, 'FromZeroPolicy', {
    policyName: `${name}-from-zero`,
    policyType: 'StepScaling',
    scalingTargetId: target.ref,
    stepScalingPolicyConfiguration: {
      adjustmentType: 'ChangeInCapacity',
      metricAggregationType: 'Maximum',
      cooldown: 60,
      stepAdjustments: [{ metricIntervalLowerBound: 0, scalingAdjustment: 1 }],
    },
  });
  const alarm = new cloudwatch.Alarm(scope, 'NoCapacityAlarm', {
    alarmName: `${name}-no-capacity`,
    alarmDescription: `Requests reached ${name} while it had no copy: adds one through its step-scaling policy.`,
    metric: new InferenceComponentMetrics(name).metricNoCapacityInvocationFailures({
      period: Duration.minutes(1),
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  const arn = wake.ref;
  alarm.addAlarmAction({ bind: () => ({ alarmActionArn: arn }) });
  return target;
}
