import { CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { AlarmTopic } from '../../../lib/constructs/alarms/alarm-topic';
import { LambdaAlarmPack, LambdaAlarmPackProps, LambdaAlarmTunings } from '../../../lib/constructs/alarms';
import { LambdaInferenceProps } from '../../../lib/constructs/lambda/inference';
import { newApp } from '../../helpers/app';
import {
  ABOVE,
  ALARM,
  FAST,
  NOT_BREACHING,
  NO_ACTIONS,
  SUSTAINED,
  TO_CRITICAL,
  TO_WARNINGS,
  Expectation,
  Props,
  ids,
  paths,
  statistic,
} from './support';
import { inferenceStack } from '../lambda/support';

const PREFIX = 'acme-iris-prod';

/** What the expected alarms depend on: the function watched and the handler's metrics. */
interface Watched {
  /** The function's name as it appears in the template (a Ref to the function). */
  readonly functionName: unknown;
  readonly namespace: string;
  readonly modelName: string;
  readonly maxDurationMs: number;
  readonly reserved: number;
}

const expression = (text: string, label: string) => ({
  Id: 'expr_1',
  Expression: text,
  Label: label,
  ReturnData: true,
});

const math = (...metrics: object[]): Props => ({
  Namespace: Match.absent(),
  MetricName: Match.absent(),
  Period: Match.absent(),
  Metrics: metrics,
});

/** Every alarm of a pack with reserved and provisioned concurrency, in catalog order. */
function expectedAlarms(watched: Watched): Expectation[] {
  const { functionName, namespace, reserved } = watched;
  // Alias metrics: the bare function name plus `<function>:live` as Resource.
  const aliasDimensions = [
    { Name: 'FunctionName', Value: functionName },
    { Name: 'Resource', Value: { 'Fn::Join': ['', [functionName, ':live']] } },
  ];
  const functionDimensions = [{ Name: 'FunctionName', Value: functionName }];
  const handlerDimensions = [{ Name: 'service', Value: watched.modelName }];
  const metricStat = (
    id: string,
    ns: string,
    name: string,
    dims: object[],
    stat: string,
    period: number,
  ) => ({
    Id: id,
    MetricStat: { Metric: { Namespace: ns, MetricName: name, Dimensions: dims }, Period: period, Stat: stat },
    ReturnData: false,
  });
  const aliasSum = (id: string, name: string, period: number) =>
    metricStat(id, 'AWS/Lambda', name, aliasDimensions, 'Sum', period);
  const single = (ns: string, name: string, dims: object[], stat: string, period: number): Props => ({
    Namespace: ns,
    MetricName: name,
    Dimensions: dims,
    ...statistic(stat),
    Period: period,
    Metrics: Match.absent(),
  });

  return [
    [
      'rollback-error-rate',
      'is critical when over 1 % of the live alias’s invocations fail in 2 of 3 one-minute periods',
      {
        ...math(
          expression('100 * errors / invocations', 'Error rate (%)'),
          aliasSum('errors', 'Errors', 60),
          aliasSum('invocations', 'Invocations', 60),
        ),
        Threshold: 1,
        ...ABOVE,
        ...FAST,
        ...NOT_BREACHING,
        ...NO_ACTIONS,
      },
    ],
    [
      'rollback-p99-duration',
      `is critical when the live alias’s p99 Duration is over ${watched.maxDurationMs} ms (80 % of the timeout) in 2 of 3 one-minute periods`,
      {
        ...single('AWS/Lambda', 'Duration', aliasDimensions, 'p99', 60),
        Threshold: watched.maxDurationMs,
        ...ABOVE,
        ...FAST,
        ...NOT_BREACHING,
        ...NO_ACTIONS,
      },
    ],
    [
      'rollback-internal-errors',
      'is critical when the handler answers any request with a 5xx in 2 of 3 one-minute periods',
      {
        ...single(namespace, 'InternalErrors', handlerDimensions, 'Sum', 60),
        Threshold: 0,
        ...ABOVE,
        ...FAST,
        ...NOT_BREACHING,
        ...NO_ACTIONS,
      },
    ],
    [
      'throttle-rate',
      'is critical when over 1 % of requests to the live alias are throttled in 3 of 5 one-minute periods',
      {
        ...math(
          expression(
            'IF(invocations + throttles > 0, 100 * throttles / (invocations + throttles), 0)',
            'Throttled (%)',
          ),
          aliasSum('throttles', 'Throttles', 60),
          aliasSum('invocations', 'Invocations', 60),
        ),
        Threshold: 1,
        ...ABOVE,
        EvaluationPeriods: 5,
        DatapointsToAlarm: 3,
        ...NOT_BREACHING,
        ...NO_ACTIONS,
      },
    ],
    [
      'pc-spillover',
      'warns when invocations of the live alias spill over its provisioned concurrency in 3 of 3 five-minute periods',
      {
        ...single('AWS/Lambda', 'ProvisionedConcurrencySpilloverInvocations', aliasDimensions, 'Sum', 300),
        Threshold: 0,
        ...ABOVE,
        ...SUSTAINED,
        ...NOT_BREACHING,
        ...TO_WARNINGS,
      },
    ],
    [
      'concurrency-near-reserved',
      `warns when the function's peak concurrency is over 80 % of its ${reserved} reserved for 5 of 5 minutes`,
      {
        ...math(
          expression(`100 * concurrency / ${reserved}`, `Concurrent executions (% of ${reserved} reserved)`),
          metricStat('concurrency', 'AWS/Lambda', 'ConcurrentExecutions', functionDimensions, 'Maximum', 60),
        ),
        Threshold: 80,
        ...ABOVE,
        EvaluationPeriods: 5,
        DatapointsToAlarm: 5,
        ...NOT_BREACHING,
        ...TO_WARNINGS,
      },
    ],
    [
      'invalid-request-rate',
      'warns when the handler rejects over 5 % of the live alias’s invocations as invalid for 3 five-minute periods',
      {
        ...math(
          expression('IF(invocations > 0, 100 * invalid / invocations, 0)', 'Invalid requests (%)'),
          metricStat('invalid', namespace, 'InvalidRequests', handlerDimensions, 'Sum', 300),
          aliasSum('invocations', 'Invocations', 300),
        ),
        Threshold: 5,
        ...ABOVE,
        ...SUSTAINED,
        ...NOT_BREACHING,
        ...TO_WARNINGS,
      },
    ],
    [
      'model-load-time',
      'warns when loading the model takes over 10,000 ms on any cold start in five minutes',
      {
        ...single(namespace, 'ModelLoadTime', handlerDimensions, 'Maximum', 300),
        Threshold: 10_000,
        ...ABOVE,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        ...NOT_BREACHING,
        ...TO_WARNINGS,
      },
    ],
  ];
}

interface PackOptions {
  readonly tunings?: LambdaAlarmTunings;
  /** Send critical alarms to a `Critical` topic. @default no critical actions */
  readonly criticalTopic?: boolean;
}

function packOptions(stack: Stack, options: PackOptions) {
  return {
    alarmNamePrefix: PREFIX,
    warningActions: [new actions.SnsAction(new sns.Topic(stack, 'Warnings'))],
    criticalActions: options.criticalTopic
      ? [new actions.SnsAction(new sns.Topic(stack, 'Critical'))]
      : undefined,
    tunings: options.tunings,
  };
}

/** How the template refers to a construct's resource. */
const refOf = (stack: Stack, construct: IConstruct) => ({
  Ref: stack.getLogicalId(construct.node.defaultChild as CfnElement),
});

/** The pack of a real LambdaInference serving Iris with the same name prefix. */
function inferencePack(props: Partial<LambdaInferenceProps> = {}, options: PackOptions = {}) {
  const { stack, inference } = inferenceStack({ alarmNamePrefix: PREFIX, ...props });
  const pack = LambdaAlarmPack.ofInference(stack, 'Alarms', inference, packOptions(stack, options));
  return { stack, inference, pack, template: Template.fromStack(stack) };
}

/** With 50 reserved executions and 2 provisioned on the live alias: every conditional alarm applies. */
const FULL_INFERENCE: Partial<LambdaInferenceProps> = {
  reservedConcurrentExecutions: 50,
  provisionedConcurrency: { minCapacity: 2 },
};

/** A pack over a plain function and its live alias: 10 s timeout, metrics in Acme/Models for model churn. */
function standalonePack(props: Partial<LambdaAlarmPackProps> = {}, options: PackOptions = {}) {
  const stack = new Stack(newApp(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    timeout: Duration.seconds(10),
  });
  const alias = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
  const pack = new LambdaAlarmPack(stack, 'Alarms', {
    alias,
    function: fn,
    metricsNamespace: 'Acme/Models',
    modelName: 'churn',
    timeout: Duration.seconds(10),
    logGroupName: '/aws/lambda/churn',
    ...packOptions(stack, options),
    ...props,
  });
  return { stack, fn, pack, template: Template.fromStack(stack) };
}

const alarmNames = (template: Template): string[] =>
  Object.values(template.findResources(ALARM))
    .map((alarm) => alarm.Properties.AlarmName as string)
    .sort();
const namesOf = (suffixes: readonly string[]) => suffixes.map((suffix) => `${PREFIX}-${suffix}`).sort();
const suffixesOf = (expectations: readonly Expectation[]) => expectations.map(([suffix]) => suffix);
const alarmProps = (template: Template, suffix: string) => {
  const found = Object.values(
    template.findResources(ALARM, { Properties: { AlarmName: `${PREFIX}-${suffix}` } }),
  );
  expect(found).toHaveLength(1);
  return found[0].Properties;
};
const hasNoAlarm = (template: Template, suffix: string) =>
  template.resourcePropertiesCountIs(ALARM, { AlarmName: `${PREFIX}-${suffix}` }, 0);
/** Construct paths identify alarms in failure messages (CDK constructs do not print). */
const CONDITIONAL = ['pc-spillover', 'concurrency-near-reserved'];

describe('the pack of a LambdaInference with reserved and provisioned concurrency', () => {
  const { stack, inference, pack, template } = inferencePack(FULL_INFERENCE);
  const expected = expectedAlarms({
    functionName: refOf(stack, inference.function),
    namespace: 'MlDeploy/Inference',
    modelName: 'iris',
    maxDurationMs: 24_000,
    reserved: 50,
  });

  test('has exactly the eight alarms of the Lambda catalog, named <prefix>-<suffix>', () => {
    expect(alarmNames(template)).toEqual(namesOf(suffixesOf(expected)));
  });

  test.each(expected)('%s %s', (suffix, _meaning, properties) => {
    template.hasResourceProperties(ALARM, { AlarmName: `${PREFIX}-${suffix}`, ...properties });
  });

  test('adopts the inference’s three rollback alarms as they are', () => {
    expect(paths(pack.rollbackAlarms)).toEqual([
      'Models/Iris/RollbackAlarms/ErrorRate',
      'Models/Iris/RollbackAlarms/P99Duration',
      'Models/Iris/RollbackAlarms/InternalErrors',
    ]);
    expect(paths(pack.rollbackAlarms)).toEqual(paths(inference.rollbackAlarms.alarms));
  });

  test('does not create the rollback alarms a second time', () => {
    template.resourceCountIs(ALARM, expected.length);
    for (const suffix of ['rollback-error-rate', 'rollback-p99-duration', 'rollback-internal-errors']) {
      template.resourcePropertiesCountIs(ALARM, { AlarmName: `${PREFIX}-${suffix}` }, 1);
    }
    for (const id of ['ErrorRate', 'P99Duration', 'InternalErrors']) {
      expect(pack.node.tryFindChild(id)).toBeUndefined();
    }
  });

  test('lists the rollback alarms first, as critical rollback members', () => {
    const first = pack.alarms.slice(0, 3);
    expect(paths(first.map((member) => member.alarm))).toEqual(paths(inference.rollbackAlarms.alarms));
    expect(first.every((member) => member.rollback && member.severity === 'critical')).toBe(true);
    expect(pack.alarms.slice(3).some((member) => member.rollback)).toBe(false);
  });

  test('counts the rollback alarms and the throttle rate as critical', () => {
    expect(ids(pack.criticalAlarms)).toEqual(['ErrorRate', 'P99Duration', 'InternalErrors', 'ThrottleRate']);
  });

  test('lists every other alarm as a warning', () => {
    expect(ids(pack.warningAlarms)).toEqual([
      'ProvisionedConcurrencySpillover',
      'ConcurrencyNearReserved',
      'InvalidRequestRate',
      'ModelLoadTime',
    ]);
  });

  test('partitions its alarms into critical and warning without overlap', () => {
    const all = paths(pack.alarms.map((member) => member.alarm));
    const partitioned = [...paths(pack.criticalAlarms), ...paths(pack.warningAlarms)];
    expect(partitioned).toHaveLength(all.length);
    expect(new Set(partitioned)).toEqual(new Set(all));
  });

  test('points the runbook of the invalid-request alarm at the function’s log group', () => {
    const description = JSON.stringify(alarmProps(template, 'invalid-request-rate').AlarmDescription);
    expect(description).toContain(JSON.stringify(refOf(stack, inference.logGroup)));
  });
});

describe('conditional alarms of a LambdaInference', () => {
  test('without reserved or provisioned concurrency there is no spillover or near-reserved alarm', () => {
    const { template } = inferencePack();
    for (const suffix of CONDITIONAL) hasNoAlarm(template, suffix);
    expect(alarmNames(template)).toHaveLength(6);
  });

  test('fixed provisioned concurrency without reserved concurrency gets only the spillover alarm', () => {
    const { template } = inferencePack({ provisionedConcurrency: { minCapacity: 3 } });
    alarmProps(template, 'pc-spillover');
    hasNoAlarm(template, 'concurrency-near-reserved');
  });

  test('autoscaled provisioned concurrency gets the spillover alarm too', () => {
    const { template } = inferencePack({
      reservedConcurrentExecutions: 40,
      provisionedConcurrency: { minCapacity: 2, maxCapacity: 10 },
    });
    alarmProps(template, 'pc-spillover');
  });

  test('reserved concurrency without provisioned concurrency gets only the near-reserved alarm', () => {
    const { template } = inferencePack({ reservedConcurrentExecutions: 20 });
    expect(alarmProps(template, 'concurrency-near-reserved').Metrics[0].Expression).toBe(
      '100 * concurrency / 20',
    );
    hasNoAlarm(template, 'pc-spillover');
  });
});

describe('a LambdaInference pack and the inference’s rollback alarms', () => {
  test('keeps the thresholds the inference gave its rollback alarms, not the pack’s tunings', () => {
    const { template } = inferencePack(
      { rollbackAlarms: { maxP99Latency: Duration.seconds(5), maxErrorRatePercent: 3 } },
      { tunings: { durationP99: { maxMs: 1000 }, errorRate: { maxPercent: 2 } } },
    );
    expect(alarmProps(template, 'rollback-p99-duration').Threshold).toBe(5000);
    expect(alarmProps(template, 'rollback-error-rate').Threshold).toBe(3);
  });

  test('adds the critical actions to the adopted rollback alarms and the throttle rate', () => {
    const { template } = inferencePack({}, { criticalTopic: true });
    for (const suffix of [
      'rollback-error-rate',
      'rollback-p99-duration',
      'rollback-internal-errors',
      'throttle-rate',
    ]) {
      template.hasResourceProperties(ALARM, { AlarmName: `${PREFIX}-${suffix}`, ...TO_CRITICAL });
    }
  });

  test('a p99 duration above 80 % of a longer timeout follows the timeout (60 s → 48,000 ms)', () => {
    const { template } = inferencePack({ timeout: Duration.seconds(60) });
    expect(alarmProps(template, 'rollback-p99-duration').Threshold).toBe(48_000);
  });
});

describe('a standalone pack with reserved and provisioned concurrency', () => {
  const { stack, fn, pack, template } = standalonePack({
    reservedConcurrency: 20,
    provisionedConcurrency: true,
  });
  const expected = expectedAlarms({
    functionName: refOf(stack, fn),
    namespace: 'Acme/Models',
    modelName: 'churn',
    maxDurationMs: 8000,
    reserved: 20,
  });

  test('has exactly the eight alarms of the Lambda catalog', () => {
    expect(alarmNames(template)).toEqual(namesOf(suffixesOf(expected)));
  });

  test.each(expected)('%s %s', (suffix, _meaning, properties) => {
    template.hasResourceProperties(ALARM, { AlarmName: `${PREFIX}-${suffix}`, ...properties });
  });

  test('creates the error-rate, p99-duration and internal-errors alarms itself, as critical alarms', () => {
    expect(ids(pack.criticalAlarms)).toEqual(['ErrorRate', 'P99Duration', 'InternalErrors', 'ThrottleRate']);
    expect(paths(pack.criticalAlarms).every((path) => path.startsWith('Test/Alarms/'))).toBe(true);
  });

  // No deployment watches the pack's own copies, so they are plain critical alarms.
  test('does not count its own copies of the rollback alarms as rollback alarms', () => {
    expect(paths(pack.rollbackAlarms)).toEqual([]);
  });
});

describe('a standalone pack', () => {
  test('without reserved or provisioned concurrency has six alarms', () => {
    const { template } = standalonePack();
    expect(alarmNames(template)).toEqual(
      namesOf([
        'rollback-error-rate',
        'rollback-p99-duration',
        'rollback-internal-errors',
        'throttle-rate',
        'invalid-request-rate',
        'model-load-time',
      ]),
    );
  });

  test('with a reserved concurrency of 0 (a disabled function) has no near-reserved alarm', () => {
    hasNoAlarm(standalonePack({ reservedConcurrency: 0 }).template, 'concurrency-near-reserved');
  });

  test('sets the default p99 duration limit to 80 % of the timeout (3 s → 2400 ms)', () => {
    const { template } = standalonePack({ timeout: Duration.seconds(3) });
    expect(alarmProps(template, 'rollback-p99-duration').Threshold).toBe(2400);
  });

  test('rounds the default p99 duration limit to whole milliseconds (1.001 s → 801 ms)', () => {
    const { template } = standalonePack({ timeout: Duration.millis(1001) });
    expect(alarmProps(template, 'rollback-p99-duration').Threshold).toBe(801);
  });
});

// An imported alias has no metric() override: the pack builds FunctionName and Resource itself, as Lambda
// publishes them, instead of FunctionName = "<function>:live".
test('a standalone pack over an imported alias watches the dimensions Lambda publishes', () => {
  const stack = new Stack(newApp(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  const fn = lambda.Function.fromFunctionName(stack, 'Fn', 'iris-fn');
  const alias = lambda.Alias.fromAliasAttributes(stack, 'Live', {
    aliasName: 'live',
    aliasVersion: fn.latestVersion,
  });
  new LambdaAlarmPack(stack, 'Alarms', {
    alias,
    function: fn,
    metricsNamespace: 'MlDeploy/Inference',
    modelName: 'iris',
    timeout: Duration.seconds(10),
    logGroupName: '/aws/lambda/iris-fn',
    alarmNamePrefix: PREFIX,
  });
  Template.fromStack(stack).hasResourceProperties(ALARM, {
    AlarmName: `${PREFIX}-rollback-p99-duration`,
    Dimensions: [
      { Name: 'FunctionName', Value: 'iris-fn' },
      { Name: 'Resource', Value: 'iris-fn:live' },
    ],
  });
});

describe('Lambda tunings', () => {
  test.each([
    ['errorRate maxPercent 2', 'rollback-error-rate', 2, { errorRate: { maxPercent: 2 } }],
    ['durationP99 maxMs 5000', 'rollback-p99-duration', 5000, { durationP99: { maxMs: 5000 } }],
    ['internalErrors maxPerMinute 2', 'rollback-internal-errors', 2, { internalErrors: { maxPerMinute: 2 } }],
    ['throttleRate maxPercent 5', 'throttle-rate', 5, { throttleRate: { maxPercent: 5 } }],
    [
      'provisionedConcurrencySpillover maxPer5Minutes 5',
      'pc-spillover',
      5,
      { provisionedConcurrencySpillover: { maxPer5Minutes: 5 } },
    ],
    [
      'concurrencyNearReserved maxPercent 90',
      'concurrency-near-reserved',
      90,
      { concurrencyNearReserved: { maxPercent: 90 } },
    ],
    [
      'invalidRequestRate maxPercent 10',
      'invalid-request-rate',
      10,
      { invalidRequestRate: { maxPercent: 10 } },
    ],
    ['modelLoadTime maxMs 20000', 'model-load-time', 20_000, { modelLoadTime: { maxMs: 20_000 } }],
  ] as [string, string, number, LambdaAlarmTunings][])(
    '%s sets the threshold of %s to %d',
    (_name, suffix, threshold, tunings) => {
      const { template } = standalonePack(
        { reservedConcurrency: 20, provisionedConcurrency: true },
        { tunings },
      );
      expect(alarmProps(template, suffix).Threshold).toBe(threshold);
    },
  );

  test('a tuned near-reserved threshold keeps the expression over the reserved concurrency', () => {
    const { template } = standalonePack(
      { reservedConcurrency: 20 },
      { tunings: { concurrencyNearReserved: { maxPercent: 90 } } },
    );
    expect(alarmProps(template, 'concurrency-near-reserved').Metrics[0].Expression).toBe(
      '100 * concurrency / 20',
    );
  });

  test('enabled: false removes an alarm and nothing else', () => {
    const { pack, template } = standalonePack({}, { tunings: { modelLoadTime: { enabled: false } } });
    hasNoAlarm(template, 'model-load-time');
    expect(alarmNames(template)).toHaveLength(5);
    expect(ids(pack.warningAlarms)).toEqual(['InvalidRequestRate']);
  });

  test("severity: 'warning' moves the throttle rate onto the warning topic", () => {
    const { pack, template } = standalonePack({}, { tunings: { throttleRate: { severity: 'warning' } } });
    template.hasResourceProperties(ALARM, { AlarmName: `${PREFIX}-throttle-rate`, ...TO_WARNINGS });
    expect(ids(pack.warningAlarms)).toContain('ThrottleRate');
    expect(ids(pack.criticalAlarms)).not.toContain('ThrottleRate');
  });

  test("severity: 'critical' moves a warning into criticalAlarms and off the warning topic", () => {
    const { pack, template } = standalonePack(
      {},
      { tunings: { invalidRequestRate: { severity: 'critical' } } },
    );
    template.hasResourceProperties(ALARM, { AlarmName: `${PREFIX}-invalid-request-rate`, ...NO_ACTIONS });
    expect(ids(pack.criticalAlarms)).toContain('InvalidRequestRate');
    expect(ids(pack.warningAlarms)).not.toContain('InvalidRequestRate');
  });
});

describe('Lambda alarm descriptions', () => {
  const { stack, pack, template } = standalonePack({ reservedConcurrency: 20, provisionedConcurrency: true });
  const description = (alarm: cloudwatch.IAlarm) =>
    template.toJSON().Resources[stack.getLogicalId(alarm.node.defaultChild as CfnElement)].Properties
      .AlarmDescription as string;

  test.each(['critical', 'warning'] as const)('of %s alarms lead with their severity', (severity) => {
    const members = pack.alarms.filter((member) => member.severity === severity);
    expect(members.length).toBeGreaterThan(0);
    for (const member of members)
      expect(description(member.alarm)).toMatch(new RegExp(`^\\[${severity}\\] `));
  });

  test('end with a runbook line after “First:”', () => {
    for (const member of pack.alarms) expect(description(member.alarm)).toMatch(/ First: \S.*$/);
  });

  test('state the derived p99 duration limit and the timeout', () => {
    expect(alarmProps(template, 'rollback-p99-duration').AlarmDescription).toContain(
      'above 8000 ms (timeout 10000 ms)',
    );
  });
});

describe('AwsSolutions checks', () => {
  test('find nothing unacknowledged in a stack with an inference, its pack and an encrypted alarm topic', () => {
    const { stack, inference } = inferenceStack({ alarmNamePrefix: PREFIX, ...FULL_INFERENCE });
    const warnings = new AlarmTopic(stack, 'Warnings');
    const critical = new AlarmTopic(stack, 'Critical');
    const pack = LambdaAlarmPack.ofInference(stack, 'Alarms', inference, {
      alarmNamePrefix: PREFIX,
      warningActions: [new actions.SnsAction(warnings.topic)],
      criticalActions: [new actions.SnsAction(critical.topic)],
    });
    const app = stack.node.root as ReturnType<typeof newApp>;
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
    // The same rules over the pack alone: no finding there, and none acknowledged away either.
    expect(new AwsSolutionsChecks().validateScope(pack).violations).toEqual([]);
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });
});
