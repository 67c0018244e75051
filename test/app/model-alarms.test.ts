import { CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { stringify } from 'yaml';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { EnvironmentStage } from '../../lib/app/environment-stage';
import { ModelStack } from '../../lib/app/model-stack';
import { parseDeploymentConfig } from '../../lib/config';
import { LambdaInference } from '../../lib/constructs/lambda/inference';
import { SageMakerEndpoint } from '../../lib/constructs/sagemaker';
import { newApp, PROJECT_ROOT, UNIT_STAGES } from '../helpers/app';

// A SageMaker instance model and a Lambda model in two environments; prod pages and warns by email.
// Alarm tuning and custom alarms from the config, synthesized once through the deployment app.

const queueDepth = {
  name: 'queue-depth',
  namespace: 'Acme/Scoring',
  metricName: 'QueueDepth',
  dimensions: {
    service: '{model}',
    EndpointName: '{endpoint}',
    VariantName: '{variant}',
    Stage: '{environment}',
    Path: '{environment}/{model}',
  },
  statistic: 'p90',
  periodSeconds: 300,
  threshold: 100,
  comparison: 'GreaterThanOrEqualToThreshold',
  evaluationPeriods: 4,
  datapointsToAlarm: 2,
  treatMissingData: 'ignore',
  description: 'Requests wait in the scoring queue.',
  runbook: 'check the consumers of the queue.',
};

const staleFeatures = {
  name: 'stale-features',
  severity: 'critical',
  namespace: 'Acme/Features',
  metricName: 'FeatureAgeSeconds',
  dimensions: { service: '{model}' },
  statistic: 'Maximum',
  periodSeconds: 60,
  threshold: 3600,
  comparison: 'GreaterThanThreshold',
  evaluationPeriods: 5,
  treatMissingData: 'breaching',
  description: 'The feature store stopped refreshing.',
  runbook: 'restart the feature pipeline.',
};

const functionErrors = {
  name: 'live-errors',
  namespace: 'AWS/Lambda',
  metricName: 'Errors',
  dimensions: { FunctionName: '{function}', Resource: '{function}:live' },
  statistic: 'Sum',
  periodSeconds: 60,
  threshold: 1,
  comparison: 'LessThanThreshold',
  evaluationPeriods: 3,
  treatMissingData: 'notBreaching',
  description: 'Errors of the live alias.',
  runbook: 'read the function logs.',
};

const CONFIG = {
  project: 'acme',
  environments: {
    dev: {},
    prod: {
      notifications: {
        critical: { emails: ['oncall@example.com'] },
        warning: { emails: ['team@example.com'] },
      },
    },
  },
  models: {
    churn: {
      target: 'sagemaker',
      artifact: { path: 'models/iris/repository' },
      sagemaker: {
        alarms: {
          latencyP50: { maxMs: 50 },
          latencyP99: { maxMs: 200 },
          diskUtilization: { enabled: false },
        },
      },
      customAlarms: [queueDepth, staleFeatures],
      environments: { prod: { sagemaker: { alarms: { noInvocations: { enabled: true } } } } },
    },
    fraud: {
      target: 'lambda',
      artifact: { path: 'models/iris/repository/iris/1/model.onnx' },
      lambda: {
        alarms: {
          errorRate: { maxPercent: 2 },
          throttleRate: { severity: 'warning' },
          modelLoadTime: { maxMs: 5000, severity: 'critical' },
        },
      },
      customAlarms: [functionErrors],
    },
  },
};

const config = parseDeploymentConfig(stringify(CONFIG), 'deployments.yaml', { baseDir: PROJECT_ROOT });
const app = newApp();
const stages = addDeploymentStages(app, config, UNIT_STAGES);
app.synth();

const stage = (environment: string) => stages.find((s) => s.stageName === environment)!;
const modelStack = (environment: string, model: string) =>
  stage(environment).models.find((s) => s.node.id === model)!;
const templates = new Map<Stack, Template>();
const templateOf = (stack: Stack) => {
  if (!templates.has(stack)) templates.set(stack, Template.fromStack(stack));
  return templates.get(stack)!;
};

interface Resource {
  readonly Properties: Record<string, any>;
}

const alarmsOf = (stack: Stack): [string, Resource][] =>
  Object.entries(templateOf(stack).findResources('AWS::CloudWatch::Alarm')) as [string, Resource][];

/** The logical id and resource of the alarm with this physical name; fails the test when there is none. */
function alarmNamed(stack: Stack, name: string): [string, Resource] {
  const found = alarmsOf(stack).find(([, alarm]) => alarm.Properties.AlarmName === name);
  if (!found) throw new Error(`no alarm named ${name} in ${stack.node.path}`);
  return found;
}

const hasAlarmNamed = (stack: Stack, name: string) =>
  alarmsOf(stack).some(([, alarm]) => alarm.Properties.AlarmName === name);

/** Severity as the alarm factory writes it: the description leads with `[critical]` or `[warning]`. */
function severityOf(alarm: Resource): string {
  const description = alarm.Properties.AlarmDescription;
  const text = typeof description === 'string' ? description : description['Fn::Join'][1][0];
  const match = /^\[(critical|warning)\]/.exec(text);
  if (!match) throw new Error(`alarm ${alarm.Properties.AlarmName} does not say its severity`);
  return match[1];
}

const idsOfSeverity = (stack: Stack, severity: string) =>
  alarmsOf(stack)
    .filter(([, alarm]) => severityOf(alarm) === severity)
    .map(([id]) => id)
    .sort();

function healthAlarmOf(stack: Stack): Resource {
  const composites = Object.values(templateOf(stack).findResources('AWS::CloudWatch::CompositeAlarm'));
  expect(composites).toHaveLength(1);
  return composites[0] as Resource;
}

/** Logical ids of the alarms a composite alarm rule names, through their ARNs. */
function idsInRule(rule: unknown): string[] {
  const ids: string[] = [];
  JSON.stringify(rule, (key, value) => {
    if (key === 'Fn::GetAtt' && value[1] === 'Arn') ids.push(value[0]);
    return value;
  });
  return ids.sort();
}

const logicalIdOf = (stack: Stack, construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

/**
 * How a model stack refers to a topic of its environment's platform stack: the output the platform
 * stack publishes for it, read across stacks.
 */
function topicReference(platformStage: EnvironmentStage, severity: 'critical' | 'warning') {
  const platform = platformStage.platform;
  const topic = severity === 'critical' ? platform.alarmTopic.topic : platform.warningTopic.topic;
  const ref = { Ref: logicalIdOf(platform, topic) };
  const outputs = templateOf(platform).toJSON().Outputs as Record<string, { Value: unknown }>;
  const [outputName] = Object.entries(outputs).find(
    ([name, output]) =>
      name.startsWith('PublishOutput') && JSON.stringify(output.Value) === JSON.stringify(ref),
  )!;
  return {
    'Fn::GetStackOutput': {
      StackName: platform.stackName,
      Region: { Ref: 'AWS::Region' },
      OutputName: outputName,
    },
  };
}

const MODEL_STACKS = ['dev', 'prod'].flatMap((environment) =>
  ['churn', 'fraud'].map((model) => [environment, model] as const),
);

describe('custom alarms from the config', () => {
  test('a SageMaker custom alarm is named after the model and environment, with its placeholders filled', () => {
    const stack = modelStack('prod', 'churn');
    const [variant] = Object.values(templateOf(stack).findResources('AWS::SageMaker::EndpointConfig'))[0]
      .Properties.ProductionVariants;
    const [, alarm] = alarmNamed(stack, 'acme-churn-prod-custom-queue-depth');
    expect(alarm.Properties).toMatchObject({
      Namespace: 'Acme/Scoring',
      MetricName: 'QueueDepth',
      ExtendedStatistic: 'p90',
      Period: 300,
      Threshold: 100,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 4,
      DatapointsToAlarm: 2,
      TreatMissingData: 'ignore',
      AlarmDescription:
        '[warning] Requests wait in the scoring queue. First: check the consumers of the queue.',
    });
    expect(alarm.Properties.Statistic).toBeUndefined();
    expect(alarm.Properties.Dimensions).toEqual(
      expect.arrayContaining([
        { Name: 'service', Value: 'churn' },
        { Name: 'EndpointName', Value: 'acme-churn-prod' },
        { Name: 'VariantName', Value: variant.VariantName },
        { Name: 'Stage', Value: 'prod' },
        { Name: 'Path', Value: 'prod/churn' },
      ]),
    );
    expect(alarm.Properties.Dimensions).toHaveLength(5);
    expect(variant.VariantName).toBe(
      stack.node.children.find((c): c is SageMakerEndpoint => c instanceof SageMakerEndpoint)!.variantName,
    );
  });

  test('the same custom alarm in another environment takes that environment’s names', () => {
    const [, alarm] = alarmNamed(modelStack('dev', 'churn'), 'acme-churn-dev-custom-queue-depth');
    expect(alarm.Properties.Dimensions).toEqual(
      expect.arrayContaining([
        { Name: 'EndpointName', Value: 'acme-churn-dev' },
        { Name: 'Stage', Value: 'dev' },
        { Name: 'Path', Value: 'dev/churn' },
      ]),
    );
  });

  test('{function} becomes a reference to the model’s function, alone or inside a value', () => {
    const stack = modelStack('prod', 'fraud');
    const inference = stack.node.children.find((c): c is LambdaInference => c instanceof LambdaInference)!;
    const functionRef = { Ref: logicalIdOf(stack, inference.function) };
    const [, alarm] = alarmNamed(stack, 'acme-fraud-prod-custom-live-errors');
    expect(alarm.Properties.Dimensions).toEqual([
      { Name: 'FunctionName', Value: functionRef },
      { Name: 'Resource', Value: { 'Fn::Join': ['', [functionRef, ':live']] } },
    ]);
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Statistic: 'Sum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: 3,
      // Not configured: every evaluated period must breach.
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
    });
  });

  test('a custom alarm without a severity is a warning and notifies the warning topic', () => {
    for (const [name, model] of [
      ['acme-churn-prod-custom-queue-depth', 'churn'],
      ['acme-fraud-prod-custom-live-errors', 'fraud'],
    ]) {
      const [, alarm] = alarmNamed(modelStack('prod', model), name);
      expect(alarm.Properties.AlarmActions).toEqual([topicReference(stage('prod'), 'warning')]);
      expect(alarm.Properties.OKActions).toBeUndefined();
    }
  });

  test('a critical custom alarm notifies no one itself: it rolls up into the model’s health alarm', () => {
    const stack = modelStack('prod', 'churn');
    const [id, alarm] = alarmNamed(stack, 'acme-churn-prod-custom-stale-features');
    expect(alarm.Properties).toMatchObject({
      Namespace: 'Acme/Features',
      MetricName: 'FeatureAgeSeconds',
      Dimensions: [{ Name: 'service', Value: 'churn' }],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 3600,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      TreatMissingData: 'breaching',
      AlarmDescription:
        '[critical] The feature store stopped refreshing. First: restart the feature pipeline.',
    });
    expect(alarm.Properties.AlarmActions).toBeUndefined();
    expect(alarm.Properties.OKActions).toBeUndefined();
    expect(idsInRule(healthAlarmOf(stack).Properties.AlarmRule)).toContain(id);
  });

  test('the pack lists the custom alarms with their severities', () => {
    const stack = modelStack('prod', 'churn');
    const ids = (alarms: readonly { node: { defaultChild?: unknown } }[]) =>
      alarms.map((alarm) => logicalIdOf(stack, alarm));
    const [queueId] = alarmNamed(stack, 'acme-churn-prod-custom-queue-depth');
    const [staleId] = alarmNamed(stack, 'acme-churn-prod-custom-stale-features');
    expect(ids(stack.alarmPack.warningAlarms)).toContain(queueId);
    expect(ids(stack.alarmPack.criticalAlarms)).toContain(staleId);
    expect(ids(stack.alarmPack.criticalAlarms)).not.toContain(queueId);
  });
});

describe('alarm tuning from the config', () => {
  test('a tuned SageMaker latency reaches the template in the metric’s microseconds', () => {
    for (const environment of ['dev', 'prod']) {
      const stack = modelStack(environment, 'churn');
      expect(alarmNamed(stack, `acme-churn-${environment}-p50-latency`)[1].Properties.Threshold).toBe(50000);
      expect(
        alarmNamed(stack, `acme-churn-${environment}-rollback-p99-latency`)[1].Properties.Threshold,
      ).toBe(200000);
    }
  });

  test('untuned alarms keep the catalog’s defaults', () => {
    const stack = modelStack('prod', 'churn');
    expect(alarmNamed(stack, 'acme-churn-prod-rollback-5xx-rate')[1].Properties.Threshold).toBe(1);
    expect(alarmNamed(stack, 'acme-churn-prod-4xx-rate')[1].Properties.Threshold).toBe(5);
    expect(alarmNamed(stack, 'acme-churn-prod-p99-overhead-latency')[1].Properties.Threshold).toBe(100000);
  });

  test('the opt-in no-invocations alarm exists only in the environment that turns it on, as a critical alarm', () => {
    expect(hasAlarmNamed(modelStack('dev', 'churn'), 'acme-churn-dev-no-invocations')).toBe(false);
    const stack = modelStack('prod', 'churn');
    const [id, alarm] = alarmNamed(stack, 'acme-churn-prod-no-invocations');
    expect(alarm.Properties).toMatchObject({
      MetricName: 'Invocations',
      Period: 900,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
    expect(severityOf(alarm)).toBe('critical');
    expect(idsInRule(healthAlarmOf(stack).Properties.AlarmRule)).toContain(id);
  });

  test('an alarm turned off in the config is not created', () => {
    for (const environment of ['dev', 'prod']) {
      const stack = modelStack(environment, 'churn');
      expect(hasAlarmNamed(stack, `acme-churn-${environment}-disk-utilization`)).toBe(false);
      expect(hasAlarmNamed(stack, `acme-churn-${environment}-memory-utilization`)).toBe(true);
    }
  });

  test('tuned Lambda thresholds and severities reach the template', () => {
    const stack = modelStack('prod', 'fraud');
    const rule = idsInRule(healthAlarmOf(stack).Properties.AlarmRule);
    expect(alarmNamed(stack, 'acme-fraud-prod-rollback-error-rate')[1].Properties.Threshold).toBe(2);

    const [loadId, load] = alarmNamed(stack, 'acme-fraud-prod-model-load-time');
    expect(load.Properties.Threshold).toBe(5000);
    expect(severityOf(load)).toBe('critical');
    expect(load.Properties.AlarmActions).toBeUndefined();
    expect(rule).toContain(loadId);

    const [throttleId, throttle] = alarmNamed(stack, 'acme-fraud-prod-throttle-rate');
    expect(severityOf(throttle)).toBe('warning');
    expect(throttle.Properties.AlarmActions).toEqual([topicReference(stage('prod'), 'warning')]);
    expect(rule).not.toContain(throttleId);
  });
});

describe('the model health alarm', () => {
  test.each(MODEL_STACKS)(
    '%s/%s: rolls up exactly the model’s critical alarms and pages the critical topic',
    (environment, model) => {
      const stack: ModelStack = modelStack(environment, model);
      const health = healthAlarmOf(stack);
      expect(health.Properties.AlarmName).toBe(`acme-${model}-${environment}-health`);

      const rule = idsInRule(health.Properties.AlarmRule);
      const critical = idsOfSeverity(stack, 'critical');
      expect(critical.length).toBeGreaterThanOrEqual(3);
      expect(rule).toEqual(critical);
      expect(rule).toEqual(stack.alarmPack.criticalAlarms.map((alarm) => logicalIdOf(stack, alarm)).sort());
      expect(JSON.stringify(health.Properties.AlarmRule)).toMatch(/^\{"Fn::Join":\["",\["\(ALARM\(\\"/);

      const page = [topicReference(stage(environment), 'critical')];
      expect(health.Properties.AlarmActions).toEqual(page);
      expect(health.Properties.OKActions).toEqual(page);
      expect(page[0]['Fn::GetStackOutput'].StackName).toBe(`acme-${environment}-platform`);
    },
  );

  test('the critical and warning topics are distinct outputs of the platform stack', () => {
    const critical = topicReference(stage('prod'), 'critical')['Fn::GetStackOutput'].OutputName;
    const warning = topicReference(stage('prod'), 'warning')['Fn::GetStackOutput'].OutputName;
    expect(critical).toMatch(/CriticalAlarmsTopic/);
    expect(warning).toMatch(/WarningAlarmsTopic/);
    const subscriptions = templateOf(stage('prod').platform).findResources('AWS::SNS::Subscription');
    expect(Object.values(subscriptions).map((s: any) => s.Properties)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Protocol: 'email', Endpoint: 'oncall@example.com' }),
        expect.objectContaining({ Protocol: 'email', Endpoint: 'team@example.com' }),
      ]),
    );
  });

  test.each(MODEL_STACKS)(
    '%s/%s: every critical alarm stays silent, every warning notifies only the warning topic',
    (environment, model) => {
      const stack = modelStack(environment, model);
      const warn = [topicReference(stage(environment), 'warning')];
      for (const [, alarm] of alarmsOf(stack)) {
        if (severityOf(alarm) === 'critical') expect(alarm.Properties.AlarmActions).toBeUndefined();
        else expect(alarm.Properties.AlarmActions).toEqual(warn);
      }
      expect(idsOfSeverity(stack, 'warning').length).toBeGreaterThan(0);
    },
  );

  test('every alarm of a model stack belongs to its pack', () => {
    for (const [environment, model] of MODEL_STACKS) {
      const stack = modelStack(environment, model);
      const packed = stack.alarmPack.alarms.map((member) => logicalIdOf(stack, member.alarm)).sort();
      expect(
        alarmsOf(stack)
          .map(([id]) => id)
          .sort(),
      ).toEqual(packed);
    }
  });

  test('alarm names are unique across the environment', () => {
    for (const environment of ['dev', 'prod']) {
      const names = stage(environment).models.flatMap((stack) =>
        alarmsOf(stack).map(([, alarm]) => alarm.Properties.AlarmName as string),
      );
      expect(new Set(names).size).toBe(names.length);
      expect(names.every((name) => name.startsWith('acme-'))).toBe(true);
    }
  });
});

test('each environment’s custom alarms notify that environment’s warning topic', () => {
  for (const [environment, model] of MODEL_STACKS) {
    const name =
      model === 'churn'
        ? `acme-churn-${environment}-custom-queue-depth`
        : `acme-fraud-${environment}-custom-live-errors`;
    templateOf(modelStack(environment, model)).hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: name,
      AlarmActions: [
        Match.objectLike({
          'Fn::GetStackOutput': Match.objectLike({ StackName: `acme-${environment}-platform` }),
        }),
      ],
    });
  }
});
