import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  ContainerImage,
  InferenceComponentEndpoint,
  InferenceComponentRollout,
  InferenceComponentSpec,
} from '../../../lib/constructs/sagemaker';
import { newApp } from '../../helpers/app';
import { MODEL_DATA } from './support';

const IRIS: InferenceComponentSpec = {
  name: 'acme-iris-prod',
  image: ContainerImage.fromEcrUri('222222222222.dkr.ecr.eu-west-1.amazonaws.com/serving:1'),
  modelData: MODEL_DATA,
  minMemoryMb: 1024,
  copyCount: 4,
};

/** An alarm named like the component's pack names its 5XX-rate alarm. */
function namedAlarm(stack: Stack, id: string, alarmName?: string): cloudwatch.Alarm {
  return new cloudwatch.Alarm(stack, id, {
    alarmName,
    metric: new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors' }),
    threshold: 1,
    evaluationPeriods: 1,
  });
}

function build(
  rollout: (stack: Stack) => InferenceComponentRollout,
  spec: Partial<InferenceComponentSpec> = {},
) {
  const stack = new Stack(newApp(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  const endpoint = new InferenceComponentEndpoint(stack, 'Shared', {
    endpointName: 'acme-shared-prod',
    instanceType: 'ml.m5.xlarge',
    initialInstanceCount: 1,
    minInstances: 1,
    maxInstances: 3,
    components: [{ ...IRIS, ...spec, rollout: rollout(stack) }],
  });
  return { stack, endpoint, template: Template.fromStack(stack) };
}

function rejection(
  rollout: (stack: Stack) => InferenceComponentRollout,
  spec: Partial<InferenceComponentSpec> = {},
) {
  try {
    build(rollout, spec);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a rejection');
}

describe('a rolling update of an inference component', () => {
  const { template } = build((stack) => ({
    batchSize: { copies: 1 },
    bakeTime: Duration.minutes(5),
    rollbackAlarms: [
      namedAlarm(stack, 'Errors', 'acme-iris-prod-5xx-rate'),
      cloudwatch.Alarm.fromAlarmName(stack, 'Latency', 'acme-iris-prod-p99-latency'),
    ],
  }));

  test('replaces one copy per step, bakes 5 minutes, and rolls back in the same steps on the named alarms', () => {
    template.hasResourceProperties('AWS::SageMaker::InferenceComponent', {
      DeploymentConfig: {
        RollingUpdatePolicy: {
          MaximumBatchSize: { Type: 'COPY_COUNT', Value: 1 },
          RollbackMaximumBatchSize: { Type: 'COPY_COUNT', Value: 1 },
          WaitIntervalInSeconds: 300,
          // 4 steps × 5 minutes + 30 minutes for starting copies.
          MaximumExecutionTimeoutInSeconds: 3000,
        },
        AutoRollbackConfiguration: {
          Alarms: [{ AlarmName: 'acme-iris-prod-5xx-rate' }, { AlarmName: 'acme-iris-prod-p99-latency' }],
        },
      },
    });
  });

  test('names the alarms as strings: the component does not wait for the alarms that watch it', () => {
    const [component] = Object.values(template.findResources('AWS::SageMaker::InferenceComponent'));
    expect(component.DependsOn ?? []).toEqual(expect.not.arrayContaining([expect.stringMatching(/^Errors/)]));
    expect(JSON.stringify(component.Properties.DeploymentConfig)).not.toContain('Ref');
  });

  test('lets the execution role read the alarms’ state by ARN, built from their names', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: 'cloudwatch:DescribeAlarms',
            Resource: [
              'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:acme-iris-prod-5xx-rate',
              'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:acme-iris-prod-p99-latency',
            ],
          },
        ]),
      },
    });
  });
});

test('defaults to a quarter of the copies per step, 10-minute bakes and no alarm rollback', () => {
  const { template } = build(() => ({}));
  template.hasResourceProperties('AWS::SageMaker::InferenceComponent', {
    DeploymentConfig: {
      RollingUpdatePolicy: {
        MaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 25 },
        RollbackMaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 25 },
        WaitIntervalInSeconds: 600,
        MaximumExecutionTimeoutInSeconds: 4200,
      },
      AutoRollbackConfiguration: Match.absent(),
    },
  });
});

test('a component without a rollout leaves the update to SageMaker: no DeploymentConfig', () => {
  const stack = new Stack(newApp(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  new InferenceComponentEndpoint(stack, 'Shared', {
    endpointName: 'acme-shared-prod',
    instanceType: 'ml.m5.xlarge',
    initialInstanceCount: 1,
    minInstances: 1,
    maxInstances: 3,
    components: [IRIS],
  });
  Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::InferenceComponent', {
    DeploymentConfig: Match.absent(),
  });
});

describe('rolling update rules', () => {
  test('refuses a batch of more than half the copies', () => {
    expect(rejection(() => ({ batchSize: { copies: 3 } }))).toContain(
      'components.0.rollout.batchSize 3 copies are 75% of the 4 copies (components.0.copyCount); SageMaker takes a batch of 5% to 50% of the copy count, so at most 2 here',
    );
  });

  test('refuses a batch of copies for a component of one copy', () => {
    expect(rejection(() => ({ batchSize: { copies: 1 } }), { copyCount: 1 })).toContain(
      'so a batch of copies needs at least 2 copies; give a percent instead',
    );
  });

  test('refuses a rollback batch outside 5–50 %', () => {
    expect(rejection(() => ({ rollbackBatchSize: { percent: 60 } }))).toContain(
      'components.0.rollout.rollbackBatchSize 60% must be a whole percent from 5 to 50',
    );
  });

  test('refuses a bake longer than an hour', () => {
    expect(rejection(() => ({ bakeTime: Duration.minutes(61) }))).toContain(
      'components.0.rollout.bakeTime 3660s must be between 0 s and 3600 s (60 min)',
    );
  });

  test('refuses a timeout that ends before the baking periods', () => {
    expect(
      rejection(() => ({ bakeTime: Duration.minutes(30), maximumExecutionTimeout: Duration.minutes(100) })),
    ).toContain(
      "components.0.rollout.maximumExecutionTimeout 6000s must be longer than the update's baking periods: 4 steps × components.0.rollout.bakeTime = 7200 s (120 min)",
    );
  });

  test('refuses more than 10 rollback alarms', () => {
    const message = rejection((stack) => ({
      rollbackAlarms: Array.from({ length: 11 }, (_, i) =>
        cloudwatch.Alarm.fromAlarmName(stack, `A${i}`, `a-${i}`),
      ),
    }));
    expect(message).toContain('components.0.rollout.rollbackAlarms 11 must be at most 10 alarms');
  });

  test('refuses an alarm whose name CloudFormation generates', () => {
    expect(rejection((stack) => ({ rollbackAlarms: [namedAlarm(stack, 'Unnamed')] }))).toContain(
      'components.0.rollout.rollbackAlarms.0 needs a fixed alarmName',
    );
  });
});
