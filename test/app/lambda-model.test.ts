import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { addLambdaHosting } from '../../lib/app/lambda-model';
import { ModelArtifact } from '../../lib/constructs/model-artifact';
import { ModelBucket } from '../../lib/constructs/model-bucket';
import { minimalConfig, parse } from '../config/fixtures';
import { assetsInPlaceApp } from '../constructs/lambda-inference-support';

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
  return { stack, host: () => addLambdaHosting(stack, model, { artifact }) };
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
  Annotations.fromStack(stack).hasWarning(
    '/Fraud/Inference',
    Match.stringLikeRegexp('has no authentication'),
  );
});
