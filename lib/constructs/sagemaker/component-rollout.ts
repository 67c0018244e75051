import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { describeSeconds, PropProblem } from '../errors/validation';
import { MAX_ROLLBACK_ALARMS } from './rollback-alarms';

/** How many copies a rolling step replaces: a count, or a share of the component's copies. */
export type ComponentBatchSize = { readonly copies: number } | { readonly percent: number };

/**
 * A rolling update of an inference component: SageMaker starts new copies batch by batch, moves their share of
 * traffic, bakes while it watches the rollback alarms, and stops the old copies ("InferenceComponentRollingUpdatePolicy",
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentRollingUpdatePolicy.html). It runs
 * on UpdateInferenceComponent only: CreateInferenceComponent takes no DeploymentConfig.
 */
export interface InferenceComponentRollout {
  /**
   * Copies replaced per step, 5–50 % of the copy count (`{ copies: 1 }` needs at least 2 copies).
   * @default { percent: 25 }
   */
  readonly batchSize?: ComponentBatchSize;
  /**
   * Copies restored per step when the update rolls back.
   * @default the batch size
   */
  readonly rollbackBatchSize?: ComponentBatchSize;
  /**
   * Baking period after each batch while the rollback alarms are watched (0–60 minutes).
   * @default Duration.minutes(10)
   */
  readonly bakeTime?: Duration;
  /**
   * Upper bound of the whole update (10 minutes to 8 hours); must exceed the baking periods.
   * @default the baking periods plus 30 minutes for starting copies, within those bounds
   */
  readonly maximumExecutionTimeout?: Duration;
  /**
   * Alarms that roll the update back when one of them is in ALARM during a baking period, at most 10. Each needs a
   * fixed name (`alarmName`): SageMaker reads them by name, and a reference would make the component wait for
   * alarms that watch it. The component's execution role is granted `cloudwatch:DescribeAlarms` on them.
   * @default none: the update never rolls back on an alarm
   */
  readonly rollbackAlarms?: readonly cloudwatch.IAlarm[];
}

/**
 * What SageMaker accepts in an inference component's rolling update, in seconds and percent: WaitIntervalInSeconds
 * 0–3600, MaximumExecutionTimeoutInSeconds 600–28800, MaximumBatchSize 5–50 % of the copy count
 * ("InferenceComponentRollingUpdatePolicy", above; "AWS::SageMaker::InferenceComponent
 * InferenceComponentRollingUpdatePolicy",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-inferencecomponent-inferencecomponentrollingupdatepolicy.html);
 * a batch Value of at least 1 ("InferenceComponentCapacitySize",
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentCapacitySize.html).
 */
export const COMPONENT_ROLLOUT_LIMITS = {
  waitIntervalSeconds: { min: 0, max: 3600 },
  maximumExecutionTimeoutSeconds: { min: 600, max: 28800 },
  batchPercent: { min: 5, max: 50 },
} as const;

export const COMPONENT_ROLLOUT_DEFAULTS = {
  batchSize: { percent: 25 },
  bakeTime: Duration.minutes(10),
} as const;

/** Time allowed per update for starting the new copies (and the instances they need). */
const STARTUP_ALLOWANCE = Duration.minutes(30);

/**
 * Every rule a component's rollout breaks, keyed by `<prefix>.<prop>` (e.g. `components.0.rollout.batchSize`).
 * `copyCount` is the copy count the update deploys (CloudFormation sends the template's RuntimeConfig with it), the
 * prop `copyCountField`.
 */
export function componentRolloutProblems(
  rollout: InferenceComponentRollout,
  copyCount: number,
  prefix: string,
  copyCountField: string,
): PropProblem[] {
  const problems: PropProblem[] = [];
  for (const name of ['batchSize', 'rollbackBatchSize'] as const) {
    const size = rollout[name];
    const problem = size && batchProblem(size, copyCount, `${prefix}.${name}`, copyCountField);
    if (problem) problems.push(problem);
  }
  if (!rollout.batchSize) {
    const problem = batchProblem(
      COMPONENT_ROLLOUT_DEFAULTS.batchSize,
      copyCount,
      `${prefix}.batchSize`,
      copyCountField,
    );
    if (problem) problems.push(problem);
  }
  const bake = bakeSeconds(rollout);
  const waits = COMPONENT_ROLLOUT_LIMITS.waitIntervalSeconds;
  if (!Token.isUnresolved(bake) && (bake < waits.min || bake > waits.max)) {
    problems.push(outOfRange(`${prefix}.bakeTime`, bake, waits));
  }
  problems.push(...timeoutProblems(rollout, copyCount, prefix));
  const alarms = rollout.rollbackAlarms?.length ?? 0;
  if (alarms > MAX_ROLLBACK_ALARMS) {
    problems.push({
      field: `${prefix}.rollbackAlarms`,
      value: String(alarms),
      message: `must be at most ${MAX_ROLLBACK_ALARMS} alarms: SageMaker watches at most ${MAX_ROLLBACK_ALARMS} during an update ("AutoRollbackConfig", https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoRollbackConfig.html)`,
    });
  }
  (rollout.rollbackAlarms ?? []).forEach((alarm, index) => {
    if (fixedAlarmName(alarm) === undefined) {
      problems.push({
        field: `${prefix}.rollbackAlarms.${index}`,
        message:
          'needs a fixed alarmName: SageMaker reads rollback alarms by name, and a generated name would make the component wait for an alarm that watches it',
      });
    }
  });
  return problems;
}

function batchProblem(
  size: ComponentBatchSize,
  copyCount: number,
  field: string,
  copyCountField: string,
): PropProblem | undefined {
  const { min, max } = COMPONENT_ROLLOUT_LIMITS.batchPercent;
  if ('percent' in size) {
    if (Number.isInteger(size.percent) && size.percent >= min && size.percent <= max) return undefined;
    return { field, value: `${size.percent}%`, message: `must be a whole percent from ${min} to ${max}` };
  }
  if (!Number.isInteger(size.copies) || size.copies < 1) {
    return { field, value: `${size.copies} copies`, message: 'must be a whole number of at least 1' };
  }
  const percent = (100 * size.copies) / copyCount;
  if (percent >= min && percent <= max) return undefined;
  const most = Math.floor((copyCount * max) / 100);
  return {
    field,
    value: `${size.copies} copies`,
    message: `are ${Math.round(percent)}% of the ${copyCount} copies ({${copyCountField}}); SageMaker takes a batch of ${min}% to ${max}% of the copy count, so ${most >= 1 ? `at most ${most} here` : 'a batch of copies needs at least 2 copies; give a percent instead'}`,
    related: [copyCountField],
  };
}

function timeoutProblems(
  rollout: InferenceComponentRollout,
  copyCount: number,
  prefix: string,
): PropProblem[] {
  const waits = totalWaitSeconds(rollout, copyCount);
  const waitsText = `${stepCount(rollout, copyCount)} steps × {${prefix}.bakeTime} = ${describeSeconds(waits)}`;
  const limits = COMPONENT_ROLLOUT_LIMITS.maximumExecutionTimeoutSeconds;
  const timeout = rollout.maximumExecutionTimeout?.toSeconds();
  if (timeout === undefined) {
    if (waits < limits.max) return [];
    return [
      {
        field: `${prefix}.bakeTime`,
        value: `${bakeSeconds(rollout)}s`,
        message: `makes the update bake ${waitsText}; SageMaker ends an update after at most ${describeSeconds(limits.max)}: bake for less time or take larger batches`,
      },
    ];
  }
  if (timeout < limits.min || timeout > limits.max) {
    return [outOfRange(`${prefix}.maximumExecutionTimeout`, timeout, limits)];
  }
  if (timeout > waits) return [];
  return [
    {
      field: `${prefix}.maximumExecutionTimeout`,
      value: `${timeout}s`,
      message: `must be longer than the update's baking periods: ${waitsText}`,
    },
  ];
}

function outOfRange(field: string, seconds: number, range: { min: number; max: number }): PropProblem {
  return {
    field,
    value: `${seconds}s`,
    message: `must be between ${describeSeconds(range.min)} and ${describeSeconds(range.max)}`,
  };
}

function bakeSeconds(rollout: InferenceComponentRollout): number {
  return (rollout.bakeTime ?? COMPONENT_ROLLOUT_DEFAULTS.bakeTime).toSeconds();
}

/** Batches an update of `copyCount` copies takes, each followed by a baking period. */
export function stepCount(rollout: InferenceComponentRollout, copyCount: number): number {
  const size = rollout.batchSize ?? COMPONENT_ROLLOUT_DEFAULTS.batchSize;
  const copies = Math.max(1, copyCount);
  const perStep = 'percent' in size ? Math.max(1, Math.ceil((copies * size.percent) / 100)) : size.copies;
  return Math.ceil(copies / Math.max(1, perStep));
}

function totalWaitSeconds(rollout: InferenceComponentRollout, copyCount: number): number {
  return bakeSeconds(rollout) * stepCount(rollout, copyCount);
}

/** The alarm's literal name, when it has one; undefined for a name CloudFormation generates. */
export function fixedAlarmName(alarm: cloudwatch.IAlarm): string | undefined {
  if (!Token.isUnresolved(alarm.alarmName)) return alarm.alarmName;
  const cfn = alarm.node.defaultChild;
  const name = cfn instanceof cloudwatch.CfnAlarm ? cfn.alarmName : undefined;
  return name !== undefined && !Token.isUnresolved(name) ? name : undefined;
}

/** The ARN of an alarm of the stack's account and region, from its name: no reference to the alarm resource. */
export function alarmArnOf(stack: Stack, alarmName: string): string {
  return stack.formatArn({
    service: 'cloudwatch',
    resource: 'alarm',
    resourceName: alarmName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** The component's DeploymentConfig: RollingUpdatePolicy (required by the API) and, with alarms, auto-rollback. */
export function renderComponentDeploymentConfig(
  rollout: InferenceComponentRollout,
  copyCount: number,
): sagemaker.CfnInferenceComponent.InferenceComponentDeploymentConfigProperty {
  const batch = rollout.batchSize ?? COMPONENT_ROLLOUT_DEFAULTS.batchSize;
  const names = (rollout.rollbackAlarms ?? []).map((alarm) => fixedAlarmName(alarm)!);
  const computed = totalWaitSeconds(rollout, copyCount) + STARTUP_ALLOWANCE.toSeconds();
  const { min, max } = COMPONENT_ROLLOUT_LIMITS.maximumExecutionTimeoutSeconds;
  return {
    rollingUpdatePolicy: {
      maximumBatchSize: capacitySize(batch),
      rollbackMaximumBatchSize: capacitySize(rollout.rollbackBatchSize ?? batch),
      waitIntervalInSeconds: bakeSeconds(rollout),
      maximumExecutionTimeoutInSeconds:
        rollout.maximumExecutionTimeout?.toSeconds() ?? Math.min(max, Math.max(min, computed)),
    },
    autoRollbackConfiguration:
      names.length > 0 ? { alarms: names.map((alarmName) => ({ alarmName })) } : undefined,
  };
}

function capacitySize(
  size: ComponentBatchSize,
): sagemaker.CfnInferenceComponent.InferenceComponentCapacitySizeProperty {
  return 'percent' in size
    ? { type: 'CAPACITY_PERCENT', value: size.percent }
    : { type: 'COPY_COUNT', value: size.copies };
}
