import { Duration, Tags, TimeZone } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-applicationautoscaling';
import {
  ContainerImage,
  GUARD_FUNCTION_TIMEOUT,
  GUARD_SERVICE_TIMEOUT,
} from '../../../lib/constructs/sagemaker';
import { GUARD_TYPE, POLICIES_TYPE } from '../../../lambda/scaling-guard/index';
import { endpointStack, rejection, SERVERLESS_PROPS } from './support';

const SCALING = { minCapacity: 2, maxCapacity: 6, targetInvocationsPerInstance: 750 };

describe('autoscaling an instance variant', () => {
  const { stack } = endpointStack({ autoScaling: SCALING });
  const template = Template.fromStack(stack);
  const logicalId = (type: string, pattern: RegExp) =>
    Object.keys(template.findResources(type)).find((id) => pattern.test(id))!;

  test('registers the variant after the endpoint exists', () => {
    template.hasResource('AWS::ApplicationAutoScaling::ScalableTarget', {
      Properties: {
        ServiceNamespace: 'sagemaker',
        ResourceId: 'endpoint/acme-churn-prod/variant/AllTraffic',
        ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
        MinCapacity: 2,
        MaxCapacity: 6,
        RoleARN:
          'arn:aws:iam::111111111111:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint',
      },
      DependsOn: Match.arrayWith([logicalId('AWS::SageMaker::Endpoint', /Endpoint/)]),
    });
  });

  test('tracks invocations per instance, in a policies resource that addresses policies by name', () => {
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 0);
    template.hasResource('Custom::EndpointScalingPolicies', {
      Properties: {
        ScalableTargetId: {
          ServiceNamespace: 'sagemaker',
          ResourceId: 'endpoint/acme-churn-prod/variant/AllTraffic',
          ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
        },
        Policies: [
          {
            PolicyName: 'acme-churn-prod-invocations-tracking',
            PolicyType: 'TargetTrackingScaling',
            TargetTrackingScalingPolicyConfiguration: {
              TargetValue: 750,
              PredefinedMetricSpecification: {
                PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance',
              },
              ScaleInCooldown: 300,
              ScaleOutCooldown: 60,
            },
          },
        ],
      },
      DependsOn: Match.arrayWith([
        logicalId('AWS::ApplicationAutoScaling::ScalableTarget', /ScalableTarget/),
      ]),
    });
  });

  test('keeps the autoscaled instance count across deploys', () => {
    template.hasResourceProperties('AWS::SageMaker::Endpoint', {
      RetainAllVariantProperties: true,
      ExcludeRetainedVariantProperties: [{ VariantPropertyType: 'DataCaptureConfig' }],
    });
  });

  test('orders guard, endpoint, guard, scalable target so an instance type change can deploy', () => {
    const before = logicalId('Custom::EndpointScalingGuard', /BeforeEndpointUpdate/);
    const after = logicalId('Custom::EndpointScalingGuard', /AfterEndpointUpdate/);
    const endpoint = logicalId('AWS::SageMaker::Endpoint', /Endpoint/);
    const target = logicalId('AWS::ApplicationAutoScaling::ScalableTarget', /ScalableTarget/);
    const dependsOn = (id: string) => template.toJSON().Resources[id].DependsOn as string[];
    expect(dependsOn(endpoint)).toContain(before);
    expect(dependsOn(after)).toContain(endpoint);
    expect(dependsOn(target)).toEqual(expect.arrayContaining([endpoint, after]));
  });

  test('gives both guards the instance type and the scaling they restore, in API names', () => {
    const guards = Object.values(template.findResources('Custom::EndpointScalingGuard'));
    expect(guards).toHaveLength(2);
    for (const guard of guards) {
      expect(stack.resolve(guard.Properties)).toMatchObject({
        EndpointName: 'acme-churn-prod',
        VariantName: 'AllTraffic',
        InstanceType: 'ml.c5.xlarge',
        ScalableTargetId: {
          ServiceNamespace: 'sagemaker',
          ResourceId: 'endpoint/acme-churn-prod/variant/AllTraffic',
          ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
        },
        Scaling: {
          ScalableTarget: {
            MinCapacity: 2,
            MaxCapacity: 6,
            RoleARN: expect.stringContaining('AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint'),
          },
          Policies: [
            {
              PolicyName: 'acme-churn-prod-invocations-tracking',
              PolicyType: 'TargetTrackingScaling',
              TargetTrackingScalingPolicyConfiguration: expect.objectContaining({ TargetValue: 750 }),
            },
          ],
          ScalableTargetLogicalId: logicalId('AWS::ApplicationAutoScaling::ScalableTarget', /ScalableTarget/),
        },
      });
    }
  });

  test('passes the guards the tags CloudFormation gives the native target, to re-apply them', () => {
    const { stack: tagged } = endpointStack({ autoScaling: SCALING });
    Tags.of(tagged).add('project', 'acme');
    Tags.of(tagged).add('environment', 'prod');
    const resources = Template.fromStack(tagged);
    const [target] = Object.values(resources.findResources('AWS::ApplicationAutoScaling::ScalableTarget'));
    expect(target.Properties.Tags).toEqual([
      { Key: 'environment', Value: 'prod' },
      { Key: 'project', Value: 'acme' },
    ]);
    for (const guard of Object.values(resources.findResources('Custom::EndpointScalingGuard'))) {
      expect(guard.Properties.Scaling.ScalableTarget.Tags).toEqual({ environment: 'prod', project: 'acme' });
    }
  });

  test('bounds how long CloudFormation waits for the guard function, beyond a run and its retry', () => {
    const timeouts = [
      ...Object.values(template.findResources('Custom::EndpointScalingGuard')),
      ...Object.values(template.findResources('Custom::EndpointScalingPolicies')),
    ].map((resource) => resource.Properties.ServiceTimeout);
    expect(timeouts).toEqual(['300', '300', '300']);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Timeout: GUARD_FUNCTION_TIMEOUT.toSeconds(),
    });
    expect(GUARD_SERVICE_TIMEOUT.toSeconds()).toBeGreaterThan(
      2 * GUARD_FUNCTION_TIMEOUT.toSeconds() + 60 - 1,
    );
  });

  test('declares the resource types the guard function serves', () => {
    template.resourceCountIs(GUARD_TYPE, 2);
    template.resourceCountIs(POLICIES_TYPE, 1);
  });

  test('runs the guard on a current Node.js runtime with permissions for this endpoint', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
    });
    const statements = JSON.stringify(
      Object.values(template.findResources('AWS::IAM::Policy')).map((p) => p.Properties),
    );
    expect(statements).toContain('arn:aws:sagemaker:eu-west-1:111111111111:endpoint/acme-churn-prod');
    expect(statements).toContain('alarm:TargetTracking-endpoint/acme-churn-prod/*');
    expect(statements).toContain('cloudformation:DescribeStackResource');
    expect(statements).toContain('application-autoscaling:TagResource');
  });
});

describe('an instance variant without autoscaling', () => {
  const template = Template.fromStack(endpointStack().stack);

  test('keeps the guards, which only deregister before an instance type change, and no scaling resources', () => {
    const guards = Object.values(template.findResources('Custom::EndpointScalingGuard'));
    expect(guards.map((guard) => guard.Properties.Scaling)).toEqual([undefined, undefined]);
    expect(guards[0].Properties.ScalableTargetId).toEqual({
      ServiceNamespace: 'sagemaker',
      ResourceId: 'endpoint/acme-churn-prod/variant/AllTraffic',
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
    });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    template.resourceCountIs('Custom::EndpointScalingPolicies', 0);
  });
});

describe('scaling options', () => {
  const policies = (overrides: Parameters<typeof endpointStack>[0]) =>
    Object.values(
      Template.fromStack(endpointStack(overrides).stack).findResources('Custom::EndpointScalingPolicies'),
    ).flatMap((resource) => resource.Properties.Policies);

  test('can track concurrent requests per model on the high-resolution metric', () => {
    expect(
      policies({ autoScaling: { minCapacity: 1, maxCapacity: 4, targetConcurrentRequestsPerModel: 5 } }),
    ).toEqual([
      expect.objectContaining({
        PolicyName: 'acme-churn-prod-concurrency-tracking',
        TargetTrackingScalingPolicyConfiguration: expect.objectContaining({
          TargetValue: 5,
          PredefinedMetricSpecification: {
            PredefinedMetricType: 'SageMakerVariantConcurrentRequestsPerModelHighResolution',
          },
        }),
      }),
    ]);
  });

  test('normalizes a CPU target by the instance’s vCPUs (CPUUtilization runs to 100 × vCPUs)', () => {
    const [, cpu] = policies({ autoScaling: { ...SCALING, targetCpuUtilizationPercent: 70 } });
    expect(cpu.TargetTrackingScalingPolicyConfiguration).toEqual({
      TargetValue: 280,
      CustomizedMetricSpecification: {
        MetricName: 'CPUUtilization',
        Namespace: '/aws/sagemaker/Endpoints',
        Dimensions: [
          { Name: 'EndpointName', Value: 'acme-churn-prod' },
          { Name: 'VariantName', Value: 'AllTraffic' },
        ],
        Statistic: 'Average',
      },
      ScaleInCooldown: 300,
      ScaleOutCooldown: 60,
    });
  });

  test('tracks GPU utilization on GPU instances', () => {
    const [gpu] = policies({
      instance: { instanceType: 'ml.g5.xlarge', initialInstanceCount: 1 },
      autoScaling: {
        minCapacity: 1,
        maxCapacity: 2,
        targetGpuUtilizationPercent: 60,
        scaleInCooldown: Duration.minutes(10),
      },
    });
    expect(gpu.TargetTrackingScalingPolicyConfiguration).toMatchObject({
      TargetValue: 60,
      CustomizedMetricSpecification: { MetricName: 'GPUUtilization' },
      ScaleInCooldown: 600,
    });
  });

  test('adds scheduled changes of the range', () => {
    const { stack } = endpointStack({
      autoScaling: {
        ...SCALING,
        schedules: [
          {
            name: 'night',
            schedule: Schedule.expression('cron(0 20 * * ? *)'),
            minCapacity: 1,
            maxCapacity: 2,
            timeZone: TimeZone.EUROPE_PARIS,
          },
        ],
      },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScheduledActions: [
        {
          ScheduledActionName: 'acme-churn-prod-night',
          Schedule: 'cron(0 20 * * ? *)',
          Timezone: 'Europe/Paris',
          ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 2 },
        },
      ],
    });
  });

  test('renders every kind of schedule in Application Auto Scaling syntax, UTC without a time zone', () => {
    const at = (name: string, schedule: Schedule) => ({ name, schedule, minCapacity: 1, maxCapacity: 2 });
    const { stack } = endpointStack({
      autoScaling: {
        ...SCALING,
        schedules: [
          at('hourly', Schedule.rate(Duration.hours(1))),
          at('weekdays', Schedule.cron({ minute: '0', hour: '7', weekDay: 'MON-FRI' })),
          at('launch', Schedule.at(new Date(Date.UTC(2027, 0, 15, 8, 30)))),
        ],
      },
    });
    const target = Template.fromStack(stack).findResources('AWS::ApplicationAutoScaling::ScalableTarget');
    const actions = Object.values(target)[0].Properties.ScheduledActions;
    expect(actions.map((action: { Schedule: string }) => action.Schedule)).toEqual([
      'rate(1 hour)',
      'cron(0 7 ? * MON-FRI *)',
      'at(2027-01-15T08:30:00)',
    ]);
    expect(actions.every((action: object) => !('Timezone' in action))).toBe(true);
  });

  test('drops the invocations policy when targetInvocationsPerInstance is false, keeping the other targets', () => {
    const found = policies({
      autoScaling: { ...SCALING, targetInvocationsPerInstance: false, targetCpuUtilizationPercent: 70 },
    });
    expect(found.map((policy) => policy.PolicyName)).toEqual(['acme-churn-prod-cpu-tracking']);
  });

  test('scales on schedules alone when no target is tracked', () => {
    const night = {
      name: 'night',
      schedule: Schedule.expression('cron(0 20 * * ? *)'),
      minCapacity: 1,
      maxCapacity: 1,
    };
    const { stack } = endpointStack({
      autoScaling: { ...SCALING, targetInvocationsPerInstance: false, schedules: [night] },
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 0);
    template.hasResourceProperties('Custom::EndpointScalingPolicies', { Policies: [] });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScheduledActions: [Match.objectLike({ ScheduledActionName: 'acme-churn-prod-night' })],
    });
  });

  test('refuses autoscaling with no target and no schedule: nothing would change the count', () => {
    expect(rejection({ autoScaling: { ...SCALING, targetInvocationsPerInstance: false } })).toContain(
      ' - autoScaling.targetInvocationsPerInstance false turns the invocations policy off, and no other target (targetConcurrentRequestsPerModel, targetCpuUtilizationPercent, targetGpuUtilizationPercent) or schedule is set: nothing would change the instance count; set one, or turn autoscaling off',
    );
  });

  test('scales a serverless variant’s provisioned concurrency, without a guard', () => {
    const { stack } = endpointStack({
      image: ContainerImage.fromEcrUri('222222222222.dkr.ecr.eu-west-1.amazonaws.com/small:1'),
      instance: undefined,
      serverless: { memorySizeMb: 2048, maxConcurrency: 20, provisionedConcurrency: 2 },
      autoScaling: { minCapacity: 1, maxCapacity: 10, targetProvisionedConcurrencyUtilization: 0.6 },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'sagemaker:variant:DesiredProvisionedConcurrency',
      MinCapacity: 1,
      MaxCapacity: 10,
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        TargetValue: 0.6,
        PredefinedMetricSpecification: {
          PredefinedMetricType: 'SageMakerVariantProvisionedConcurrencyUtilization',
        },
      }),
    });
    template.resourceCountIs('Custom::EndpointScalingGuard', 0);
  });
});

describe('endpoint rules', () => {
  const serverless = SERVERLESS_PROPS;

  test.each([
    [
      'autoscaling on a burstable instance',
      { instance: { instanceType: 'ml.t2.medium', initialInstanceCount: 1 }, autoScaling: SCALING },
      'autoScaling is not supported on burstable instance type ml.t2.medium',
    ],
    [
      'min above max',
      { autoScaling: { minCapacity: 4, maxCapacity: 2 } },
      'autoScaling.minCapacity 4 must be <= autoScaling.maxCapacity (2)',
    ],
    [
      'a CPU target on an unknown instance type',
      {
        instance: { instanceType: 'ml.r7i.large', initialInstanceCount: 1 },
        autoScaling: { ...SCALING, targetCpuUtilizationPercent: 50 },
      },
      'autoScaling.targetCpuUtilizationPercent 50 needs the vCPU count of ml.r7i.large (instance.instanceType) to normalise CPUUtilization',
    ],
    [
      'a GPU target without GPUs',
      { autoScaling: { ...SCALING, targetGpuUtilizationPercent: 50 } },
      'autoScaling.targetGpuUtilizationPercent 50 needs an instance type with GPUs; ml.c5.xlarge (instance.instanceType) has none known',
    ],
    [
      'a schedule with min above max',
      {
        autoScaling: {
          ...SCALING,
          schedules: [{ name: 'x', schedule: 'rate(1 day)', minCapacity: 5, maxCapacity: 3 }],
        },
      },
      'autoScaling.schedules.0.minCapacity 5 must be <= autoScaling.schedules.0.maxCapacity (3)',
    ],
    [
      'both instance and serverless',
      { serverless: { memorySizeMb: 1024, maxConcurrency: 1 } },
      'instance and serverless: set exactly one of them',
    ],
    [
      'serverless memory off the 1024 MB steps',
      { ...serverless, serverless: { memorySizeMb: 1536, maxConcurrency: 10 } },
      'serverless.memorySizeMb 1536 must be 1024, 2048, 3072, 4096, 5120 or 6144',
    ],
    [
      'serverless concurrency over 200',
      { ...serverless, serverless: { memorySizeMb: 1024, maxConcurrency: 201 } },
      'serverless.maxConcurrency 201 must be a whole number from 1 to 200',
    ],
    [
      'provisioned above max concurrency',
      { ...serverless, serverless: { memorySizeMb: 1024, maxConcurrency: 2, provisionedConcurrency: 3 } },
      'serverless.provisionedConcurrency 3 must be <= serverless.maxConcurrency (2)',
    ],
    [
      'the Triton image on serverless',
      { instance: undefined, serverless: { memorySizeMb: 1024, maxConcurrency: 2 } },
      'serverless endpoints cannot run the NVIDIA Triton image (image): it is larger than the 10 GB serverless image limit',
    ],
    [
      'serverless in a VPC',
      { ...serverless, vpc: { subnetIds: ['subnet-1'], securityGroupIds: ['sg-1'] } },
      'vpc is not available on serverless endpoints; use an instance variant',
    ],
    [
      'data capture on serverless',
      { ...serverless, dataCapture: { destinationS3Uri: 's3://c/p' } },
      'dataCapture is not available on serverless endpoints; use an instance variant',
    ],
    [
      'guardrails on Inf1',
      { instance: { instanceType: 'ml.inf1.xlarge', initialInstanceCount: 1 } },
      'instance.instanceType "ml.inf1.xlarge" endpoints get no deployment guardrails (SageMaker falls back to all at once without rollback); set rollout.strategy allAtOnce and rollout.autoRollback false',
    ],
    [
      'a volume over 512 GB',
      { instance: { instanceType: 'ml.m5.large', initialInstanceCount: 1, volumeSizeGb: 600 } },
      'instance.volumeSizeGb 600 must be between 1 and 512',
    ],
    [
      'a health-check timeout under a minute',
      {
        instance: {
          instanceType: 'ml.m5.large',
          initialInstanceCount: 1,
          containerStartupHealthCheckTimeout: Duration.seconds(30),
        },
      },
      'instance.containerStartupHealthCheckTimeout 30s must be between 60 and 3600 seconds',
    ],
    [
      'an endpoint name over 63 characters',
      { endpointName: 'a'.repeat(64) },
      `endpointName "${'a'.repeat(64)}" is 64 characters; SageMaker allows 1–63 letters`,
    ],
  ] as [string, any, string][])('rejects %s', (_name, props, message) => {
    expect(rejection(props)).toContain(message);
  });
});
