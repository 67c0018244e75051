import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import { CaptureBucket } from '../../../lib/constructs/storage/capture-bucket';
import { ModelArtifact } from '../../../lib/constructs/storage/model-artifact';
import { ModelBucket } from '../../../lib/constructs/storage/model-bucket';
import { addDeploymentStages } from '../../../lib/app/deployment-app';
import { loadDeploymentConfig } from '../../../lib/config';
import { newApp, newStack, PROJECT_ROOT, UNIT_STAGES } from '../../helpers/app';

/** The ServiceTimeout of every custom resource of a type, in seconds. */
function serviceTimeouts(template: Template, type: string): unknown[] {
  return Object.values(template.findResources(type)).map((resource) => resource.Properties.ServiceTimeout);
}

describe('custom resources that aws-cdk-lib creates for us', () => {
  test('an artifact upload fails after 20 minutes without an answer instead of an hour', () => {
    const stack = newStack();
    const modelBucket = new ModelBucket(stack, 'Models');
    new ModelArtifact(stack, 'Artifact', {
      modelName: 'iris',
      modelBucket,
      localPath: path.join(PROJECT_ROOT, 'models/iris/repository'),
    });
    expect(serviceTimeouts(Template.fromStack(stack), 'Custom::CDKBucketDeployment')).toEqual([1200]);
  });

  test('emptying destroyable model, access-log and capture buckets is bounded the same way', () => {
    const stack = newStack();
    const models = new ModelBucket(stack, 'Models', { destroyOnDelete: true });
    new CaptureBucket(stack, 'Capture', { accessLogsBucket: models.accessLogsBucket, destroyOnDelete: true });
    expect(serviceTimeouts(Template.fromStack(stack), 'Custom::S3AutoDeleteObjects')).toEqual([
      1200, 1200, 1200,
    ]);
  });
});

test('every custom resource of the example app bounds how long CloudFormation waits for it', () => {
  const app = newApp();
  const config = loadDeploymentConfig(path.join(PROJECT_ROOT, 'config/deployments.yaml'), {
    baseDir: PROJECT_ROOT,
  });
  const stacks = addDeploymentStages(app, config, UNIT_STAGES).flatMap((stage) => [
    stage.platform,
    ...stage.models,
    stage.dashboard,
  ]);
  const unbounded: string[] = [];
  let count = 0;
  for (const stack of stacks) {
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, any>;
    for (const [id, resource] of Object.entries(resources)) {
      if (!/^Custom::|^AWS::CloudFormation::CustomResource$/.test(resource.Type)) continue;
      count += 1;
      const timeout = Number(resource.Properties.ServiceTimeout);
      if (!(timeout >= 1 && timeout <= 3600)) unbounded.push(`${stack.node.path}/${id} (${resource.Type})`);
    }
  }
  expect(count).toBeGreaterThan(0);
  expect(unbounded).toEqual([]);
});
