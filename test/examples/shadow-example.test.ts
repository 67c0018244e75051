import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { loadDeploymentConfig } from '../../lib/config';
import { dashboardWidgets } from '../helpers/dashboard';
import { newApp, PROJECT_ROOT, UNIT_STAGES } from '../helpers/app';

// examples/shadow.yaml as a user deploys it, with the AwsSolutions checks (the Control Tower rules: every-example).
const config = loadDeploymentConfig(path.join(PROJECT_ROOT, 'examples/shadow.yaml'), {
  baseDir: PROJECT_ROOT,
});
const app = newApp();
const [stage] = addDeploymentStages(app, config, UNIT_STAGES);
app.synth();
const template = Template.fromStack(stage.models[0]);

test('runs the challenger as a shadow production variant of its own type and count, on half the traffic', () => {
  template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
    ProductionVariants: [
      Match.objectLike({ VariantName: 'AllTraffic', InstanceType: 'ml.m5.large', InitialInstanceCount: 2 }),
    ],
    ShadowProductionVariants: [
      Match.objectLike({
        VariantName: 'Shadow',
        InstanceType: 'ml.c5.xlarge',
        InitialInstanceCount: 1,
        InitialVariantWeight: 0.5,
      }),
    ],
    DataCaptureConfig: Match.objectLike({ EnableCapture: true, InitialSamplingPercentage: 20 }),
  });
});

test('the shadow model reads the challenger data', () => {
  template.hasResourceProperties('AWS::SageMaker::Model', {
    PrimaryContainer: Match.objectLike({
      ModelDataSource: {
        S3DataSource: Match.objectLike({ S3Uri: 's3://acme-model-candidates/iris/2025-06-01/' }),
      },
    }),
  });
});

test('the dashboard sets production and shadow side by side', () => {
  const widgets = dashboardWidgets(stage.dashboard);
  const titles = widgets.map((widget) => JSON.stringify(widget));
  expect(titles.some((text) => text.includes('iris-shadow: production vs shadow'))).toBe(true);
  expect(titles.some((text) => text.includes('"VariantName","Shadow"'))).toBe(true);
});
