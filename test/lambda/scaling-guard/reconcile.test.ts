import * as http from 'http';
import { AddressInfo } from 'net';
import {
  ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
  ObjectNotFoundException,
  PutScalingPolicyCommand,
  PutScheduledActionCommand,
  RegisterScalableTargetCommand,
  TagResourceCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../lambda/scaling-guard/index';
import { restoreTypes, ScalingGuardProperties } from '../../../lambda/scaling-guard/properties';
import { reconcile as reconcileIn } from '../../../lambda/scaling-guard/reconcile';

const clients = {
  sagemaker: new SageMakerClient({}),
  scaling: new ApplicationAutoScalingClient({}),
  cloudformation: new CloudFormationClient({}),
};
// Stubs on these clients, not on the client classes: nothing outside this file sees them.
const sagemaker = mockClient(clients.sagemaker);
const scaling = mockClient(clients.scaling);
const cloudformation = mockClient(clients.cloudformation);
const STACK_ID = 'arn:aws:cloudformation:eu-west-1:111111111111:stack/prod-churn/1';
const reconcile = (properties: ScalingGuardProperties, deps: typeof clients) =>
  reconcileIn(properties, deps, STACK_ID);
const TARGET_ARN = 'arn:aws:application-autoscaling:eu-west-1:111111111111:scalable-target/0123abcd';
const TAGS = { project: 'acme', environment: 'prod', model: 'churn' };

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
  ScalableTargetId: TARGET,
  Scaling: {
    ScalableTarget: {
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
      Tags: TAGS,
    },
    Policies: [
      {
        PolicyName: 'acme-churn-prod-invocations-tracking',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 750,
          PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
        },
      },
    ],
    ScalableTargetLogicalId: 'ChurnScalableTarget1A2B3C4D',
  },
};
const WITHOUT_SCALING: ScalingGuardProperties = { ...PROPERTIES, Scaling: undefined };

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
  scaling
    .on(DescribeScalableTargetsCommand)
    .resolves({ ScalableTargets: yes ? [{ ...TARGET, ScalableTargetARN: TARGET_ARN } as any] : [] });
}

/** Whether the stack holds the native scalable target (CloudFormation has created it). */
function stackHoldsTarget(yes: boolean) {
  if (yes) {
    cloudformation.on(DescribeStackResourceCommand).resolves({
      StackResourceDetail: {
        ResourceStatus: 'UPDATE_COMPLETE',
        PhysicalResourceId: `${TARGET.ResourceId}|${TARGET.ScalableDimension}|${TARGET.ServiceNamespace}`,
      } as any,
    });
  } else {
    cloudformation.on(DescribeStackResourceCommand).rejects(
      Object.assign(new Error('Resource ChurnScalableTarget1A2B3C4D does not exist for stack prod-churn'), {
        name: 'ValidationException',
      }),
    );
  }
}

beforeEach(() => {
  sagemaker.reset();
  scaling.reset();
  cloudformation.reset();
  registered(false);
  stackHoldsTarget(true);
  scaling.on(RegisterScalableTargetCommand).resolves({ ScalableTargetARN: TARGET_ARN });
  scaling.on(PutScalingPolicyCommand).resolves({});
  scaling.on(PutScheduledActionCommand).resolves({});
  scaling.on(DeregisterScalableTargetCommand).resolves({});
  scaling.on(TagResourceCommand).resolves({});
  scaling.on(DeleteScalingPolicyCommand).resolves({});
});

describe('reconcile', () => {
  test('deregisters the variant while the endpoint still runs another instance type (before an update)', async () => {
    endpointRuns('ml.c5.xlarge');
    registered(true);
    await expect(reconcile(PROPERTIES, clients)).resolves.toBe('deregistered');
    expect(scaling.commandCalls(DeregisterScalableTargetCommand)[0].args[0].input).toEqual(TARGET);
    expect(scaling.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
  });

  test('registers target, tags, schedules and policies once the endpoint runs the described type (after an update)', async () => {
    endpointRuns('ml.c5.2xlarge');
    await expect(reconcile(PROPERTIES, clients)).resolves.toBe('registered');
    expect(scaling.commandCalls(RegisterScalableTargetCommand)[0].args[0].input).toEqual({
      ...TARGET,
      MinCapacity: 2,
      MaxCapacity: 6,
      RoleARN: PROPERTIES.Scaling!.ScalableTarget.RoleARN,
      Tags: TAGS,
    });
    expect(scaling.commandCalls(TagResourceCommand)).toHaveLength(0);
    expect(scaling.commandCalls(PutScheduledActionCommand)[0].args[0].input).toEqual({
      ...TARGET,
      ScheduledActionName: 'acme-churn-prod-night',
      Schedule: 'cron(0 20 * * ? *)',
      ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 2 },
    });
    expect(scaling.commandCalls(PutScalingPolicyCommand)[0].args[0].input).toMatchObject({
      ...TARGET,
      PolicyName: 'acme-churn-prod-invocations-tracking',
      TargetTrackingScalingPolicyConfiguration: { TargetValue: 750 },
    });
    expect(scaling.commandCalls(DeregisterScalableTargetCommand)).toHaveLength(0);
  });

  test('tags a target that is registered already with TagResource (RegisterScalableTarget takes Tags only on creation)', async () => {
    endpointRuns('ml.c5.2xlarge');
    registered(true);
    await expect(reconcile(PROPERTIES, clients)).resolves.toBe('registered');
    expect(scaling.commandCalls(RegisterScalableTargetCommand)[0].args[0].input.Tags).toBeUndefined();
    expect(scaling.commandCalls(TagResourceCommand)[0].args[0].input).toEqual({
      ResourceARN: TARGET_ARN,
      Tags: TAGS,
    });
  });

  test('leaves registration to CloudFormation while the stack does not hold the native target yet', async () => {
    endpointRuns('ml.c5.2xlarge');
    stackHoldsTarget(false);
    await expect(reconcile(PROPERTIES, clients)).resolves.toBe('unchanged');
    expect(cloudformation.commandCalls(DescribeStackResourceCommand)[0].args[0].input).toEqual({
      StackName: STACK_ID,
      LogicalResourceId: 'ChurnScalableTarget1A2B3C4D',
    });
    expect(scaling.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
  });

  test('does not register for a native target that CloudFormation is deleting', async () => {
    endpointRuns('ml.c5.2xlarge');
    cloudformation
      .on(DescribeStackResourceCommand)
      .resolves({ StackResourceDetail: { ResourceStatus: 'DELETE_IN_PROGRESS' } as any });
    await expect(reconcile(PROPERTIES, clients)).resolves.toBe('unchanged');
  });

  test('does not register while CloudFormation is about to replace the target of a renamed endpoint', async () => {
    endpointRuns('ml.c5.2xlarge');
    cloudformation.on(DescribeStackResourceCommand).resolves({
      StackResourceDetail: {
        ResourceStatus: 'UPDATE_COMPLETE',
        PhysicalResourceId:
          'endpoint/acme-churn-old/variant/AllTraffic|sagemaker:variant:DesiredInstanceCount|sagemaker',
      } as any,
    });
    await expect(reconcile(PROPERTIES, clients)).resolves.toBe('unchanged');
    expect(scaling.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
  });

  test('with autoscaling off, deregisters the variant before an instance type change', async () => {
    endpointRuns('ml.c5.xlarge');
    registered(true);
    await expect(reconcile(WITHOUT_SCALING, clients)).resolves.toBe('deregistered');
  });

  test('with autoscaling off, registers nothing once the endpoint runs the described type', async () => {
    endpointRuns('ml.c5.2xlarge');
    registered(false);
    await expect(reconcile(WITHOUT_SCALING, clients)).resolves.toBe('unchanged');
    expect(scaling.commandCalls(RegisterScalableTargetCommand)).toHaveLength(0);
  });

  test('registers the target before its policies, which need it', async () => {
    endpointRuns('ml.c5.2xlarge');
    await reconcile(PROPERTIES, clients);
    const order = scaling.calls().map((call) => (call.args[0] as object).constructor.name);
    expect(order).toEqual([
      'DescribeScalableTargetsCommand',
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
  test('leaves tag values as the strings they are, whatever their keys', () => {
    expect(restoreTypes({ Tags: { MinCapacity: '2', team: 'ml' } })).toEqual({
      Tags: { MinCapacity: '2', team: 'ml' },
    });
  });

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
  // Keep-alive connections would hold the server, and so the jest worker, open for seconds after close().
  afterAll(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  // The handler logs one JSON line per request (its CloudWatch Logs record); the tests read them here.
  let logged: jest.SpyInstance;
  beforeEach(() => {
    responses.length = 0;
    logged = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());
  const logLines = () => logged.mock.calls.map(([line]) => JSON.parse(String(line)));

  const event = (
    requestType: 'Create' | 'Update' | 'Delete',
    properties: object = PROPERTIES,
    resourceType = 'Custom::EndpointScalingGuard',
    oldProperties: object = {},
  ) =>
    ({
      RequestType: requestType,
      ResponseURL: url,
      StackId: STACK_ID,
      RequestId: 'r1',
      LogicalResourceId: 'Guard',
      ResourceType: resourceType,
      ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:f',
      PhysicalResourceId: 'acme-churn-prod/AllTraffic/scaling-guard',
      ResourceProperties: { ServiceToken: 'x', ...properties },
      OldResourceProperties: oldProperties,
    }) as any;

  test('reports success with a stable physical id when created before the endpoint exists', async () => {
    sagemaker.on(DescribeEndpointCommand).rejects(
      Object.assign(new Error('Could not find endpoint "acme-churn-prod".'), {
        name: 'ValidationException',
      }),
    );
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
    expect(scaling.calls()).toHaveLength(0);
    expect(logLines()).toEqual([
      { requestType: 'Create', resource: 'acme-churn-prod/AllTraffic/scaling-guard', outcome: 'unchanged' },
    ]);
  });

  test('changes nothing when a guard is deleted (the native target deregisters itself)', async () => {
    await handler(event('Delete'), clients);
    expect(responses[0].body).toMatchObject({ Status: 'SUCCESS', Data: { Outcome: 'unchanged' } });
    expect(logLines()).toEqual([
      { requestType: 'Delete', resource: 'acme-churn-prod/AllTraffic/scaling-guard', outcome: 'unchanged' },
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
    const failed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await handler(event('Update'), clients);
      expect(failed.mock.calls.map(([line]) => JSON.parse(String(line)))).toEqual([
        {
          requestType: 'Update',
          resource: 'acme-churn-prod/AllTraffic/scaling-guard',
          error: 'AccessDeniedException: Access denied',
        },
      ]);
    } finally {
      failed.mockRestore();
    }
    expect(responses[0].body).toMatchObject({
      Status: 'FAILED',
      Reason: 'Scaling guard for acme-churn-prod: Access denied',
    });
  });

  describe('for the policies resource', () => {
    const policies = (...names: string[]) => ({
      ScalableTargetId: TARGET,
      Policies: names.map((name) => ({ ...PROPERTIES.Scaling!.Policies[0], PolicyName: name })),
    });
    const policyEvent = (type: 'Create' | 'Update' | 'Delete', properties: object, old: object = {}) =>
      event(type, properties, 'Custom::EndpointScalingPolicies', old);

    test('puts the policies by name on create, with a physical id of its own', async () => {
      await handler(policyEvent('Create', policies('a-tracking')), clients);
      expect(responses[0].body).toMatchObject({
        Status: 'SUCCESS',
        PhysicalResourceId: 'endpoint/acme-churn-prod/variant/AllTraffic/scaling-policies',
      });
      expect(scaling.commandCalls(PutScalingPolicyCommand)[0].args[0].input).toMatchObject({
        ...TARGET,
        PolicyName: 'a-tracking',
      });
    });

    test('deletes the policies an update drops', async () => {
      await handler(
        policyEvent('Update', policies('a-tracking'), policies('a-tracking', 'b-tracking')),
        clients,
      );
      expect(scaling.commandCalls(DeleteScalingPolicyCommand).map((call) => call.args[0].input)).toEqual([
        { ...TARGET, PolicyName: 'b-tracking' },
      ]);
    });

    test('counts policies that are gone already (deregistered with their target) as deleted', async () => {
      scaling
        .on(DeleteScalingPolicyCommand)
        .rejects(new ObjectNotFoundException({ $metadata: {}, message: 'No scalable target registered' }));
      await handler(policyEvent('Delete', policies('a-tracking')), clients);
      expect(responses[0].body).toMatchObject({ Status: 'SUCCESS', Data: { Outcome: 'deleted' } });
    });
  });
});
