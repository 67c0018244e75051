import { Stack, TimeZone } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-applicationautoscaling';
import {
  ComponentCopyScaling,
  ContainerImage,
  InferenceComponentEndpoint,
} from '../../../lib/constructs/sagemaker';
import { newApp } from '../../helpers/app';
import { MODEL_DATA } from './support';

/** A dev component that keeps one copy by day and may fall to zero copies from 19:00 Paris time. */
const WORKING_HOURS: ComponentCopyScaling = {
  minCopies: 1,
  maxCopies: 2,
  schedules: [
    {
      name: 'after-hours',
      schedule: Schedule.expression('cron(0 19 ? * MON-FRI *)'),
      minCopies: 0,
      maxCopies: 2,
      timeZone: TimeZone.EUROPE_PARIS,
    },
    {
      name: 'working-hours',
      schedule: Schedule.expression('cron(0 8 ? * MON-FRI *)'),
      minCopies: 1,
      maxCopies: 2,
      timeZone: TimeZone.EUROPE_PARIS,
    },
  ],
};

function build(scaling: ComponentCopyScaling) {
  const stack = new Stack(newApp(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  new InferenceComponentEndpoint(stack, 'Shared', {
    endpointName: 'acme-shared-dev',
    instanceType: 'ml.m5.xlarge',
    initialInstanceCount: 1,
    minInstances: 0,
    maxInstances: 2,
    components: [
      {
        name: 'acme-iris-dev',
        image: ContainerImage.fromEcrUri('222222222222.dkr.ecr.eu-west-1.amazonaws.com/serving:1'),
        modelData: MODEL_DATA,
        minMemoryMb: 1024,
        copyCount: 1,
        scaling,
      },
    ],
  });
  return Template.fromStack(stack);
}

describe('copy schedules', () => {
  const template = build(WORKING_HOURS);

  test('are scheduled actions on the copy-count scalable target, named after the component', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: 'inference-component/acme-iris-dev',
      ScalableDimension: 'sagemaker:inference-component:DesiredCopyCount',
      MinCapacity: 1,
      MaxCapacity: 2,
      ScheduledActions: [
        {
          ScheduledActionName: 'acme-iris-dev-after-hours',
          Schedule: 'cron(0 19 ? * MON-FRI *)',
          Timezone: 'Europe/Paris',
          ScalableTargetAction: { MinCapacity: 0, MaxCapacity: 2 },
        },
        {
          ScheduledActionName: 'acme-iris-dev-working-hours',
          Schedule: 'cron(0 8 ? * MON-FRI *)',
          Timezone: 'Europe/Paris',
          ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 2 },
        },
      ],
    });
  });

  test('a schedule down to zero copies brings the wake-up on NoCapacityInvocationFailures, though minCopies is 1', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyName: 'acme-iris-dev-from-zero',
      PolicyType: 'StepScaling',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-iris-dev-no-capacity',
      MetricName: 'NoCapacityInvocationFailures',
    });
  });

  test('schedules that never reach zero bring no wake-up', () => {
    const always = build({ ...WORKING_HOURS, schedules: [WORKING_HOURS.schedules![1]] });
    always.resourcePropertiesCountIs(
      'AWS::ApplicationAutoScaling::ScalingPolicy',
      { PolicyType: 'StepScaling' },
      0,
    );
  });
});

describe('copy schedule rules', () => {
  const rejection = (scaling: ComponentCopyScaling) => {
    try {
      build(scaling);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected a rejection');
  };

  test('refuses a schedule whose minimum is above its maximum', () => {
    const [night] = WORKING_HOURS.schedules!;
    expect(rejection({ ...WORKING_HOURS, schedules: [{ ...night, minCopies: 3 }] })).toContain(
      'components.0.scaling.schedules.0.minCopies 3 must be between 0 and components.0.scaling.schedules.0.maxCopies (2), which is at least 1',
    );
  });

  test('refuses two schedules of one name', () => {
    const [night] = WORKING_HOURS.schedules!;
    expect(rejection({ ...WORKING_HOURS, schedules: [night, night] })).toContain(
      'components.0.scaling.schedules.1.name "after-hours" names another schedule of the component',
    );
  });
});
