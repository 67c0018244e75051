import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildInferenceComponentsApp } from '../../examples/inference-components';
import { newApp } from '../helpers/app';

// examples/inference-components.ts, synthesized with the AwsSolutions checks and the Control Tower rules.
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
