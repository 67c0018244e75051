import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildInferenceComponentsApp } from '../../examples/inference-components';
import { newApp } from '../helpers/app';

// examples/inference-components.ts, synthesized with the AwsSolutions checks (the Control Tower controls check the
// deployment app's environment stages; this app of plain stacks has none).
const app = newApp();
const stack = buildInferenceComponentsApp(app);
app.synth();
const template = Template.fromStack(stack);

test('two inference components share one endpoint that may scale to zero instances', () => {
  template.resourceCountIs('AWS::SageMaker::InferenceComponent', 2);
  template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
    ExecutionRoleArn: Match.anyValue(),
    ProductionVariants: [
      Match.objectLike({
        ManagedInstanceScaling: { Status: 'ENABLED', MinInstanceCount: 0, MaxInstanceCount: 2 },
      }),
    ],
  });
});

test('each component has a copy-count scalable target whose minimum is 0', () => {
  for (const name of ['mldeploy-iris-dev', 'mldeploy-churn-dev']) {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: `inference-component/${name}`,
      ScalableDimension: 'sagemaker:inference-component:DesiredCopyCount',
      MinCapacity: 0,
    });
  }
});

test('iris keeps a warm copy in working hours, Paris time, and may fall to zero after them', () => {
  template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
    ResourceId: 'inference-component/mldeploy-iris-dev',
    ScheduledActions: [
      Match.objectLike({
        ScheduledActionName: 'mldeploy-iris-dev-working-hours',
        Schedule: 'cron(0 8 ? * MON-FRI *)',
        Timezone: 'Europe/Paris',
        ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 2 },
      }),
      Match.objectLike({
        ScheduledActionName: 'mldeploy-iris-dev-after-hours',
        ScalableTargetAction: { MinCapacity: 0, MaxCapacity: 2 },
      }),
    ],
  });
});

test('churn replaces one copy of two at a time and rolls back on its own 5XX-rate and latency alarms', () => {
  template.hasResourceProperties('AWS::SageMaker::InferenceComponent', {
    InferenceComponentName: 'mldeploy-churn-dev',
    RuntimeConfig: { CopyCount: 2 },
    DeploymentConfig: {
      RollingUpdatePolicy: Match.objectLike({
        MaximumBatchSize: { Type: 'COPY_COUNT', Value: 1 },
        WaitIntervalInSeconds: 300,
      }),
      AutoRollbackConfiguration: {
        Alarms: [
          { AlarmName: 'mldeploy-churn-dev-5xx-rate' },
          { AlarmName: 'mldeploy-churn-dev-p99-latency' },
        ],
      },
    },
  });
});
