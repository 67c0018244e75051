import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { parseDeploymentConfig } from '../../lib/config';
import { yamlErrorOf } from '../config/fixtures';
import { newApp, PROJECT_ROOT, UNIT_STAGES } from '../helpers/app';

// A serverless SageMaker model as a user writes it: an ECR image (Triton exceeds the 10 GB serverless image
// limit), loaded through the config loader with every built-in default (volumeEncryption: true among them)
// and synthesized by the app with the AwsSolutions checks.
const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/iris-onnx:1.0';

/** The config of one serverless model `churn`, with `scaling` (its YAML lines) under the model. */
function serverlessYaml(scaling = ''): string {
  return `
project: acme
environments:
  dev: {}
models:
  churn:
    target: sagemaker
    artifact: { path: models/iris/repository }
    sagemaker:
      variant: serverless
      image: { ecrUri: '${IMAGE}' }
      serverless: { memorySizeMb: 3072, maxConcurrency: 10, provisionedConcurrency: 2 }
${scaling}`;
}

function serverlessStack(scaling = ''): Stack {
  const config = parseDeploymentConfig(serverlessYaml(scaling), 'serverless.yaml', { baseDir: PROJECT_ROOT });
  const app = newApp();
  const [stage] = addDeploymentStages(app, config, UNIT_STAGES);
  app.synth();
  return stage.models[0];
}

describe('a serverless SageMaker model from the config', () => {
  const template = Template.fromStack(serverlessStack());

  test('synthesizes a serverless variant of the ECR image', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [
        Match.objectLike({
          ServerlessConfig: { MemorySizeInMB: 3072, MaxConcurrency: 10, ProvisionedConcurrency: 2 },
          InstanceType: Match.absent(),
        }),
      ],
    });
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: Match.objectLike({ Image: IMAGE }),
    });
  });

  test('passes no volume key, although volumeEncryption is on by default: serverless has no volume', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { KmsKeyId: Match.absent() });
  });

  test('deploys without guardrails or rollback alarms, which serverless endpoints do not have', () => {
    template.hasResourceProperties('AWS::SageMaker::Endpoint', {
      EndpointName: 'acme-churn-dev',
      DeploymentConfig: Match.absent(),
      RetainAllVariantProperties: Match.absent(),
    });
    const names = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties.AlarmName,
    );
    expect(names).toEqual(expect.arrayContaining(['acme-churn-dev-5xx-rate', 'acme-churn-dev-p99-latency']));
    expect(names.filter((name) => String(name).includes('rollback'))).toEqual([]);
  });
});

describe('a serverless SageMaker model with provisioned-concurrency scaling', () => {
  const template = Template.fromStack(
    serverlessStack(`    scaling:
      enabled: true
      minProvisionedConcurrency: 1
      maxProvisionedConcurrency: 8
      targetProvisionedConcurrencyUtilization: 0.6
`),
  );

  test('scales the provisioned concurrency of the variant on its utilization', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: 'endpoint/acme-churn-dev/variant/AllTraffic',
      ScalableDimension: 'sagemaker:variant:DesiredProvisionedConcurrency',
      MinCapacity: 1,
      MaxCapacity: 8,
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

  test('has no volume key and no deployment guardrails either', () => {
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', { KmsKeyId: Match.absent() });
    template.hasResourceProperties('AWS::SageMaker::Endpoint', { DeploymentConfig: Match.absent() });
  });
});

describe('a serverless SageMaker model with provisioned concurrency on a schedule', () => {
  const template = Template.fromStack(
    serverlessStack(`    scaling:
      enabled: true
      minProvisionedConcurrency: 2
      maxProvisionedConcurrency: 8
      schedules:
        - { name: nights, schedule: 'cron(0 20 ? * * *)', timezone: Europe/Paris, minProvisionedConcurrency: 0, maxProvisionedConcurrency: 1 }
        - { name: days, schedule: 'cron(0 7 ? * MON-FRI *)', timezone: Europe/Paris, minProvisionedConcurrency: 2, maxProvisionedConcurrency: 8 }
`),
  );

  test('sets the provisioned-concurrency range of the variant at the scheduled times', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'sagemaker:variant:DesiredProvisionedConcurrency',
      ScheduledActions: [
        {
          ScheduledActionName: 'acme-churn-dev-nights',
          Schedule: 'cron(0 20 ? * * *)',
          Timezone: 'Europe/Paris',
          ScalableTargetAction: { MinCapacity: 0, MaxCapacity: 1 },
        },
        {
          ScheduledActionName: 'acme-churn-dev-days',
          Schedule: 'cron(0 7 ? * MON-FRI *)',
          Timezone: 'Europe/Paris',
          ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 8 },
        },
      ],
    });
  });
});

describe('scaling schedules give the range of their variant', () => {
  const configError = (schedule: string) =>
    yamlErrorOf(
      serverlessYaml(`    scaling:
      enabled: true
      minProvisionedConcurrency: 1
      maxProvisionedConcurrency: 4
      schedules:
        - { name: nights, schedule: 'cron(0 20 ? * * *)', ${schedule} }
`),
    );

  test('a serverless variant refuses an instance range, at its line', () => {
    expect(configError('minInstances: 0, maxInstances: 1')).toContain(
      'models.churn.scaling.schedules.0.minInstances: does not apply to a serverless variant (sagemaker.variant): its schedules set minProvisionedConcurrency and maxProvisionedConcurrency (line 18)',
    );
  });

  test('a serverless variant needs both provisioned-concurrency bounds', () => {
    expect(configError('minProvisionedConcurrency: 0')).toContain(
      'models.churn.scaling.schedules.0: needs maxProvisionedConcurrency: the range a serverless variant (sagemaker.variant) takes from then on',
    );
  });

  test('a scheduled provisioned concurrency stays within maxConcurrency', () => {
    expect(configError('minProvisionedConcurrency: 0, maxProvisionedConcurrency: 12')).toContain(
      'models.churn.scaling.schedules.0.maxProvisionedConcurrency: 12 must be <= sagemaker.serverless.maxConcurrency (10) (line 18)',
    );
  });
});
