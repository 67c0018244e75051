import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addLambdaHosting } from '../../lib/app/lambda-model';
import { ModelArtifact } from '../../lib/constructs/storage/model-artifact';
import { ModelBucket } from '../../lib/constructs/storage/model-bucket';
import { minimalConfig, parse } from '../config/fixtures';
import { assetsInPlaceApp } from '../constructs/lambda/support';
import { annotationsOf } from '../helpers/annotations';

/** The `fraud` Lambda model of the minimal config, changed, resolved for dev and hosted in a fresh stack. */
function hosted(change: (model: Record<string, any>) => void) {
  const config = minimalConfig();
  change(config.models.fraud);
  const model = parse(config).environments[0].models.find((m) => m.name === 'fraud')!;
  const stack = new Stack(assetsInPlaceApp(), 'Fraud');
  const artifact = new ModelArtifact(stack, 'Artifact', {
    modelName: 'fraud',
    modelBucket: new ModelBucket(stack, 'Bucket'),
    localPath: model.artifact.kind === 'local' ? model.artifact.path : '',
  });
  return { stack, host: () => addLambdaHosting(stack, model, { artifact }).inference };
}

test('maps the lambda and rollout settings onto the function', () => {
  const { stack, host } = hosted((model) => {
    model.lambda = {
      architecture: 'x86_64',
      memoryMb: 2048,
      ephemeralStorageMb: 2048,
      maxBatchSize: 8,
      functionUrl: { enabled: true, authType: 'NONE', allowPublic: true },
    };
    model.rollout = { strategy: 'linear', linearStepPercent: 10, bakeMinutes: 3, autoRollback: false };
  });
  host();
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::Lambda::Function', {
    Architectures: ['x86_64'],
    MemorySize: 2048,
    EphemeralStorage: { Size: 2048 },
    Environment: { Variables: Match.objectLike({ MODEL_NAME: 'fraud', MAX_BATCH_SIZE: '8' }) },
  });
  template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
    DeploymentConfigName: 'CodeDeployDefault.LambdaLinear10PercentEvery3Minutes',
    AutoRollbackConfiguration: { Enabled: false },
  });
  template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE' });
  template.hasOutput('FunctionUrl', Match.anyValue());
  annotationsOf(stack).hasWarning('/Fraud/Inference', Match.stringLikeRegexp('has no authentication'));
});

describe('the account concurrency a Lambda model needs', () => {
  const QUOTA_WARNING = 'needs a Lambda concurrency quota of at least';

  test('reserved concurrency warns that the account must keep 100 executions unreserved on top', () => {
    const { stack, host } = hosted((model) => {
      model.lambda = {
        reservedConcurrency: 50,
        provisionedConcurrency: { min: 2, max: 10, schedules: [] },
      };
    });
    host();
    annotationsOf(stack).hasWarning(
      '/Fraud',
      Match.stringLikeRegexp(
        `${QUOTA_WARNING} 150 executions in its account and region: 50 reserved \\(holding up to 10 provisioned\\) \\+ the 100 Lambda keeps unreserved`,
      ),
    );
  });

  test('provisioned concurrency without a reservation is taken from the unreserved pool', () => {
    const { stack, host } = hosted((model) => {
      model.lambda = {
        provisionedConcurrency: {
          min: 2,
          max: 4,
          schedules: [{ name: 'mornings', schedule: 'cron(0 7 ? * MON-FRI *)', min: 3, max: 8 }],
        },
      };
    });
    host();
    annotationsOf(stack).hasWarning(
      '/Fraud',
      Match.stringLikeRegexp(`${QUOTA_WARNING} 108 executions .*up to 8 provisioned`),
    );
  });

  test('a model with neither needs nothing of the account and gets no warning', () => {
    const { stack, host } = hosted(() => undefined);
    host();
    annotationsOf(stack).hasNoWarning('*', Match.stringLikeRegexp(QUOTA_WARNING));
  });
});

describe('lambda.vpc', () => {
  /** Control Tower rules acknowledged on a construct itself, with their reasons. */
  const acknowledgedOn = (construct: { node: { metadata: { type: string; data: unknown }[] } }) =>
    Object.assign(
      {},
      ...construct.node.metadata
        .filter((entry) => entry.type === 'aws:cdk:acknowledged-rules')
        .map((entry) => entry.data as Record<string, string>),
    ) as Record<string, string>;
  const VPC_CHECK = 'cdk-validator-cfnguard::lambda_inside_vpc_check';

  test('places the function in the configured subnets and security groups', () => {
    const { stack, host } = hosted((model) => {
      model.lambda = {
        vpc: { vpcId: 'vpc-0abc', subnetIds: ['subnet-0a', 'subnet-0b'], securityGroupIds: ['sg-0c'] },
      };
    });
    const inference = host();
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Environment: { Variables: Match.objectLike({ MODEL_NAME: 'fraud' }) },
      VpcConfig: { SubnetIds: ['subnet-0a', 'subnet-0b'], SecurityGroupIds: ['sg-0c'] },
    });
    expect(acknowledgedOn(inference.function)[VPC_CHECK]).toBeUndefined();
  });

  test('without it, the function stays outside any VPC and the Control Tower control says why', () => {
    const { stack, host } = hosted(() => {});
    const inference = host();
    for (const fn of Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.VpcConfig).toBeUndefined();
    }
    expect(acknowledgedOn(inference.function)[VPC_CHECK]).toMatch(
      /^The config gives models\.fraud no lambda\.vpc in dev: /,
    );
  });

  test('a log retention under a year is acknowledged with the configured value, a year or more is not', () => {
    const short = hosted((model) => (model.lambda = { logRetentionDays: 30 })).host();
    expect(
      acknowledgedOn(short)['cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check'],
    ).toMatch(/^lambda\.logRetentionDays is 30 for models\.fraud in dev: /);
    const long = hosted((model) => (model.lambda = { logRetentionDays: 365 })).host();
    expect(
      acknowledgedOn(long)['cdk-validator-cfnguard::cloudwatch_log_group_retention_period_check'],
    ).toBeUndefined();
  });
});
