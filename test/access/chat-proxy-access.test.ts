import { anonymousPrincipal, runSimulation, Simulation } from '@cloud-copilot/iam-simulate';
import { CfnElement } from 'aws-cdk-lib';
import { chatStack, ENV, resolveIn } from '../constructs/genai/support';

/**
 * The chat proxy's access paths, evaluated the way IAM decides them (offline, on the synthesized template): its
 * role may stream from its own endpoint and apply its own guardrail, and nothing beside; its Function URL answers
 * only callers whose own policy allows lambda:InvokeFunctionUrl.
 */

const { stack, proxy, guardrail, template } = chatStack();
const logicalId = (element: unknown) => stack.getLogicalId(element as CfnElement);

const GUARDRAIL_ARN = `arn:aws:bedrock:${ENV.region}:${ENV.account}:guardrail/abcdef123456`;
const KEY_ARN = `arn:aws:kms:${ENV.region}:${ENV.account}:key/11111111-2222-3333-4444-555555555555`;
const ENDPOINT_ARN = `arn:aws:sagemaker:${ENV.region}:${ENV.account}:endpoint/acme-assistant-dev`;
const OTHER_ENDPOINT_ARN = `arn:aws:sagemaker:${ENV.region}:${ENV.account}:endpoint/acme-other-dev`;
const OTHER_GUARDRAIL_ARN = `arn:aws:bedrock:${ENV.region}:${ENV.account}:guardrail/zzzzzz999999`;
const ROLE_SESSION = `arn:aws:sts::${ENV.account}:assumed-role/chat-proxy-role/session`;

function proxyPolicies() {
  const attributes = {
    [`${logicalId(guardrail!.guardrail)}.GuardrailArn`]: GUARDRAIL_ARN,
    [`${logicalId(guardrail!.encryptionKey.node.defaultChild)}.Arn`]: KEY_ARN,
    [`${logicalId(proxy.logGroup.node.defaultChild)}.Arn`]: `arn:aws:logs:${ENV.region}:${ENV.account}:log-group:proxy:*`,
  };
  const roleId = logicalId(proxy.role.node.defaultChild);
  return Object.entries(template().findResources('AWS::IAM::Policy'))
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .map(([name, policy]) => ({
      name,
      policy: resolveIn(
        policy.Properties.PolicyDocument,
        attributes,
      ) as Simulation['identityPolicies'][0]['policy'],
    }));
}

/** KMS reads the key policy first: a key's users need it to delegate to IAM ("Key policies in AWS KMS"). */
function resourcePolicyOf(resource: string) {
  if (resource !== KEY_ARN) return undefined;
  const key =
    template().findResources('AWS::KMS::Key')[logicalId(guardrail!.encryptionKey.node.defaultChild)];
  return resolveIn(key.Properties.KeyPolicy, {}) as Simulation['resourcePolicy'];
}

async function decision(action: string, resource: string): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal: ROLE_SESSION,
        action,
        resource: { resource, accountId: ENV.account },
        contextVariables: { 'aws:SecureTransport': 'true' },
      },
      identityPolicies: proxyPolicies(),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: resourcePolicyOf(resource),
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}

test.each([
  ['sagemaker:InvokeEndpointWithResponseStream', ENDPOINT_ARN, 'Allowed'],
  ['sagemaker:InvokeEndpoint', ENDPOINT_ARN, 'Allowed'],
  ['bedrock:ApplyGuardrail', GUARDRAIL_ARN, 'Allowed'],
  ['kms:Decrypt', KEY_ARN, 'Allowed'],
  ['sagemaker:InvokeEndpointWithResponseStream', OTHER_ENDPOINT_ARN, 'ImplicitlyDenied'],
  ['bedrock:ApplyGuardrail', OTHER_GUARDRAIL_ARN, 'ImplicitlyDenied'],
  ['sagemaker:InvokeEndpointAsync', ENDPOINT_ARN, 'ImplicitlyDenied'],
  ['bedrock:UpdateGuardrail', GUARDRAIL_ARN, 'ImplicitlyDenied'],
  [
    'bedrock:InvokeModel',
    `arn:aws:bedrock:${ENV.region}::foundation-model/amazon.titan-text-express-v1`,
    'ImplicitlyDenied',
  ],
  ['kms:Encrypt', KEY_ARN, 'ImplicitlyDenied'],
])('the proxy role calling %s on %s is %s', async (action, resource, expected) => {
  expect(await decision(action, resource)).toBe(expected);
});

test('an unsigned caller cannot reach the Function URL: AWS_IAM auth and no resource policy for anyone', async () => {
  template().hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM' });
  const functionArn = `arn:aws:lambda:${ENV.region}:${ENV.account}:function:chat-proxy`;
  const result = await runSimulation(
    {
      request: {
        principal: anonymousPrincipal,
        action: 'lambda:InvokeFunctionUrl',
        resource: { resource: functionArn, accountId: ENV.account },
        contextVariables: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' },
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      // The function has no AWS::Lambda::Permission: its resource policy is empty.
      resourcePolicy: undefined,
    },
    {},
  );
  expect(template().findResources('AWS::Lambda::Permission')).toEqual({});
  expect(result.resultType === 'error' ? result.errors : result.overallResult).toBe('ImplicitlyDenied');
});
