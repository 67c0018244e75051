import * as http from 'http';
import { AddressInfo } from 'net';
import {
  ApplicationAutoScalingClient,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../lambda/scaling-guard/index';
import { reconcile, restoreTypes, ScalingGuardProperties } from '../../../lambda/scaling-guard/reconcile';

const sagemaker = mockClient(SageMakerClient);
const scaling = mockClient(ApplicationAutoScalingClient);
const clients = { sagemaker: new SageMakerClient({}), scaling: new ApplicationAutoScalingClient({}) };

const TARGET = {
  ServiceNamespace: 'sagemaker',
  ResourceId: 'endpoint/acme-churn-prod/variant/AllTraffic',
  ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
} as const;

/** What the guards receive, as the construct renders it for ml.c5.2xlarge. */
const PROPERTIES: ScalingGuardProperties = {
  EndpointName: 'acme-churn-prod',
  VariantName: 'AllTraffic',
  InstanceType: 'ml.c5.2xlarge',
  ScalableTarget: {
    ...TARGET,
    MinCapacity: 2,
    MaxCapacity: 6,
    RoleARN:
      'arn:aws:iam::111111111111:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/X',
    ScheduledActions: [
      {
        ScheduledActionName: 'acme-churn-prod-night',
        Schedule: 'cron(0 20 * * ? *)',
        ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 2 },
      },
    ],
  },
  Policies: [
    {
      PolicyName: 'acme-churn-prod-invocations',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 750,
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
      },
    } as any,
  ],
};

/** The endpoint currently serves the variant on this instance type. */
function endpointRuns(instanceType: string) {
  sagemaker
    .on(DescribeEndpointCommand)
    .resolves({ EndpointName: 'acme-churn-prod', EndpointConfigName: 'cfg-live' } as any);
  sagemaker.on(DescribeEndpointConfigCommand, { EndpointConfigName: 'cfg-live' }).resolves({
    ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: instanceType as any, ModelName: 'm' }],
  } as any);
}

function registered(yes: boolean) {
  scaling.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: yes ? [{ ...TARGET } as any] : [] });
}

beforeEach(() => {
  sagemaker.reset();
  scaling.reset();
  scaling.on(RegisterScalableTargetCommand).resolves({});
  scaling.on(PutScalingPolicyCommand).resolves({});
  scaling.on(PutScheduledActionCommand).resolves({});
  scaling.on(DeregisterScalableTargetCommand).resolves({});
});

describe('reconcile', () => {
  test('deregisters the variant while the endpoint still runs another instance type (before an update)', async () => {
    endpointRuns('ml.c5.xlarge');
    registered(true);
    await expect(reconcile(PROPERTIES, clients)).resolves.toBe('deregistered');
    expect(scaling.commandCalls(DeregisterScalableTargetCommand)[0].args[0].input).toEqual(TARGET);
    expect(scaling.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
  });

  test('registers target, schedules and policies once the endpoint runs the described type (after an update)', async () => {
    endpointRuns('ml.c5.2xlarge');
    await expect(reconcile(PROPERTIES, clients)).resolves.toBe('registered');
    expect(scaling.commandCalls(RegisterScalableTargetCommand)[0].args[0].input).toEqual({
      ...TARGET,
      MinCapacity: 2,
      MaxCapacity: 6,
      RoleARN: PROPERTIES.ScalableTarget.RoleARN,
    });
    expect(scaling.commandCalls(PutScheduledActionCommand)[0].args[0].input).toEqual({
      ...TARGET,
      ScheduledActionName: 'acme-churn-prod-night',
      Schedule: 'cron(0 20 * * ? *)',
      ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 2 },
    });
    expect(scaling.commandCalls(PutScalingPolicyCommand)[0].args[0].input).toMatchObject({
      ...TARGET,
      PolicyName: 'acme-churn-prod-invocations',
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 750 },
    });
    expect(scaling.commandCalls(DeregisterScalableTargetCommand)).toHaveLength(0);
  });

  test('registers the target before its policies, which need it', async () => {
    endpointRuns('ml.c5.2xlarge');
    await reconcile(PROPERTIES, clients);
    const order = scaling.calls().map((call) => (call.args[0] as object).constructor.name);
    expect(order).toEqual([
      'RegisterScalableTargetCommand',
      'PutScheduledActionCommand',
      'PutScalingPolicyCommand',
    ]);
  });

  test('does nothing for a variant that is not registered', async () => {
    endpointRuns('ml.c5.xlarge');
    registered(false);
    await expect(reconcile(PROPERTIES, clients)).resolves.toBe('unchanged');
    expect(scaling.commandCalls(DeregisterScalableTargetCommand)).toHaveLength(0);
  });

  test('does nothing when the endpoint does not exist yet', async () => {
    const missing = Object.assign(new Error('Could not find endpoint "acme-churn-prod".'), {
      name: 'ValidationException',
    });
    sagemaker.on(DescribeEndpointCommand).rejects(missing);
    await expect(reconcile(PROPERTIES, clients)).resolves.toBe('unchanged');
    expect(scaling.calls()).toHaveLength(0);
  });

  test('fails on other SageMaker errors rather than guessing', async () => {
    sagemaker
      .on(DescribeEndpointCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(reconcile(PROPERTIES, clients)).rejects.toThrow('Rate exceeded');
  });

  test('a forward instance type change and its rollback leave autoscaling registered for the running type', async () => {
    const forward = PROPERTIES;
    const previous = { ...PROPERTIES, InstanceType: 'ml.c5.xlarge' };
    registered(true);
    // Forward: the guard before the endpoint runs while the old type is live.
    endpointRuns('ml.c5.xlarge');
    await expect(reconcile(forward, clients)).resolves.toBe('deregistered');
    // The endpoint update fails; CloudFormation rolls back the endpoint, then the guard before it
    // with the previous properties, while the old type is live again.
    await expect(reconcile(previous, clients)).resolves.toBe('registered');
    expect(scaling.commandCalls(RegisterScalableTargetCommand)).toHaveLength(1);
  });
});

describe('restoreTypes', () => {
  test('turns the strings CloudFormation passes back into numbers and booleans', () => {
    expect(
      restoreTypes({
        MinCapacity: '2',
        Policies: [
          {
            TargetTrackingScalingPolicyConfiguration: {
              TargetValue: '0.5',
              ScaleInCooldown: '300',
              DisableScaleIn: 'false',
            },
          },
        ],
        Schedule: 'cron(0 20 * * ? *)',
      }),
    ).toEqual({
      MinCapacity: 2,
      Policies: [
        {
          TargetTrackingScalingPolicyConfiguration: {
            TargetValue: 0.5,
            ScaleInCooldown: 300,
            DisableScaleIn: false,
          },
        },
      ],
      Schedule: 'cron(0 20 * * ? *)',
    });
  });
});

describe('the custom resource handler', () => {
  let server: http.Server;
  let url: string;
  const responses: any[] = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        responses.push({ method: request.method, body: JSON.parse(body) });
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/response`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (responses.length = 0));

  const event = (requestType: 'Create' | 'Update' | 'Delete', properties: object = PROPERTIES) =>
    ({
      RequestType: requestType,
      ResponseURL: url,
      StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/s/1',
      RequestId: 'r1',
      LogicalResourceId: 'Guard',
      ResourceType: 'Custom::EndpointScalingGuard',
      ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:f',
      PhysicalResourceId: 'acme-churn-prod/AllTraffic/scaling-guard',
      ResourceProperties: { ServiceToken: 'x', ...properties },
      OldResourceProperties: {},
    }) as any;

  test('reports success with a stable physical id and changes nothing on create', async () => {
    await handler(event('Create'), clients);
    expect(responses).toEqual([
      {
        method: 'PUT',
        body: expect.objectContaining({
          Status: 'SUCCESS',
          PhysicalResourceId: 'acme-churn-prod/AllTraffic/scaling-guard',
          RequestId: 'r1',
          LogicalResourceId: 'Guard',
          Data: { Outcome: 'unchanged' },
        }),
      },
    ]);
    expect(sagemaker.calls()).toHaveLength(0);
  });

  test('reconciles on update with the string-typed properties CloudFormation sends', async () => {
    endpointRuns('ml.c5.2xlarge');
    const stringly = JSON.parse(JSON.stringify(PROPERTIES).replace(/:(\d+(\.\d+)?)([,}])/g, ':"$1"$3'));
    await handler(event('Update', stringly), clients);
    expect(responses[0].body).toMatchObject({ Status: 'SUCCESS', Data: { Outcome: 'registered' } });
    expect(scaling.commandCalls(RegisterScalableTargetCommand)[0].args[0].input).toMatchObject({
      MinCapacity: 2,
      MaxCapacity: 6,
    });
  });

  test('reports failure with the reason instead of leaving CloudFormation waiting', async () => {
    sagemaker
      .on(DescribeEndpointCommand)
      .rejects(Object.assign(new Error('Access denied'), { name: 'AccessDeniedException' }));
    await handler(event('Update'), clients);
    expect(responses[0].body).toMatchObject({
      Status: 'FAILED',
      Reason: 'Scaling guard for acme-churn-prod: Access denied',
    });
  });
});
