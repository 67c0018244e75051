import { CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  AlarmPackOptions,
  CustomAlarm,
  customAlarmProblems,
  customAlarmSpec,
  LambdaAlarmPack,
  SageMakerAlarmPack,
} from '../../../lib/constructs/alarms';
import { describePropProblem } from '../../../lib/constructs/errors/validation';
import { newApp } from '../../helpers/app';
import { ALARM, TO_CRITICAL, TO_WARNINGS } from './support';
import { endpointStack } from '../sagemaker/support';

const PREFIX = 'acme-churn-prod';

const QUEUE_DEPTH: CustomAlarm = {
  name: 'queue-depth',
  metric: new cloudwatch.Metric({
    namespace: 'Acme/Queue',
    metricName: 'Depth',
    dimensionsMap: { queue: 'churn' },
    statistic: cloudwatch.Stats.MAXIMUM,
    period: Duration.minutes(5),
  }),
  threshold: 100,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  meaning: 'More than 100 requests wait in the churn queue.',
  runbook: 'check the consumers of the churn queue.',
};
const custom = (overrides: Partial<CustomAlarm> = {}): CustomAlarm => ({ ...QUEUE_DEPTH, ...overrides });

const DRIFT_SCORE = custom({
  name: 'drift-score',
  severity: 'critical',
  metric: new cloudwatch.Metric({ namespace: 'Acme/Drift', metricName: 'Score', period: Duration.hours(1) }),
  threshold: 0.3,
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  evaluationPeriods: 2,
  datapointsToAlarm: 1,
  treatMissingData: cloudwatch.TreatMissingData.IGNORE,
  meaning: 'Input drift of the churn model reached 0.3.',
  runbook: 'compare recent inputs with the training baseline.',
});

function newStack(): Stack {
  return new Stack(newApp(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
}

/** Warning actions to a `Warnings` topic and critical actions to a `Critical` topic. */
function notifications(stack: Stack): AlarmPackOptions {
  return {
    alarmNamePrefix: PREFIX,
    warningActions: [new actions.SnsAction(new sns.Topic(stack, 'Warnings'))],
    criticalActions: [new actions.SnsAction(new sns.Topic(stack, 'Critical'))],
  };
}

/** A serverless SageMaker pack (seven built-in alarms) with the given custom alarms. */
function sageMakerPack(customAlarms: readonly CustomAlarm[], options: Partial<AlarmPackOptions> = {}) {
  const stack = newStack();
  const pack = new SageMakerAlarmPack(stack, 'Alarms', {
    endpointName: 'acme-churn-prod',
    variantName: 'AllTraffic',
    serverless: true,
    ...notifications(stack),
    customAlarms,
    ...options,
  });
  return { stack, pack, template: () => Template.fromStack(stack) };
}

/** A Lambda pack over a plain function and its live alias, with the given custom alarms. */
function lambdaPack(customAlarms: readonly CustomAlarm[]) {
  const stack = newStack();
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
  const pack = new LambdaAlarmPack(stack, 'Alarms', {
    alias: new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion }),
    function: fn,
    metricsNamespace: 'MlDeploy/Inference',
    modelName: 'churn',
    timeout: Duration.seconds(30),
    logGroupName: '/aws/lambda/churn',
    ...notifications(stack),
    customAlarms,
  });
  return { stack, pack, template: () => Template.fromStack(stack) };
}

/** The physical names of alarms, as the pack's lists hold them. */
const names = (alarms: readonly cloudwatch.IAlarm[]) =>
  alarms.map((alarm) => (alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmName);
const alarmProps = (template: Template, name: string) => {
  const found = Object.values(template.findResources(ALARM, { Properties: { AlarmName: name } }));
  expect(found).toHaveLength(1);
  return found[0].Properties;
};
const invalidName = (name: string) =>
  `customAlarms.0.name ${JSON.stringify(name)} must be lowercase letters, digits and single hyphens, starting with a letter`;
/** The problems of one custom alarm, as library users read them. */
const problemsOf = (...alarms: CustomAlarm[]) => customAlarmProblems(alarms).map(describePropProblem);

describe('customAlarmSpec', () => {
  test('names the alarm custom-<name>', () => {
    expect(customAlarmSpec(QUEUE_DEPTH).nameSuffix).toBe('custom-queue-depth');
  });

  test('derives the construct id from the name alone, so tuning an alarm keeps its logical id', () => {
    const tuned = custom({ threshold: 5, severity: 'critical', evaluationPeriods: 6 });
    expect(customAlarmSpec(tuned).id).toBe(customAlarmSpec(QUEUE_DEPTH).id);
    expect(customAlarmSpec(QUEUE_DEPTH).id).toMatch(/^Custom/);
  });

  test.each([
    ['queue-depth', 'drift-score'],
    ['queue-2', 'queue2'],
    ['p99-2xx', 'p992xx'],
    ['a-b', 'ab'],
  ])('gives %j and %j different construct ids', (first, second) => {
    expect(customAlarmSpec(custom({ name: first })).id).not.toBe(
      customAlarmSpec(custom({ name: second })).id,
    );
  });

  test('is a warning by default', () => {
    expect(customAlarmSpec(QUEUE_DEPTH).severity).toBe('warning');
  });

  test('alarms above the threshold in 3 of 3 periods by default', () => {
    expect(customAlarmSpec(QUEUE_DEPTH)).toMatchObject({
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    });
  });

  test('passes the metric, threshold, missing-data treatment, meaning and runbook through', () => {
    const spec = customAlarmSpec(QUEUE_DEPTH);
    expect(spec.metric).toBe(QUEUE_DEPTH.metric);
    expect(spec).toMatchObject({
      threshold: 100,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      meaning: QUEUE_DEPTH.meaning,
      runbook: QUEUE_DEPTH.runbook,
    });
  });

  test('takes an explicit severity, comparison and evaluation as given', () => {
    expect(customAlarmSpec(DRIFT_SCORE)).toMatchObject({
      severity: 'critical',
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      datapointsToAlarm: 1,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
  });

  test('requires every evaluation period to breach when only evaluationPeriods is given', () => {
    expect(customAlarmSpec(custom({ evaluationPeriods: 5 })).datapointsToAlarm).toBe(5);
  });

  test('accepts datapointsToAlarm equal to evaluationPeriods', () => {
    expect(customAlarmSpec(custom({ evaluationPeriods: 4, datapointsToAlarm: 4 })).datapointsToAlarm).toBe(4);
  });

  test('is never a rollback alarm', () => {
    expect(customAlarmSpec(DRIFT_SCORE).rollback).toBeFalsy();
  });

  test.each(['a', 'queue', 'queue-depth', 'p99-latency-v2', 'gpu0-temp', 'x1-2'])(
    'accepts the name %j',
    (name) => {
      expect(problemsOf(custom({ name }))).toEqual([]);
    },
  );

  test.each([
    '',
    'Queue',
    'queueDepth',
    'queue_depth',
    'queue depth',
    'queue--depth',
    '-queue',
    'queue-',
    '1queue',
    'queue.depth',
    'quéue',
  ])('refuses the name %j, saying what a name may contain', (name) => {
    expect(problemsOf(custom({ name }))).toEqual([invalidName(name)]);
  });

  test('refuses more datapoints to alarm than the default 3 evaluation periods', () => {
    expect(problemsOf(custom({ datapointsToAlarm: 4 }))).toEqual([
      'customAlarms.0.datapointsToAlarm 4 must be <= customAlarms.0.evaluationPeriods (3)',
    ]);
  });

  test('refuses more datapoints to alarm than the evaluation periods given', () => {
    expect(problemsOf(custom({ evaluationPeriods: 5, datapointsToAlarm: 6 }))).toEqual([
      'customAlarms.0.datapointsToAlarm 6 must be <= customAlarms.0.evaluationPeriods (5)',
    ]);
  });
});

describe('custom alarms in a SageMaker pack', () => {
  const { stack, pack, template } = sageMakerPack([QUEUE_DEPTH, DRIFT_SCORE]);

  test('are named <prefix>-custom-<name>', () => {
    alarmProps(template(), `${PREFIX}-custom-queue-depth`);
    alarmProps(template(), `${PREFIX}-custom-drift-score`);
  });

  test('alarm on the given metric with the defaults filled in', () => {
    template().hasResourceProperties(ALARM, {
      AlarmName: `${PREFIX}-custom-queue-depth`,
      Namespace: 'Acme/Queue',
      MetricName: 'Depth',
      Dimensions: [{ Name: 'queue', Value: 'churn' }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 100,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
    });
  });

  test('alarm with the comparison and evaluation given', () => {
    template().hasResourceProperties(ALARM, {
      AlarmName: `${PREFIX}-custom-drift-score`,
      Namespace: 'Acme/Drift',
      MetricName: 'Score',
      Statistic: 'Average',
      Period: 3600,
      Threshold: 0.3,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 2,
      DatapointsToAlarm: 1,
      TreatMissingData: 'ignore',
    });
  });

  test('go to the warning actions by default', () => {
    template().hasResourceProperties(ALARM, { AlarmName: `${PREFIX}-custom-queue-depth`, ...TO_WARNINGS });
    expect(names(pack.warningAlarms)).toContain(`${PREFIX}-custom-queue-depth`);
    expect(names(pack.criticalAlarms)).not.toContain(`${PREFIX}-custom-queue-depth`);
  });

  test('go to the critical actions and criticalAlarms when critical', () => {
    template().hasResourceProperties(ALARM, { AlarmName: `${PREFIX}-custom-drift-score`, ...TO_CRITICAL });
    expect(names(pack.criticalAlarms)).toContain(`${PREFIX}-custom-drift-score`);
    expect(names(pack.warningAlarms)).not.toContain(`${PREFIX}-custom-drift-score`);
  });

  test('are never rollback alarms', () => {
    expect(names(pack.rollbackAlarms)).toEqual([]);
  });

  test('come after the built-in alarms, in the order given', () => {
    expect(names(pack.alarms.map((member) => member.alarm)).slice(-2)).toEqual([
      `${PREFIX}-custom-queue-depth`,
      `${PREFIX}-custom-drift-score`,
    ]);
    expect(pack.alarms).toHaveLength(9);
  });

  test('lead their description with the severity and end it with the runbook', () => {
    expect(alarmProps(template(), `${PREFIX}-custom-queue-depth`).AlarmDescription).toBe(
      '[warning] More than 100 requests wait in the churn queue. First: check the consumers of the churn queue.',
    );
    expect(alarmProps(template(), `${PREFIX}-custom-drift-score`).AlarmDescription).toBe(
      '[critical] Input drift of the churn model reached 0.3. First: compare recent inputs with the training baseline.',
    );
  });

  test('live in the pack under the construct id their spec gives', () => {
    const alarm = pack.node.findChild(customAlarmSpec(QUEUE_DEPTH).id);
    expect(alarm).toBeInstanceOf(cloudwatch.Alarm);
    expect(stack.getLogicalId(alarm.node.defaultChild as CfnElement)).toMatch(/^Alarms/);
  });
});

describe('custom alarm rules in a pack', () => {
  test('a name used twice is refused, naming the pack', () => {
    expect(() => sageMakerPack([QUEUE_DEPTH, custom({ threshold: 200 })])).toThrow(
      'Invalid AlarmPack Test/Alarms:\n - customAlarms.1.name "queue-depth" is used by an earlier custom alarm (customAlarms.0.name)',
    );
  });

  test('an invalid name is refused', () => {
    expect(() => sageMakerPack([custom({ name: 'Queue_Depth' })])).toThrow(invalidName('Queue_Depth'));
  });

  test('more datapoints to alarm than evaluation periods are refused', () => {
    expect(() => sageMakerPack([custom({ evaluationPeriods: 2, datapointsToAlarm: 3 })])).toThrow(
      'Invalid AlarmPack Test/Alarms:\n - customAlarms.0.datapointsToAlarm 3 must be <= customAlarms.0.evaluationPeriods (2)',
    );
  });

  test('a custom name may repeat a built-in suffix, because custom alarms are named custom-<name>', () => {
    const { template } = sageMakerPack([custom({ name: 'memory-utilization' })]);
    alarmProps(template(), `${PREFIX}-memory-utilization`);
    alarmProps(template(), `${PREFIX}-custom-memory-utilization`);
  });

  test('names that differ only by a hyphen before a digit are different alarms', () => {
    expect(() => sageMakerPack([custom({ name: 'p99-2xx' }), custom({ name: 'p992xx' })])).not.toThrow();
  });

  test('without a name prefix the alarm name is left to CloudFormation', () => {
    const { template } = sageMakerPack([QUEUE_DEPTH], { alarmNamePrefix: undefined });
    template().resourcePropertiesCountIs(ALARM, { AlarmName: Match.absent() }, 8);
  });

  test('a description over CloudWatch’s 1024 characters is cut to 1024 with an ellipsis', () => {
    const { template } = sageMakerPack([custom({ meaning: 'x'.repeat(2000) })]);
    const description = alarmProps(template(), `${PREFIX}-custom-queue-depth`).AlarmDescription as string;
    expect(description).toHaveLength(1024);
    expect(description).toMatch(/^\[warning\] x+…$/);
  });
});

describe('custom alarms in a Lambda pack', () => {
  const { pack, template } = lambdaPack([QUEUE_DEPTH, DRIFT_SCORE]);

  test('are named <prefix>-custom-<name> and watch the given metric', () => {
    template().hasResourceProperties(ALARM, {
      AlarmName: `${PREFIX}-custom-queue-depth`,
      Namespace: 'Acme/Queue',
      MetricName: 'Depth',
      Threshold: 100,
      ...TO_WARNINGS,
    });
  });

  test('go to the critical actions and criticalAlarms when critical', () => {
    template().hasResourceProperties(ALARM, { AlarmName: `${PREFIX}-custom-drift-score`, ...TO_CRITICAL });
    expect(names(pack.criticalAlarms)).toContain(`${PREFIX}-custom-drift-score`);
  });

  test('are warnings by default', () => {
    expect(names(pack.warningAlarms)).toContain(`${PREFIX}-custom-queue-depth`);
  });

  test('a name used twice is refused', () => {
    expect(() => lambdaPack([DRIFT_SCORE, DRIFT_SCORE])).toThrow(
      'Invalid AlarmPack Test/Alarms:\n - customAlarms.1.name "drift-score" is used by an earlier custom alarm (customAlarms.0.name)',
    );
  });
});

test('custom alarms given to SageMakerAlarmPack.ofEndpoint join the endpoint’s pack', () => {
  const { stack, endpoint } = endpointStack();
  const pack = SageMakerAlarmPack.ofEndpoint(stack, 'Alarms', endpoint, {
    ...notifications(stack),
    customAlarms: [QUEUE_DEPTH],
  });
  Template.fromStack(stack).hasResourceProperties(ALARM, {
    AlarmName: `${PREFIX}-custom-queue-depth`,
    ...TO_WARNINGS,
  });
  expect(names(pack.alarms.map((member) => member.alarm)).at(-1)).toBe(`${PREFIX}-custom-queue-depth`);
});
