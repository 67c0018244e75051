import { Template } from 'aws-cdk-lib/assertions';
import { stringify } from 'yaml';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { parseDeploymentConfig } from '../../lib/config';
import { newApp, PROJECT_ROOT, UNIT_STAGES } from '../helpers/app';

// Prod serves an approved package of the Model Registry; dev keeps the repository's Triton folder.
const CONFIG = {
  project: 'acme',
  environments: { dev: {}, prod: {} },
  models: {
    churn: {
      target: 'sagemaker',
      artifact: { path: 'models/iris/repository' },
      environments: {
        prod: {
          artifact: {
            modelPackage: {
              arn: 'arn:aws:sagemaker:eu-west-1:111111111111:model-package/churn/3',
              modelDataUri: 's3://registry-artifacts/churn/3/model.tar.gz',
              image: '222222222222.dkr.ecr.eu-west-1.amazonaws.com/churn-serving:2',
            },
          },
        },
      },
    },
  },
};

const app = newApp();
const stages = addDeploymentStages(
  app,
  parseDeploymentConfig(stringify(CONFIG), 'deployments.yaml', { baseDir: PROJECT_ROOT }),
  UNIT_STAGES,
);
// Synthesis runs the AwsSolutions checks and throws on any unacknowledged finding.
app.synth();
const modelStack = (environment: string) => stages.find((s) => s.stageName === environment)!.models[0];
const template = (environment: string) => Template.fromStack(modelStack(environment));

test('the package environment publishes no artifact and says which package it serves', () => {
  expect(modelStack('prod').artifact).toBeUndefined();
  template('prod').resourceCountIs('Custom::CDKBucketDeployment', 0);
  template('prod').hasOutput('ModelPackageArn', {
    Value: 'arn:aws:sagemaker:eu-west-1:111111111111:model-package/churn/3',
  });
  template('prod').hasResourceProperties('AWS::SageMaker::Model', {
    PrimaryContainer: { ModelPackageName: 'arn:aws:sagemaker:eu-west-1:111111111111:model-package/churn/3' },
  });
});

test('the other environment still publishes and serves the repository folder', () => {
  template('dev').resourceCountIs('Custom::CDKBucketDeployment', 1);
  template('dev').hasOutput('ArtifactUri', {});
});

test('the package model keeps its alarm pack and health alarm', () => {
  expect(modelStack('prod').alarmPack.rollbackAlarms).toHaveLength(2);
  template('prod').hasResourceProperties('AWS::CloudWatch::CompositeAlarm', {
    AlarmName: 'acme-churn-prod-health',
  });
});
