import { GetAliasCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { modelVersionOfArtifact } from '../../contract/names';
import { createPreTrafficHook } from '../../lambda/pre-traffic-hook/hook';
import { hookEvent, invokeOutput, irisAnswer, TARGET_VERSION_ARN } from '../lambda/pre-traffic-hook/support';
import {
  FUNCTION,
  givenStack,
  LAMBDA_STACK,
  mldeploy,
  mocks,
  resetMocks,
  SAMPLE_REQUEST,
  stubAwsClients,
} from '../ops/support';

stubAwsClients();

/**
 * The pre-traffic hook judges a new Lambda version's answer before it takes traffic, `mldeploy verify` judges the
 * live alias's answer after the deploy. Both judge by contract/infer-response.ts and expect the model name and
 * version the app serves, so an answer the hook would refuse never passes verify, and the other way round.
 */

// The artifact digest of the deploy under test; the fixture answers carry its short form as model_version.
const SHA256 = '3f1c2a9b8d7e' + 'a'.repeat(52);
const SERVED = { name: 'iris-lambda', version: modelVersionOfArtifact(SHA256) };

type Answer = { readonly payload: unknown; readonly functionError?: string };

const answers: [string, Answer][] = [
  ['the handler answer to the sample request', { payload: irisAnswer() }],
  ['an answer from the previous artifact', { payload: { ...irisAnswer(), model_version: '0123456789ab' } }],
  ['an answer naming another model', { payload: { ...irisAnswer(), model_name: 'churn' } }],
  [
    'an answer that does not name its model',
    { payload: { ...irisAnswer(), model_name: undefined, model_version: undefined } },
  ],
  [
    'an output whose data does not fill its shape',
    {
      payload: {
        ...irisAnswer(),
        outputs: [{ name: 'label', shape: [2], datatype: 'INT64', data: [0] }],
      },
    },
  ],
  [
    'an output with a datatype outside the protocol',
    {
      payload: {
        ...irisAnswer(),
        outputs: [{ name: 'label', shape: [2], datatype: 'FLOAT', data: [0, 2] }],
      },
    },
  ],
  ['an answer without outputs', { payload: { ...irisAnswer(), outputs: [] } }],
  ['a 400 from the handler', { payload: { statusCode: 400, error: 'input "input": shape [2,3]' } }],
  [
    'a crash of the function',
    { payload: { errorType: 'Error', errorMessage: 'boom' }, functionError: 'Unhandled' },
  ],
  ['an answer that is not JSON', { payload: 'Task timed out' }],
];

async function hookVerdict({ payload, functionError }: Answer): Promise<boolean> {
  const hook = createPreTrafficHook({
    lambda: { send: async () => invokeOutput(payload, functionError) },
    codedeploy: { send: async () => ({}) },
    targetVersionArn: TARGET_VERSION_ARN,
    sampleRequest: SAMPLE_REQUEST,
    expected: SERVED,
    log: () => undefined,
  });
  const { status } = await hook(hookEvent());
  return status === 'Succeeded';
}

async function verifyVerdict({ payload, functionError }: Answer): Promise<boolean> {
  resetMocks();
  givenStack(LAMBDA_STACK, {
    FunctionName: FUNCTION,
    LiveVersion: '7',
    LiveAliasArn: `arn:aws:lambda:eu-west-1:123456789012:function:${FUNCTION}:live`,
    ArtifactSha256: SHA256,
  });
  mocks.lambda.on(GetAliasCommand).resolves({ Name: 'live', FunctionVersion: '7' });
  mocks.lambda.on(InvokeCommand).resolves(invokeOutput(payload, functionError));
  const run = await mldeploy(['verify', '--env', 'prod', '--model', 'iris-lambda']);
  return run.code === 0;
}

describe('the pre-traffic hook and mldeploy verify', () => {
  test.each(answers)('give the same verdict on %s', async (_, answer) => {
    const hook = await hookVerdict(answer);
    expect(await verifyVerdict(answer)).toBe(hook);
  });

  test('accept the handler answer and refuse every other answer here', async () => {
    const verdicts = await Promise.all(answers.map(([, answer]) => hookVerdict(answer)));
    expect(verdicts).toEqual(answers.map((_, i) => i === 0));
  });
});
