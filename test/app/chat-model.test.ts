import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { CHAT_URL_OUTPUT } from '../../lib/app/chat-model';
import { parseDeploymentConfig } from '../../lib/config';
import { LLM_PROXY_ENV } from '../../contract/llm-proxy';
import { dashboardWidgets } from '../helpers/dashboard';
import { newApp, PROJECT_ROOT, UNIT_STAGES } from '../helpers/app';

// A SageMaker model with the chat proxy and its guardrail, as a user writes it, synthesized by the app with the
// AwsSolutions checks (a finding fails the synth; the Control Tower controls run over examples/llm.yaml in
// every-example).
const YAML = `
project: acme
environments:
  dev: {}
models:
  assistant:
    target: sagemaker
    artifact: { path: models/iris/repository }
    sagemaker:
      instanceType: ml.g5.xlarge
      image: { ecrUri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/llm:1' }
    chat: { enabled: true, upstreamFormat: openai-chat, maxTokens: 512 }
    guardrail:
      enabled: true
      deniedTopics:
        - name: Investment advice
          definition: Recommendations on where to invest money.
      sensitiveInformation: { EMAIL: ANONYMIZE }
      maxInterventionRatePercent: 20
`;

function chatApp() {
  const config = parseDeploymentConfig(YAML, 'chat.yaml', { baseDir: PROJECT_ROOT });
  const app = newApp();
  const [stage] = addDeploymentStages(app, config, UNIT_STAGES);
  app.synth();
  return { model: stage.models[0], dashboard: stage.dashboard as Stack };
}

describe('a SageMaker model with chat and a guardrail from the config', () => {
  const { model, dashboard } = chatApp();
  const template = Template.fromStack(model);

  test('creates the guardrail named after the endpoint, and a published version', () => {
    template.hasResourceProperties('AWS::Bedrock::Guardrail', {
      Name: 'acme-assistant-dev',
      TopicPolicyConfig: { TopicsConfig: [Match.objectLike({ Name: 'Investment advice', Type: 'DENY' })] },
      SensitiveInformationPolicyConfig: {
        PiiEntitiesConfig: [
          Match.objectLike({ Type: 'EMAIL', InputAction: 'ANONYMIZE', OutputAction: 'ANONYMIZE' }),
        ],
      },
      ContentPolicyConfig: {
        FiltersConfig: Match.arrayWith([
          { Type: 'PROMPT_ATTACK', InputStrength: 'HIGH', OutputStrength: 'NONE' },
        ]),
      },
    });
    template.resourceCountIs('AWS::Bedrock::GuardrailVersion', 1);
  });

  test('serves the chat proxy for the endpoint through a streaming URL with IAM auth, output as ChatUrl', () => {
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'AWS_IAM',
      InvokeMode: 'RESPONSE_STREAM',
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          [LLM_PROXY_ENV.endpointName]: 'acme-assistant-dev',
          [LLM_PROXY_ENV.maxTokens]: '512',
        }),
      },
    });
    template.hasOutput(CHAT_URL_OUTPUT, {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ChatProxyFunctionFunctionUrl'), 'FunctionUrl'] },
    });
  });

  test('the chat alarms roll up into the model health alarm, which pages the alarm topic', () => {
    const health = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'))[0];
    const rule = JSON.stringify(health.Properties.AlarmRule);
    for (const alarm of [
      'ChatAlarmsUpstreamErrors',
      'ChatAlarmsUpstreamTimeouts',
      'ChatAlarmsGuardrailInterventionRate',
    ])
      expect(rule).toContain(alarm);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-assistant-dev-chat-guardrail-rate',
      Threshold: 20,
    });
  });

  test('the dashboard has a chat row for the model', () => {
    const titles = dashboardWidgets(dashboard).map((w) => w.properties.title ?? w.properties.markdown);
    expect(titles).toContain('assistant: chat: errors');
    expect(titles).toContain('assistant: chat: alarms');
  });
});

test('a model without chat gets no proxy and no guardrail', () => {
  const yaml = YAML.replace(/    chat:.*\n/, '').replace(/    guardrail:[\s\S]*$/, '');
  const config = parseDeploymentConfig(yaml, 'plain.yaml', { baseDir: PROJECT_ROOT });
  const app = newApp();
  const [stage] = addDeploymentStages(app, config, UNIT_STAGES);
  const template = Template.fromStack(stage.models[0]);
  template.resourceCountIs('AWS::Bedrock::Guardrail', 0);
  template.resourceCountIs('AWS::Lambda::Url', 0);
  expect(stage.models[0].chat).toBeUndefined();
});
