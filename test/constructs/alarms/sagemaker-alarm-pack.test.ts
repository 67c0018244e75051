import { CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AlarmTopic } from '../../../lib/constructs/alarms/alarm-topic';
import {
  AlarmCatalogEntry,
  SAGEMAKER_ALARMS,
  SageMakerAlarmPack,
  SageMakerAlarmPackProps,
  SageMakerAlarmTunings,
} from '../../../lib/constructs/alarms';
import { SageMakerEndpoint, SageMakerEndpointProps } from '../../../lib/constructs/sagemaker';
import { newApp } from '../../helpers/app';
import {
  ABOVE,
  ALARM,
  FAST,
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
import { endpointStack, INSTANCE_PROPS, SERVERLESS_PROPS } from '../sagemaker/support';

/** The endpoint of the SageMaker test fixtures; its rollback alarms are named after it. */
const ENDPOINT = INSTANCE_PROPS.endpointName;
/** The pack uses the endpoint name as prefix, as the model stacks do, so all alarm names line up. */
const PREFIX = ENDPOINT;
const DIMENSIONS = [
  { Name: 'EndpointName', Value: ENDPOINT },
  { Name: 'VariantName', Value: 'AllTraffic' },
];
const INVOCATIONS = 'AWS/SageMaker';
const INSTANCES = '/aws/sagemaker/Endpoints';

/** An alarm on one metric of the variant. */
const single = (namespace: string, metricName: string, stat: string, period: number): Props => ({
  Namespace: namespace,
  MetricName: metricName,
  Dimensions: DIMENSIONS,
  ...statistic(stat),
  Period: period,
  Metrics: Match.absent(),
});

/** One metric of a metric-math alarm. */
const stat = (id: string, namespace: string, metricName: string, statName: string, period: number) => ({
  Id: id,
  MetricStat: {
    Metric: { Namespace: namespace, MetricName: metricName, Dimensions: DIMENSIONS },
    Period: period,
    Stat: statName,
  },
  ReturnData: false,
});

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

const errorRate = (metricName: string, label: string, period: number) =>
  math(
    expression('IF(invocations > 0, 100 * errors / invocations, 0)', label),
    stat('errors', INVOCATIONS, metricName, 'Sum', period),
    stat('invocations', INVOCATIONS, 'Invocations', 'Sum', period),
  );

/** Utilization divided by the cores it is the sum of (CPUUtilization is 0–100 × vCPUs). */
const normalised = (id: string, metricName: string, units: number) =>
  math(
    expression(`${id} / ${units}`, `${metricName} (% of ${units})`),
    stat(id, INSTANCES, metricName, 'Average', 300),
  );

const SERVER_ERROR_RATE: Expectation = [
  'rollback-5xx-rate',
  'is critical when over 1 % of invocations fail with 5XX in 2 of 3 one-minute periods',
  {
    ...errorRate('Invocation5XXErrors', '5XX error rate (%)', 60),
    Threshold: 1,
    ...ABOVE,
    ...FAST,
    TreatMissingData: 'notBreaching',
    ...NO_ACTIONS,
  },
];
const LATENCY_P99: Expectation = [
  'rollback-p99-latency',
  'is critical when p99 ModelLatency is over 1000 ms (10^6 µs) in 2 of 3 one-minute periods',
  {
    ...single(INVOCATIONS, 'ModelLatency', 'p99', 60),
    Threshold: 1_000_000,
    ...ABOVE,
    ...FAST,
    TreatMissingData: 'notBreaching',
    ...NO_ACTIONS,
  },
];
const CLIENT_ERROR_RATE: Expectation = [
  '4xx-rate',
  'warns when over 5 % of invocations fail with 4XX in 3 of 3 five-minute periods',
  {
    ...errorRate('Invocation4XXErrors', '4XX error rate (%)', 300),
    Threshold: 5,
    ...ABOVE,
    ...SUSTAINED,
    TreatMissingData: 'notBreaching',
    ...TO_WARNINGS,
  },
];
const LATENCY_P50: Expectation = [
  'p50-latency',
  'warns when p50 ModelLatency is over 300 ms (300,000 µs) for 3 five-minute periods',
  {
    ...single(INVOCATIONS, 'ModelLatency', 'p50', 300),
    Threshold: 300_000,
    ...ABOVE,
    ...SUSTAINED,
    TreatMissingData: 'notBreaching',
    ...TO_WARNINGS,
  },
];
const OVERHEAD_LATENCY_P99: Expectation = [
  'p99-overhead-latency',
  'warns when p99 OverheadLatency is over 100 ms (100,000 µs) for 3 five-minute periods',
  {
    ...single(INVOCATIONS, 'OverheadLatency', 'p99', 300),
    Threshold: 100_000,
    ...ABOVE,
    ...SUSTAINED,
    TreatMissingData: 'notBreaching',
    ...TO_WARNINGS,
  },
];
const MEMORY_UTILIZATION: Expectation = [
  'memory-utilization',
  'warns when average MemoryUtilization is over 85 % for 3 five-minute periods, ignoring gaps',
  {
    ...single(INSTANCES, 'MemoryUtilization', 'Average', 300),
    Threshold: 85,
    ...ABOVE,
    ...SUSTAINED,
    TreatMissingData: 'ignore',
    ...TO_WARNINGS,
  },
];

/** ml.c5.xlarge (4 vCPUs, no GPU), autoscaled up to 4 instances. */
const INSTANCE_ALARMS: readonly Expectation[] = [
  SERVER_ERROR_RATE,
  LATENCY_P99,
  CLIENT_ERROR_RATE,
  LATENCY_P50,
  OVERHEAD_LATENCY_P99,
  [
    'cpu-utilization',
    'warns when CPUUtilization divided by the 4 vCPUs is over 80 % for 3 five-minute periods',
    {
      ...normalised('cpu', 'CPUUtilization', 4),
      Threshold: 80,
      ...ABOVE,
      ...SUSTAINED,
      TreatMissingData: 'ignore',
      ...TO_WARNINGS,
    },
  ],
  MEMORY_UTILIZATION,
  [
    'disk-utilization',
    'warns when average DiskUtilization is over 80 % for 3 five-minute periods, ignoring gaps',
    {
      ...single(INSTANCES, 'DiskUtilization', 'Average', 300),
      Threshold: 80,
      ...ABOVE,
      ...SUSTAINED,
      TreatMissingData: 'ignore',
      ...TO_WARNINGS,
    },
  ],
  [
    'instances-at-max',
    'warns when the CPUUtilization samples a minute reach the 4-instance maximum for 30 minutes in a row',
    {
      ...single(INSTANCES, 'CPUUtilization', 'SampleCount', 60),
      Threshold: 4,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 30,
      DatapointsToAlarm: 30,
      TreatMissingData: 'ignore',
      ...TO_WARNINGS,
    },
  ],
];

/** No deployment of a serverless endpoint watches its 5XX and latency alarms: they keep their name, not `rollback-`. */
const pagingOnly = ([suffix, meaning, properties]: Expectation): Expectation => [
  suffix.replace(/^rollback-/, ''),
  meaning,
  properties,
];

const SERVERLESS_ALARMS: readonly Expectation[] = [
  pagingOnly(SERVER_ERROR_RATE),
  pagingOnly(LATENCY_P99),
  CLIENT_ERROR_RATE,
  LATENCY_P50,
  OVERHEAD_LATENCY_P99,
  MEMORY_UTILIZATION,
  [
    'model-setup-time',
    'warns when any cold start in five minutes takes over 60 s (6 × 10^7 µs)',
    {
      ...single(INVOCATIONS, 'ModelSetupTime', 'Maximum', 300),
      Threshold: 60_000_000,
      ...ABOVE,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      ...TO_WARNINGS,
    },
  ],
];

interface PackFixture {
  readonly stack: Stack;
  readonly pack: SageMakerAlarmPack;
  readonly template: Template;
  readonly endpoint?: SageMakerEndpoint;
}

interface PackOptions {
  readonly tunings?: SageMakerAlarmTunings;
  /** Send critical alarms to a `Critical` topic. @default no critical actions */
  readonly criticalTopic?: boolean;
}

/** Warning actions go to a `Warnings` topic; critical actions, when asked for, to a `Critical` topic. */
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

/** A pack built from variant facts alone: ml.c5.xlarge autoscaled up to 4 instances unless overridden. */
function standalonePack(
  props: Partial<SageMakerAlarmPackProps> = {},
  options: PackOptions = {},
): PackFixture {
  const stack = new Stack(newApp(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  const pack = new SageMakerAlarmPack(stack, 'Alarms', {
    endpointName: ENDPOINT,
    variantName: 'AllTraffic',
    serverless: false,
    instanceType: 'ml.c5.xlarge',
    maxInstances: 4,
    ...packOptions(stack, options),
    ...props,
  });
  return { stack, pack, template: Template.fromStack(stack) };
}

/** The pack of a real SageMakerEndpoint: ml.c5.xlarge autoscaled from 1 to 4 instances unless overridden. */
function endpointPack(
  overrides: Partial<SageMakerEndpointProps> = {},
  options: PackOptions = {},
): PackFixture {
  const { stack, endpoint } = endpointStack({
    autoScaling: { minCapacity: 1, maxCapacity: 4 },
    ...overrides,
  });
  const pack = SageMakerAlarmPack.ofEndpoint(stack, 'Alarms', endpoint, packOptions(stack, options));
  return { stack, pack, endpoint, template: Template.fromStack(stack) };
}

const SERVERLESS_ENDPOINT: Partial<SageMakerEndpointProps> = { ...SERVERLESS_PROPS, autoScaling: undefined };

const endpointOf = (template: Template) =>
  Object.values(template.findResources('AWS::SageMaker::Endpoint'))[0].Properties;
const alarmNames = (template: Template): string[] =>
  Object.values(template.findResources(ALARM))
    .map((alarm) => alarm.Properties.AlarmName as string)
    .sort();
const namesOf = (expectations: readonly Expectation[]) =>
  expectations.map(([suffix]) => `${PREFIX}-${suffix}`).sort();
/** The properties of the one alarm with this name suffix. */
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

describe.each([
  ['built standalone', () => standalonePack()],
  ['built from a SageMakerEndpoint', () => endpointPack()],
])('the pack of an ml.c5.xlarge variant autoscaled up to 4 instances, %s', (_how, build) => {
  const { template } = build();

  test('has exactly the nine alarms of a CPU instance variant, named <prefix>-<suffix>', () => {
    expect(alarmNames(template)).toEqual(namesOf(INSTANCE_ALARMS));
  });

  test.each(INSTANCE_ALARMS)('%s %s', (suffix, _meaning, properties) => {
    template.hasResourceProperties(ALARM, { AlarmName: `${PREFIX}-${suffix}`, ...properties });
  });

  test('has no GPU alarms on an instance type without GPUs', () => {
    hasNoAlarm(template, 'gpu-utilization');
    hasNoAlarm(template, 'gpu-memory-utilization');
  });

  test('has no no-invocations alarm unless it is turned on', () => {
    hasNoAlarm(template, 'no-invocations');
  });
});

describe('the pack of a GPU instance type (ml.g5.xlarge: 4 vCPUs, 1 GPU)', () => {
  const { template } = standalonePack({ instanceType: 'ml.g5.xlarge' });

  test('warns when GPUUtilization divided by the one GPU is over 90 % for 3 five-minute periods', () => {
    template.hasResourceProperties(ALARM, {
      AlarmName: `${PREFIX}-gpu-utilization`,
      ...normalised('gpu', 'GPUUtilization', 1),
      Threshold: 90,
      ...ABOVE,
      ...SUSTAINED,
      TreatMissingData: 'ignore',
      ...TO_WARNINGS,
    });
  });

  test('warns when GPUMemoryUtilization divided by the one GPU is over 90 % for 3 five-minute periods', () => {
    template.hasResourceProperties(ALARM, {
      AlarmName: `${PREFIX}-gpu-memory-utilization`,
      ...normalised('gpuMemory', 'GPUMemoryUtilization', 1),
      Threshold: 90,
      ...ABOVE,
      ...SUSTAINED,
      TreatMissingData: 'ignore',
      ...TO_WARNINGS,
    });
  });

  test('still divides CPU utilization by the 4 vCPUs', () => {
    expect(alarmProps(template, 'cpu-utilization').Metrics[0].Expression).toBe('cpu / 4');
  });

  test('has the GPU alarms in addition to the nine of a CPU instance type', () => {
    expect(alarmNames(template)).toEqual(
      [...namesOf(INSTANCE_ALARMS), `${PREFIX}-gpu-utilization`, `${PREFIX}-gpu-memory-utilization`].sort(),
    );
  });
});

test('CPU utilization is divided by the vCPUs of the instance type (8 on ml.m5.2xlarge)', () => {
  const { template } = standalonePack({ instanceType: 'ml.m5.2xlarge' });
  template.hasResourceProperties(ALARM, {
    AlarmName: `${PREFIX}-cpu-utilization`,
    ...normalised('cpu', 'CPUUtilization', 8),
  });
});

describe.each([
  [
    'built standalone',
    () => standalonePack({ serverless: true, instanceType: undefined, maxInstances: undefined }),
  ],
  ['built from a serverless SageMakerEndpoint', () => endpointPack(SERVERLESS_ENDPOINT)],
])('the pack of a serverless variant, %s', (_how, build) => {
  const { pack, template } = build();

  test('has the invocation, memory and cold-start alarms and no CPU, disk, GPU or instance alarms', () => {
    expect(alarmNames(template)).toEqual(namesOf(SERVERLESS_ALARMS));
  });

  test.each(SERVERLESS_ALARMS)('%s %s', (suffix, _meaning, properties) => {
    template.hasResourceProperties(ALARM, { AlarmName: `${PREFIX}-${suffix}`, ...properties });
  });

  test('creates the 5XX-rate and p99-latency alarms itself: critical, but not rollback alarms', () => {
    expect(paths(pack.rollbackAlarms)).toEqual([]);
    expect(ids(pack.criticalAlarms)).toEqual(['ErrorRate', 'Latency']);
    for (const alarm of pack.criticalAlarms) expect(alarm.node.scope).toBe(pack);
  });
});

test('a serverless variant ignores an instance type and a maximum instance count', () => {
  const { template } = standalonePack({ serverless: true, instanceType: 'ml.g5.xlarge', maxInstances: 4 });
  expect(alarmNames(template)).toEqual(namesOf(SERVERLESS_ALARMS));
});

test('a serverless endpoint’s pack sends its critical alarms to the critical actions', () => {
  const { template } = endpointPack(SERVERLESS_ENDPOINT, { criticalTopic: true });
  template.hasResourceProperties(ALARM, { AlarmName: `${PREFIX}-5xx-rate`, ...TO_CRITICAL });
  template.hasResourceProperties(ALARM, { AlarmName: `${PREFIX}-p99-latency`, ...TO_CRITICAL });
});

test('a serverless endpoint has no alarm named for a rollback, and no deployment that rolls back', () => {
  const { template } = endpointPack(SERVERLESS_ENDPOINT);
  const catalog: readonly AlarmCatalogEntry[] = Object.values(SAGEMAKER_ALARMS);
  const rollbackAlarms = catalog.filter((entry) => entry.rollback);
  expect(rollbackAlarms).not.toHaveLength(0);
  const names = alarmNames(template);
  for (const entry of rollbackAlarms) {
    // The same alarm pages under its serverless name; the name deployments watch is not there.
    expect(names).not.toContain(`${PREFIX}-${entry.nameSuffix}`);
    expect(names).toContain(`${PREFIX}-${entry.serverlessNameSuffix ?? entry.nameSuffix}`);
  }
  template.hasResourceProperties('AWS::SageMaker::Endpoint', { DeploymentConfig: Match.absent() });
  for (const alarm of Object.values(template.findResources(ALARM))) {
    expect(alarm.Properties.AlarmDescription).not.toContain('a deployment in progress rolls back');
  }
  expect(alarmProps(template, '5xx-rate').AlarmDescription).toContain(
    'serverless: deployments do not roll back on it',
  );
});

// Renaming an alarm replaces it: instance endpoints keep the names and logical ids their stacks already have.
test('an instance endpoint keeps its rollback alarms’ names and logical ids', () => {
  const { stack, template } = endpointPack();
  const named = (suffix: string) =>
    Object.keys(template.findResources(ALARM, { Properties: { AlarmName: `${PREFIX}-${suffix}` } }));
  expect(named('rollback-5xx-rate')).toEqual(['ChurnRollbackAlarmsErrorRate095DA800']);
  expect(named('rollback-p99-latency')).toEqual(['ChurnRollbackAlarmsLatency27704017']);
  expect(stack.resolve(endpointOf(template).DeploymentConfig.AutoRollbackConfiguration.Alarms)).toEqual([
    { AlarmName: { Ref: 'ChurnRollbackAlarmsErrorRate095DA800' } },
    { AlarmName: { Ref: 'ChurnRollbackAlarmsLatency27704017' } },
  ]);
});

test('an instance variant without rollback keeps the rollback names for its pack’s own 5XX and latency alarms', () => {
  const { template } = standalonePack();
  expect(
    Object.keys(template.findResources(ALARM, { Properties: { AlarmName: `${PREFIX}-rollback-5xx-rate` } })),
  ).toEqual(['AlarmsErrorRate4D245B03']);
});

describe('instances-at-max', () => {
  test('is left out without a maximum instance count', () => {
    const { template } = standalonePack({ maxInstances: undefined });
    hasNoAlarm(template, 'instances-at-max');
    expect(alarmNames(template)).toHaveLength(INSTANCE_ALARMS.length - 1);
  });

  test('is left out for an endpoint without autoscaling', () => {
    hasNoAlarm(endpointPack({ autoScaling: undefined }).template, 'instances-at-max');
  });

  test('waits minutesAtMax one-minute periods when tuned', () => {
    const { template } = standalonePack({}, { tunings: { instancesAtMax: { minutesAtMax: 45 } } });
    template.hasResourceProperties(ALARM, {
      AlarmName: `${PREFIX}-instances-at-max`,
      Threshold: 4,
      Period: 60,
      EvaluationPeriods: 45,
      DatapointsToAlarm: 45,
    });
  });

  test('takes the endpoint’s highest autoscaling maximum, schedules included, as its threshold', () => {
    const { template } = endpointPack({
      autoScaling: {
        minCapacity: 1,
        maxCapacity: 4,
        schedules: [
          {
            name: 'peak',
            schedule: appscaling.Schedule.expression('cron(0 8 * * ? *)'),
            minCapacity: 2,
            maxCapacity: 8,
          },
        ],
      },
    });
    expect(alarmProps(template, 'instances-at-max').Threshold).toBe(8);
  });
});

describe('no-invocations', () => {
  const { pack, template } = standalonePack({}, { tunings: { noInvocations: { enabled: true } } });

  test('is critical when fewer than 1 invocation arrives in 15 minutes, and no data counts as none', () => {
    template.hasResourceProperties(ALARM, {
      AlarmName: `${PREFIX}-no-invocations`,
      ...single(INVOCATIONS, 'Invocations', 'Sum', 900),
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'breaching',
      ...NO_ACTIONS,
    });
  });

  test('is one of the critical alarms once turned on', () => {
    expect(ids(pack.criticalAlarms)).toContain('NoInvocations');
    expect(ids(pack.warningAlarms)).not.toContain('NoInvocations');
  });

  test('takes its minimum from minPer15Minutes', () => {
    const tuned = standalonePack({}, { tunings: { noInvocations: { enabled: true, minPer15Minutes: 10 } } });
    expect(alarmProps(tuned.template, 'no-invocations').Threshold).toBe(10);
  });

  test('goes to the warning actions when tuned to warning severity', () => {
    const tuned = standalonePack({}, { tunings: { noInvocations: { enabled: true, severity: 'warning' } } });
    tuned.template.hasResourceProperties(ALARM, { AlarmName: `${PREFIX}-no-invocations`, ...TO_WARNINGS });
  });
});

describe('tunings', () => {
  test.each([
    ['latencyP50 maxMs 50', 'p50-latency', 50_000, { latencyP50: { maxMs: 50 } }],
    ['latencyP99 maxMs 250', 'rollback-p99-latency', 250_000, { latencyP99: { maxMs: 250 } }],
    ['overheadLatencyP99 maxMs 20', 'p99-overhead-latency', 20_000, { overheadLatencyP99: { maxMs: 20 } }],
    ['serverErrorRate maxPercent 2', 'rollback-5xx-rate', 2, { serverErrorRate: { maxPercent: 2 } }],
    ['clientErrorRate maxPercent 10', '4xx-rate', 10, { clientErrorRate: { maxPercent: 10 } }],
    ['cpuUtilization maxPercent 60', 'cpu-utilization', 60, { cpuUtilization: { maxPercent: 60 } }],
    ['memoryUtilization maxPercent 70', 'memory-utilization', 70, { memoryUtilization: { maxPercent: 70 } }],
    ['diskUtilization maxPercent 90', 'disk-utilization', 90, { diskUtilization: { maxPercent: 90 } }],
  ] as [string, string, number, SageMakerAlarmTunings][])(
    '%s sets the threshold of %s to %d',
    (_name, suffix, threshold, tunings) => {
      expect(alarmProps(standalonePack({}, { tunings }).template, suffix).Threshold).toBe(threshold);
    },
  );

  test('modelSetupTime maxMs 5000 sets a threshold of 5,000,000 µs on a serverless variant', () => {
    const { template } = standalonePack(
      { serverless: true, instanceType: undefined },
      { tunings: { modelSetupTime: { maxMs: 5000 } } },
    );
    expect(alarmProps(template, 'model-setup-time').Threshold).toBe(5_000_000);
  });

  test('gpuUtilization maxPercent 75 sets the GPU threshold and keeps the normalisation', () => {
    const { template } = standalonePack(
      { instanceType: 'ml.g5.xlarge' },
      { tunings: { gpuUtilization: { maxPercent: 75 } } },
    );
    template.hasResourceProperties(ALARM, {
      AlarmName: `${PREFIX}-gpu-utilization`,
      ...normalised('gpu', 'GPUUtilization', 1),
      Threshold: 75,
    });
  });

  test('a changed threshold is stated in the description in the unit of the setting', () => {
    const { template } = standalonePack({}, { tunings: { latencyP50: { maxMs: 50 } } });
    expect(alarmProps(template, 'p50-latency').AlarmDescription).toContain('above 50 ms');
  });

  test('enabled: false removes an alarm and nothing else', () => {
    const { pack, template } = standalonePack({}, { tunings: { diskUtilization: { enabled: false } } });
    hasNoAlarm(template, 'disk-utilization');
    expect(alarmNames(template)).toHaveLength(INSTANCE_ALARMS.length - 1);
    expect(ids(pack.warningAlarms)).not.toContain('DiskUtilization');
  });

  test('enabled: false can remove several alarms at once', () => {
    const { template } = standalonePack(
      {},
      { tunings: { cpuUtilization: { enabled: false }, instancesAtMax: { enabled: false } } },
    );
    hasNoAlarm(template, 'cpu-utilization');
    hasNoAlarm(template, 'instances-at-max');
    expect(alarmNames(template)).toHaveLength(INSTANCE_ALARMS.length - 2);
  });

  describe("severity: 'critical'", () => {
    const { pack, template } = standalonePack(
      {},
      { tunings: { memoryUtilization: { severity: 'critical' } } },
    );

    test('moves the alarm into criticalAlarms', () => {
      expect(ids(pack.criticalAlarms)).toEqual(['ErrorRate', 'Latency', 'MemoryUtilization']);
    });

    test('takes the alarm out of warningAlarms', () => {
      expect(ids(pack.warningAlarms)).not.toContain('MemoryUtilization');
    });

    test('takes the alarm off the warning topic', () => {
      template.hasResourceProperties(ALARM, { AlarmName: `${PREFIX}-memory-utilization`, ...NO_ACTIONS });
    });

    test('says critical in the description', () => {
      expect(alarmProps(template, 'memory-utilization').AlarmDescription).toMatch(/^\[critical\] /);
    });

    test('sends the alarm to the critical actions when there are some', () => {
      const withCritical = standalonePack(
        {},
        { tunings: { memoryUtilization: { severity: 'critical' } }, criticalTopic: true },
      );
      withCritical.template.hasResourceProperties(ALARM, {
        AlarmName: `${PREFIX}-memory-utilization`,
        ...TO_CRITICAL,
      });
    });
  });

  test("severity: 'warning' moves a critical-by-default alarm onto the warning topic", () => {
    const { pack, template } = standalonePack(
      {},
      { tunings: { noInvocations: { enabled: true, severity: 'warning' } } },
    );
    expect(ids(pack.warningAlarms)).toContain('NoInvocations');
    template.hasResourceProperties(ALARM, { AlarmName: `${PREFIX}-no-invocations`, ...TO_WARNINGS });
  });
});

/** Runs a synthesis that reports an expected warning without printing CDK's validation report. */
function quietly<T>(synthesize: () => T): T {
  const print = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    return synthesize();
  } finally {
    print.mockRestore();
  }
}

describe('an instance type missing from the instance table (ml.x9.large)', () => {
  const { stack, template } = quietly(() => standalonePack({ instanceType: 'ml.x9.large' }));

  test('leaves out the CPU utilization alarm', () => {
    hasNoAlarm(template, 'cpu-utilization');
  });

  test('keeps the alarms that need no vCPU count', () => {
    expect(alarmNames(template)).toEqual(
      namesOf(INSTANCE_ALARMS.filter(([suffix]) => suffix !== 'cpu-utilization')),
    );
  });

  test('warns on the pack that the CPU and GPU alarms are left out', () => {
    quietly(() => Annotations.fromStack(stack)).hasWarning(
      '/Test/Alarms',
      Match.stringLikeRegexp('Instance type ml\\.x9\\.large is not in the instance table.*left out'),
    );
  });

  test('a known instance type gets no such warning', () => {
    Annotations.fromStack(standalonePack().stack).hasNoWarning(
      '*',
      Match.stringLikeRegexp('not in the instance table'),
    );
  });
});

describe('a pack built from an endpoint with rollback alarms', () => {
  const { pack, endpoint, template } = endpointPack();
  const rollback = endpoint!.rollbackAlarms!;

  test('adopts the endpoint’s two rollback alarms as they are', () => {
    expect(paths(pack.rollbackAlarms)).toEqual([
      'Test/Churn/RollbackAlarms/ErrorRate',
      'Test/Churn/RollbackAlarms/Latency',
    ]);
    expect(paths(pack.rollbackAlarms)).toEqual(paths([rollback.errorRate, rollback.p99Latency]));
  });

  test('does not create them a second time', () => {
    template.resourceCountIs(ALARM, INSTANCE_ALARMS.length);
    template.resourcePropertiesCountIs(ALARM, { AlarmName: `${PREFIX}-rollback-5xx-rate` }, 1);
    template.resourcePropertiesCountIs(ALARM, { AlarmName: `${PREFIX}-rollback-p99-latency` }, 1);
    expect(pack.node.tryFindChild('ErrorRate')).toBeUndefined();
    expect(pack.node.tryFindChild('Latency')).toBeUndefined();
  });

  test('lists the rollback alarms first, as critical rollback members', () => {
    const [first, second, ...rest] = pack.alarms;
    expect(paths([first.alarm, second.alarm])).toEqual(paths(rollback.alarms));
    expect([first, second].every((member) => member.rollback && member.severity === 'critical')).toBe(true);
    expect(rest.some((member) => member.rollback)).toBe(false);
  });

  test('counts the rollback alarms among the critical alarms', () => {
    expect(paths(pack.criticalAlarms)).toEqual(paths(rollback.alarms));
  });

  test('lists every other alarm as a warning', () => {
    expect(ids(pack.warningAlarms)).toEqual([
      'ClientErrorRate',
      'LatencyP50',
      'OverheadLatencyP99',
      'CpuUtilization',
      'MemoryUtilization',
      'DiskUtilization',
      'InstancesAtMax',
    ]);
  });

  test('partitions its alarms into critical and warning without overlap', () => {
    const all = paths(pack.alarms.map((member) => member.alarm));
    const partitioned = [...paths(pack.criticalAlarms), ...paths(pack.warningAlarms)];
    expect(partitioned).toHaveLength(all.length);
    expect(new Set(partitioned)).toEqual(new Set(all));
  });

  test('keeps the thresholds the endpoint gave its rollback alarms, not the pack’s tunings', () => {
    const tuned = endpointPack(
      { rollbackAlarms: { maxP99Latency: Duration.millis(500), maxErrorRatePercent: 3 } },
      { tunings: { latencyP99: { maxMs: 250 }, serverErrorRate: { maxPercent: 2 } } },
    );
    expect(alarmProps(tuned.template, 'rollback-p99-latency').Threshold).toBe(500_000);
    expect(alarmProps(tuned.template, 'rollback-5xx-rate').Threshold).toBe(3);
  });

  test('adds the critical actions to the adopted rollback alarms', () => {
    const withCritical = endpointPack({}, { criticalTopic: true });
    withCritical.template.hasResourceProperties(ALARM, {
      AlarmName: `${PREFIX}-rollback-5xx-rate`,
      ...TO_CRITICAL,
    });
    withCritical.template.hasResourceProperties(ALARM, {
      AlarmName: `${PREFIX}-rollback-p99-latency`,
      ...TO_CRITICAL,
    });
  });

  test('creates the two alarms itself when the endpoint has automatic rollback turned off', () => {
    const { pack: own, template: ownTemplate } = endpointPack({ rollout: { autoRollback: false } });
    expect(paths(own.rollbackAlarms)).toEqual([]);
    expect(ids(own.criticalAlarms)).toEqual(['ErrorRate', 'Latency']);
    expect(alarmNames(ownTemplate)).toEqual(namesOf(INSTANCE_ALARMS));
  });
});

describe('alarm descriptions', () => {
  const { stack, pack, template } = endpointPack({}, { tunings: { noInvocations: { enabled: true } } });
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

  test('point the 5XX alarm at the endpoint’s log group', () => {
    expect(alarmProps(template, 'rollback-5xx-rate').AlarmDescription).toContain(
      `First: look for model errors in the endpoint logs (/aws/sagemaker/Endpoints/${ENDPOINT}).`,
    );
  });
});

describe('without a name prefix', () => {
  const { template } = standalonePack({ alarmNamePrefix: undefined });

  test('leaves alarm names to CloudFormation', () => {
    template.resourcePropertiesCountIs(ALARM, { AlarmName: Match.absent() }, INSTANCE_ALARMS.length);
  });
});

describe('AwsSolutions checks', () => {
  test('find nothing unacknowledged in a stack with an endpoint, its pack and an encrypted alarm topic', () => {
    const { stack, endpoint } = endpointStack({ autoScaling: { minCapacity: 1, maxCapacity: 4 } });
    const warnings = new AlarmTopic(stack, 'Warnings');
    const critical = new AlarmTopic(stack, 'Critical');
    const pack = SageMakerAlarmPack.ofEndpoint(stack, 'Alarms', endpoint, {
      alarmNamePrefix: PREFIX,
      warningActions: [new actions.SnsAction(warnings.topic)],
      criticalActions: [new actions.SnsAction(critical.topic)],
      tunings: { noInvocations: { enabled: true } },
    });
    const app = stack.node.root as ReturnType<typeof newApp>;
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
    // The same rules over the pack alone: no finding there, and none acknowledged away either.
    expect(new AwsSolutionsChecks().validateScope(pack).violations).toEqual([]);
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });
});
