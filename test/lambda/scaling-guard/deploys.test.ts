import {
  DeleteScalingPolicyCommand,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { reconcile } from '../../../lambda/scaling-guard/reconcile';
import { FakeAws } from './fake-aws';
import {
  deploy,
  guardProperties,
  POLICY_NAME,
  RESOURCE_ID,
  STACK_ID,
  TARGET_LOGICAL_ID,
  TARGET_PHYSICAL_ID,
  Template,
} from './fake-stack';

const TAGS = { project: 'acme', environment: 'prod', model: 'churn', team: 'ml-platform' };
const scaled = (instanceType: string, targetInvocations = 750): Template => ({
  instanceType,
  scaling: { minCapacity: 2, maxCapacity: 6, targetInvocations, tags: TAGS },
});

let aws: FakeAws;
beforeEach(() => (aws = new FakeAws()));
afterEach(() => aws.restore());

/** The variant's registration as Application Auto Scaling holds it. */
function registration() {
  const target = aws.targets.get(RESOURCE_ID);
  if (!target) return undefined;
  return {
    minCapacity: target.minCapacity,
    maxCapacity: target.maxCapacity,
    tags: target.tags,
    policies: Object.fromEntries([...target.policies].map(([name, policy]) => [name, policy.targetValue])),
  };
}
const policyArn = () => aws.targets.get(RESOURCE_ID)?.policies.get(POLICY_NAME)?.arn;

describe('consecutive deploys of an autoscaled endpoint', () => {
  test('two instance type changes in a row, each followed by a policy update, end registered as declared', async () => {
    await expect(deploy(aws, undefined, scaled('ml.c5.xlarge'))).resolves.toBeUndefined();
    const created = policyArn();

    // A → B: the guards deregister and re-register; the policy comes back under a new ARN, so a
    // native ScalingPolicy resource would now address an ARN that no longer exists.
    await expect(deploy(aws, scaled('ml.c5.xlarge'), scaled('ml.c5.2xlarge'))).resolves.toBeUndefined();
    expect(aws.instanceType).toBe('ml.c5.2xlarge');
    expect(policyArn()).not.toBe(created);
    expect(registration()?.tags).toEqual(TAGS);

    // CloudFormation's next update of the policy addresses it by name and succeeds.
    await expect(deploy(aws, scaled('ml.c5.2xlarge'), scaled('ml.c5.2xlarge', 900))).resolves.toBeUndefined();
    expect(registration()?.policies).toEqual({ [POLICY_NAME]: 900 });

    // B → C, then the policy again.
    await expect(
      deploy(aws, scaled('ml.c5.2xlarge', 900), scaled('ml.c5.4xlarge', 900)),
    ).resolves.toBeUndefined();
    await expect(
      deploy(aws, scaled('ml.c5.4xlarge', 900), scaled('ml.c5.4xlarge', 600)),
    ).resolves.toBeUndefined();

    expect(aws.instanceType).toBe('ml.c5.4xlarge');
    expect(registration()).toEqual({
      minCapacity: 2,
      maxCapacity: 6,
      tags: TAGS,
      policies: { [POLICY_NAME]: 600 },
    });
  });

  test('an instance type change together with a policy change applies both', async () => {
    await deploy(aws, undefined, scaled('ml.c5.xlarge'));
    await expect(deploy(aws, scaled('ml.c5.xlarge'), scaled('ml.c5.2xlarge', 1200))).resolves.toBeUndefined();
    expect(registration()?.policies).toEqual({ [POLICY_NAME]: 1200 });
  });

  test('a failed endpoint update rolls back to the old type with the old registration, tags included', async () => {
    await deploy(aws, undefined, scaled('ml.c5.xlarge'));
    const failure = await deploy(aws, scaled('ml.c5.xlarge'), scaled('ml.c5.2xlarge', 1200), {
      failEndpoint: true,
    });
    expect(failure?.message).toMatch(/rolled back by SageMaker/);
    expect(aws.instanceType).toBe('ml.c5.xlarge');
    expect(registration()).toEqual({
      minCapacity: 2,
      maxCapacity: 6,
      tags: TAGS,
      policies: { [POLICY_NAME]: 750 },
    });
    // The next attempt deploys normally.
    await expect(deploy(aws, scaled('ml.c5.xlarge'), scaled('ml.c5.2xlarge', 1200))).resolves.toBeUndefined();
    expect(registration()?.policies).toEqual({ [POLICY_NAME]: 1200 });
  });

  test('an ordinary deploy (no instance type change) leaves the registration and its ARNs alone', async () => {
    await deploy(aws, undefined, scaled('ml.c5.xlarge'));
    const arn = policyArn();
    await expect(deploy(aws, scaled('ml.c5.xlarge'), scaled('ml.c5.xlarge', 800))).resolves.toBeUndefined();
    expect(policyArn()).toBe(arn);
    expect(registration()?.policies).toEqual({ [POLICY_NAME]: 800 });
  });
});

describe('switching autoscaling off and on', () => {
  test('turning autoscaling off and changing the instance type in one deploy succeeds', async () => {
    await deploy(aws, undefined, scaled('ml.c5.xlarge'));
    await expect(
      deploy(aws, scaled('ml.c5.xlarge'), { instanceType: 'ml.m5.large' }),
    ).resolves.toBeUndefined();
    expect(aws.instanceType).toBe('ml.m5.large');
    expect(registration()).toBeUndefined();
  });

  test('if that deploy fails, the rollback registers the variant again', async () => {
    await deploy(aws, undefined, scaled('ml.c5.xlarge'));
    const failure = await deploy(
      aws,
      scaled('ml.c5.xlarge'),
      { instanceType: 'ml.m5.large' },
      { failEndpoint: true },
    );
    // The endpoint update failed (not the guard), and SageMaker put the old instance type back.
    expect(failure?.message).toBe('Endpoint update rolled back by SageMaker: alarm in ALARM');
    expect(aws.instanceType).toBe('ml.c5.xlarge');
    expect(registration()).toEqual({
      minCapacity: 2,
      maxCapacity: 6,
      tags: TAGS,
      policies: { [POLICY_NAME]: 750 },
    });
  });

  test('turning autoscaling back on (with another instance type) lets CloudFormation create the target', async () => {
    await deploy(aws, undefined, scaled('ml.c5.xlarge'));
    await deploy(aws, scaled('ml.c5.xlarge'), { instanceType: 'ml.m5.large' });
    await expect(
      deploy(aws, { instanceType: 'ml.m5.large' }, scaled('ml.c5.2xlarge')),
    ).resolves.toBeUndefined();
    await expect(deploy(aws, scaled('ml.c5.2xlarge'), scaled('ml.c5.4xlarge'))).resolves.toBeUndefined();
    expect(registration()).toEqual({
      minCapacity: 2,
      maxCapacity: 6,
      tags: TAGS,
      policies: { [POLICY_NAME]: 750 },
    });
  });

  test('turning autoscaling on without an instance type change lets CloudFormation create the target', async () => {
    await deploy(aws, undefined, { instanceType: 'ml.c5.xlarge' });
    await expect(
      deploy(aws, { instanceType: 'ml.c5.xlarge' }, scaled('ml.c5.xlarge')),
    ).resolves.toBeUndefined();
    expect(registration()?.policies).toEqual({ [POLICY_NAME]: 750 });
  });
});

describe('upgrading a stack whose policies were native ScalingPolicy resources', () => {
  test('the cleanup that deletes the old native policies leaves the guarded ones in place', async () => {
    // GIVEN an endpoint registered by an earlier version: native policy `<endpoint>-invocations`.
    aws.updateEndpoint(RESOURCE_ID, 'ml.c5.xlarge');
    const scaling = aws.clients.scaling;
    const target = {
      ServiceNamespace: 'sagemaker',
      ResourceId: RESOURCE_ID,
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
    } as const;
    await scaling.send(
      new RegisterScalableTargetCommand({ ...target, MinCapacity: 2, MaxCapacity: 6, Tags: TAGS }),
    );
    await scaling.send(
      new PutScalingPolicyCommand({
        ...target,
        PolicyName: 'acme-churn-prod-invocations',
        PolicyType: 'TargetTrackingScaling',
      }),
    );
    aws.stackResources.set(TARGET_LOGICAL_ID, TARGET_PHYSICAL_ID);

    // WHEN the guards update, the policies resource is created and cleanup deletes the native policy by name
    await reconcile(guardProperties(scaled('ml.c5.xlarge')), aws.clients, STACK_ID);
    await reconcile(guardProperties(scaled('ml.c5.xlarge')), aws.clients, STACK_ID);
    await scaling.send(
      new DeleteScalingPolicyCommand({ ...target, PolicyName: 'acme-churn-prod-invocations' }),
    );

    // THEN only the guarded policy remains, under its own name
    expect(registration()).toEqual({
      minCapacity: 2,
      maxCapacity: 6,
      tags: TAGS,
      policies: { [POLICY_NAME]: 750 },
    });
  });
});
