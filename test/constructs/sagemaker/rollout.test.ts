import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { endpointStack, rejection, SERVERLESS_PROPS } from './support';

const deploymentConfig = (overrides: Parameters<typeof endpointStack>[0]) =>
  Template.fromStack(endpointStack(overrides).stack).findResources('AWS::SageMaker::Endpoint');
const onlyEndpoint = (resources: Record<string, any>) =>
  Object.values(resources)[0].Properties.DeploymentConfig;

describe('blue/green rollouts', () => {
  test('canary shifts a share of capacity, bakes, and rolls back on the endpoint’s alarms', () => {
    const config = onlyEndpoint(
      deploymentConfig({
        rollout: { strategy: 'canary', canarySize: { percent: 10 }, bakeTime: Duration.minutes(10) },
      }),
    );
    expect(config).toEqual({
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: {
          Type: 'CANARY',
          CanarySize: { Type: 'CAPACITY_PERCENT', Value: 10 },
          WaitIntervalInSeconds: 600,
        },
        TerminationWaitInSeconds: 0,
        // 2 bakes of 10 minutes + 30 minutes to provision the new fleet.
        MaximumExecutionTimeoutInSeconds: 3000,
      },
      AutoRollbackConfiguration: {
        Alarms: [
          { AlarmName: { Ref: expect.stringMatching(/RollbackAlarmsErrorRate/) } },
          { AlarmName: { Ref: expect.stringMatching(/RollbackAlarmsLatency/) } },
        ],
      },
    });
  });

  test('canary can be sized in instances', () => {
    const config = onlyEndpoint(
      deploymentConfig({
        instance: { instanceType: 'ml.c5.xlarge', initialInstanceCount: 4 },
        rollout: { strategy: 'canary', canarySize: { instances: 1 } },
      }),
    );
    expect(config.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize).toEqual({
      Type: 'INSTANCE_COUNT',
      Value: 1,
    });
  });

  test('linear shifts equal steps, baking after each', () => {
    const config = onlyEndpoint(
      deploymentConfig({
        rollout: {
          strategy: 'linear',
          linearStepSize: { percent: 25 },
          bakeTime: Duration.minutes(5),
          terminationWait: Duration.minutes(5),
        },
      }),
    );
    expect(config.BlueGreenUpdatePolicy).toEqual({
      TrafficRoutingConfiguration: {
        Type: 'LINEAR',
        LinearStepSize: { Type: 'CAPACITY_PERCENT', Value: 25 },
        WaitIntervalInSeconds: 300,
      },
      TerminationWaitInSeconds: 300,
      // 4 steps × 5 minutes + 5 minutes termination wait + 30 minutes provisioning.
      MaximumExecutionTimeoutInSeconds: 3300,
    });
  });

  test('all at once still bakes under the rollback alarms before the old fleet goes', () => {
    const config = onlyEndpoint(deploymentConfig({}));
    expect(config.BlueGreenUpdatePolicy.TrafficRoutingConfiguration).toEqual({
      Type: 'ALL_AT_ONCE',
      WaitIntervalInSeconds: 600,
    });
    expect(config.AutoRollbackConfiguration.Alarms).toHaveLength(2);
  });

  test('an explicit execution timeout is used as given', () => {
    const config = onlyEndpoint(
      deploymentConfig({ rollout: { strategy: 'allAtOnce', maximumExecutionTimeout: Duration.hours(2) } }),
    );
    expect(config.BlueGreenUpdatePolicy.MaximumExecutionTimeoutInSeconds).toBe(7200);
  });

  test('without auto rollback there are no rollback alarms', () => {
    const { stack } = endpointStack({ rollout: { autoRollback: false } });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.hasResourceProperties('AWS::SageMaker::Endpoint', {
      DeploymentConfig: { AutoRollbackConfiguration: Match.absent() },
    });
  });
});

describe('rolling rollouts', () => {
  test('replace the fleet in batches and roll back in batches of the same size', () => {
    const config = onlyEndpoint(
      deploymentConfig({
        instance: { instanceType: 'ml.c5.xlarge', initialInstanceCount: 8 },
        rollout: { strategy: 'rolling', rollingBatchSize: { percent: 25 }, bakeTime: Duration.minutes(5) },
      }),
    );
    expect(config.RollingUpdatePolicy).toEqual({
      MaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 25 },
      RollbackMaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 25 },
      WaitIntervalInSeconds: 300,
      MaximumExecutionTimeoutInSeconds: 3000,
    });
    expect(config.BlueGreenUpdatePolicy).toBeUndefined();
  });
});

describe('rollout rules', () => {
  const serverless = SERVERLESS_PROPS;

  test.each([
    [
      'a canary over half the fleet',
      { rollout: { strategy: 'canary', canarySize: { percent: 60 } } },
      'canarySize 60% must be between 1% and 50% of the fleet',
    ],
    [
      'a canary of more instances than half the fleet',
      {
        rollout: { strategy: 'canary', canarySize: { instances: 2 } },
        instance: { instanceType: 'ml.c5.xlarge', initialInstanceCount: 3 },
      },
      'rollout.canarySize 2 instances are 67% of the fleet of 3 (instance.initialInstanceCount); allowed: 1% to 50% of the fleet',
    ],
    [
      'a linear step under 10 %',
      { rollout: { strategy: 'linear', linearStepSize: { percent: 5 } } },
      'linearStepSize 5% must be between 10% and 50% of the fleet',
    ],
    [
      'a linear step over 50 %',
      { rollout: { strategy: 'linear', linearStepSize: { percent: 75 } } },
      'linearStepSize 75% must be between 10% and 50% of the fleet',
    ],
    [
      'a rolling batch under 5 %',
      { rollout: { strategy: 'rolling', rollingBatchSize: { percent: 2 } } },
      'rollingBatchSize 2% must be between 5% and 50% of the fleet',
    ],
    [
      'a bake over an hour',
      { rollout: { strategy: 'canary', bakeTime: Duration.minutes(61) } },
      'rollout.bakeTime 3660s must be between 0 s and 3600 s (60 min)',
    ],
    [
      'a termination wait over an hour',
      { rollout: { strategy: 'allAtOnce', terminationWait: Duration.minutes(90) } },
      'rollout.terminationWait 5400s must be between 0 s and 3600 s (60 min)',
    ],
    [
      'a timeout under 10 minutes',
      { rollout: { strategy: 'allAtOnce', maximumExecutionTimeout: Duration.minutes(5) } },
      'rollout.maximumExecutionTimeout 300s must be between 600 s (10 min) and 28800 s (480 min)',
    ],
    [
      'a timeout over 8 hours',
      { rollout: { strategy: 'allAtOnce', maximumExecutionTimeout: Duration.hours(9) } },
      'rollout.maximumExecutionTimeout 32400s must be between 600 s (10 min) and 28800 s (480 min)',
    ],
    [
      'a timeout shorter than the waits',
      {
        rollout: {
          strategy: 'linear',
          linearStepSize: { percent: 10 },
          bakeTime: Duration.minutes(10),
          maximumExecutionTimeout: Duration.minutes(60),
        },
      },
      "rollout.maximumExecutionTimeout 3600s must be longer than the rollout's waits: 10 × rollout.bakeTime + rollout.terminationWait = 6000 s (100 min)",
    ],
    [
      'waits longer than the 8-hour deployment limit, with no timeout given',
      { rollout: { strategy: 'linear', linearStepSize: { percent: 10 }, bakeTime: Duration.minutes(60) } },
      'rollout.bakeTime 3600s makes the rollout wait 10 × rollout.bakeTime + rollout.terminationWait = 36000 s (600 min); SageMaker ends a deployment after at most 28800 s (480 min): bake for less time or take larger steps',
    ],
    [
      'a canary on a serverless endpoint',
      { ...serverless, rollout: { strategy: 'canary' } },
      'rollout.strategy "canary" is not available for serverless endpoints (SageMaker offers no deployment guardrails there); use allAtOnce',
    ],
    [
      'a rolling update on a serverless endpoint',
      { ...serverless, rollout: { strategy: 'rolling' } },
      'rollout.strategy "rolling" is not available for serverless endpoints',
    ],
  ] as [string, any, string][])('rejects %s', (_name, props, message) => {
    expect(rejection(props)).toContain(message);
  });

  test('all problems are reported together, naming the construct', () => {
    const message = rejection({
      endpointName: 'bad_name',
      rollout: { strategy: 'linear', linearStepSize: { percent: 5 }, bakeTime: Duration.hours(2) },
    });
    expect(message).toMatch(/^Invalid SageMakerEndpoint Test\/Churn:\n - /);
    expect(message).toContain(
      'endpointName "bad_name" is 8 characters; SageMaker allows 1–63 letters, digits and hyphens',
    );
    expect(message).toContain('linearStepSize 5%');
    expect(message).toContain('bakeTime 7200s');
  });
});
