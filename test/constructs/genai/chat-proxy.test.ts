import { Duration, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LLM_PROXY_ENV } from '../../../contract/llm-proxy';
import { assetsInPlaceApp } from '../lambda/support';
import { chatStack, chatStackError } from './support';

describe('ChatProxy with a guardrail', () => {
  const { stack, guardrail, proxy, template: synth } = chatStack();
  const template = synth();

  test('serves a streaming Function URL that only signed calls reach', () => {
    template.resourceCountIs('AWS::Lambda::Url', 1);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'AWS_IAM',
      InvokeMode: 'RESPONSE_STREAM',
      TargetFunctionArn: {
        'Fn::GetAtt': [stack.getLogicalId(proxy.function.node.defaultChild as never), 'Arn'],
      },
    });
    // No resource policy opens the URL to anyone: AWS_IAM callers need their own lambda:InvokeFunctionUrl.
    template.resourceCountIs('AWS::Lambda::Permission', 0);
  });

  test('sets every environment variable of the contract', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 300,
      MemorySize: 512,
      Environment: {
        Variables: {
          [LLM_PROXY_ENV.endpointName]: 'acme-assistant-dev',
          [LLM_PROXY_ENV.modelName]: 'assistant',
          [LLM_PROXY_ENV.upstreamFormat]: 'openai-chat',
          [LLM_PROXY_ENV.upstreamTimeoutMs]: '20000',
          [LLM_PROXY_ENV.maxTokens]: '1024',
          [LLM_PROXY_ENV.guardrailId]: {
            'Fn::GetAtt': [stack.getLogicalId(guardrail!.guardrail), 'GuardrailId'],
          },
          [LLM_PROXY_ENV.guardrailVersion]: {
            'Fn::GetAtt': [stack.getLogicalId(guardrail!.version), 'Version'],
          },
          [LLM_PROXY_ENV.guardrailChunkCharacters]: '300',
          [LLM_PROXY_ENV.guardrailOverlapCharacters]: '60',
          [LLM_PROXY_ENV.guardrailStreamMode]: 'stream-first',
          [LLM_PROXY_ENV.metricsNamespace]: 'MlDeploy/LlmProxy',
        },
      },
    });
  });

  test('the role may stream from the endpoint and apply the guardrail, and write its own logs', () => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: stack.getLogicalId(proxy.role.node.defaultChild as never) }] },
    });
    const statements = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements.map((s: { Action: unknown }) => s.Action)).toEqual([
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'],
      'bedrock:ApplyGuardrail',
      'kms:Decrypt',
    ]);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.absent(),
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      },
    });
  });

  test('its log group is encrypted with the stack’s log key when the app encrypts log groups', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogKey'), 'Arn'] },
      RetentionInDays: 30,
    });
  });

  test('grantInvokeUrl lets a principal call the URL', () => {
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    const grant = proxy.grantInvokeUrl(caller);
    expect(grant.success).toBe(true);
  });
});

describe('ChatProxy without a guardrail', () => {
  const { template } = chatStack({ withGuardrail: false, upstreamFormat: 'tgi-generate', maxTokens: 256 });

  test('sets no guardrail variables and grants no Bedrock action', () => {
    const fn = Object.values(template().findResources('AWS::Lambda::Function'))[0];
    const variables = Object.keys(fn.Properties.Environment.Variables);
    expect(variables).not.toContain(LLM_PROXY_ENV.guardrailId);
    expect(variables).not.toContain(LLM_PROXY_ENV.guardrailVersion);
    expect(fn.Properties.Environment.Variables[LLM_PROXY_ENV.upstreamFormat]).toBe('tgi-generate');
    expect(fn.Properties.Environment.Variables[LLM_PROXY_ENV.maxTokens]).toBe('256');
    expect(JSON.stringify(template().findResources('AWS::IAM::Policy'))).not.toContain('bedrock:');
  });
});

describe('ChatProxy refuses', () => {
  test('an upstream timeout as long as the function timeout', () => {
    expect(
      chatStackError({ timeout: Duration.seconds(20), upstreamTimeout: Duration.seconds(20) }),
    ).toContain(
      'upstreamTimeout 20000ms must be shorter than timeout: the proxy must still be running to report an upstream timeout',
    );
  });

  test('a timeout Lambda does not allow', () => {
    expect(chatStackError({ timeout: Duration.minutes(16) })).toContain(
      'timeout 960s must be between 1 and 900 seconds',
    );
  });
});

test('the chat stack passes the AwsSolutions checks with no finding', () => {
  const { stack } = chatStack();
  const app = stack.node.root as ReturnType<typeof assetsInPlaceApp>;
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  expect(() => app.synth()).not.toThrow();
  expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
});
