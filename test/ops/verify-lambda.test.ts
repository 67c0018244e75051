import { GetAliasCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { DescribeEndpointCommand } from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import {
  awsError,
  bytes,
  CONFIG_V2,
  ENDPOINT,
  fixture,
  FUNCTION,
  givenLambdaStack,
  givenSageMakerStack,
  givenStack,
  LAMBDA_STACK,
  mldeploy,
  mocks,
  resetMocks,
  SAMPLE_REQUEST,
  stubAwsClients,
  tempConfig,
} from './support';

stubAwsClients();

const VERIFY = ['verify', '--env', 'prod', '--model', 'iris-lambda'];

function alias(version: string, weights?: Record<string, number>) {
  return {
    Name: 'live',
    FunctionVersion: version,
    AliasArn: `arn:aws:lambda:eu-west-1:123456789012:function:${FUNCTION}:live`,
    RoutingConfig: weights && { AdditionalVersionWeights: weights },
  };
}

function givenAnswer(answer: unknown, functionError?: string) {
  mocks.lambda.on(InvokeCommand).resolves({
    StatusCode: 200,
    ExecutedVersion: '7',
    FunctionError: functionError,
    Payload: bytes(answer) as any,
  });
}

function reasonOf(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.startsWith(' - iris-lambda: '));
  return line!.slice(' - iris-lambda: '.length);
}

beforeEach(() => {
  resetMocks();
  givenLambdaStack();
});

describe('verify of a Lambda model', () => {
  test('passes when the live alias points at the deployed version and answers the sample request', async () => {
    mocks.lambda.on(GetAliasCommand).resolves(alias('7'));
    givenAnswer(fixture('lambda-infer-response.json'));

    const run = await mldeploy(VERIFY);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'MODEL        TARGET  STATE     CHECK\n' +
        'iris-lambda  lambda  live → 7  ok: probabilities [2,3] FP32, label [2] INT64\n' +
        'verified 1 of 1 models in prod\n',
    );
    expect(mocks.lambda.commandCalls(GetAliasCommand)[0].args[0].input).toEqual({
      FunctionName: FUNCTION,
      Name: 'live',
    });
    const invoked = mocks.lambda.commandCalls(InvokeCommand)[0].args[0].input;
    expect(invoked.FunctionName).toBe(`${FUNCTION}:live`);
    expect(new TextDecoder().decode(invoked.Payload as Uint8Array)).toBe(SAMPLE_REQUEST);
  });

  test('fails when the alias points at another version: CodeDeploy rolled back', async () => {
    mocks.lambda.on(GetAliasCommand).resolves(alias('6'));

    const run = await mldeploy(VERIFY);

    expect(run.code).toBe(1);
    expect(reasonOf(run.stderr)).toBe(
      `CodeDeploy rolled back or another deploy ran: alias live of function ${FUNCTION} points at version 6, not version 7 that the last deploy of stack ${LAMBDA_STACK} put there`,
    );
    expect(run.stdout).toContain('iris-lambda  lambda  live → 6  FAILED\n');
    expect(mocks.lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  test('waits while traffic shifts, then checks the alias and the answer', async () => {
    mocks.lambda
      .on(GetAliasCommand)
      .resolvesOnce(alias('6', { '7': 0.1 }))
      .resolvesOnce(alias('6', { '7': 0.6 }))
      .resolves(alias('7'));
    givenAnswer(fixture('lambda-infer-response.json'));

    const run = await mldeploy(VERIFY);

    expect(run.code).toBe(0);
    expect(run.sleeps).toEqual([15_000, 15_000]);
    expect(run.stderr).toBe(
      `iris-lambda: alias live of function ${FUNCTION} is shifting traffic: version 6 with 10 % on version 7 (waiting up to 30 minutes more)\n` +
        `iris-lambda: alias live of function ${FUNCTION} is shifting traffic: version 6 with 60 % on version 7 (waiting up to 30 minutes more)\n`,
    );
  });

  test('shows a spinner while it waits on a terminal, and stops it', async () => {
    mocks.lambda
      .on(GetAliasCommand)
      .resolvesOnce(alias('6', { '7': 0.1 }))
      .resolves(alias('7'));
    givenAnswer(fixture('lambda-infer-response.json'));
    const calls: string[] = [];
    const spinner = (text: string) => {
      calls.push(`create: ${text}`);
      return {
        start: () => calls.push('start'),
        update: ({ text: next }: { text: string }) => calls.push(`update: ${next}`),
        stop: () => calls.push('stop'),
      };
    };

    const run = await mldeploy(VERIFY, { tty: true, spinner });

    expect(run.code).toBe(0);
    expect(calls).toEqual([
      `create: iris-lambda: alias live of function ${FUNCTION} is shifting traffic: version 6 with 10 % on version 7 (waiting up to 30 minutes more)`,
      'start',
      'stop',
    ]);
    expect(run.stderr).toBe('');
  });

  test('writes lines instead of a spinner on a terminal without a width', async () => {
    mocks.lambda
      .on(GetAliasCommand)
      .resolvesOnce(alias('6', { '7': 0.1 }))
      .resolves(alias('7'));
    givenAnswer(fixture('lambda-infer-response.json'));

    const run = await mldeploy(VERIFY, { tty: true, columns: 0 });

    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `iris-lambda: alias live of function ${FUNCTION} is shifting traffic: version 6 with 10 % on version 7 (waiting up to 30 minutes more)\n`,
    );
  });

  test('shows no spinner with --json, even on a terminal', async () => {
    mocks.lambda
      .on(GetAliasCommand)
      .resolvesOnce(alias('6', { '7': 0.1 }))
      .resolves(alias('7'));
    givenAnswer(fixture('lambda-infer-response.json'));

    const run = await mldeploy([...VERIFY, '--json'], { tty: true });

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  test('gives up when traffic is still shifting after --wait-minutes', async () => {
    mocks.lambda.on(GetAliasCommand).resolves(alias('6', { '7': 0.1 }));

    const run = await mldeploy([...VERIFY, '--wait-minutes', '0']);

    expect(run.code).toBe(1);
    expect(run.sleeps).toEqual([]);
    expect(reasonOf(run.stderr)).toBe(
      `gave up after 0 minutes: alias live of function ${FUNCTION} is shifting traffic: version 6 with 10 % on version 7`,
    );
  });

  test('fails with the error of a function that crashed', async () => {
    mocks.lambda.on(GetAliasCommand).resolves(alias('7'));
    givenAnswer(
      {
        errorType: 'Runtime.ImportModuleError',
        errorMessage: "Error: Cannot find module 'onnxruntime-node'",
      },
      'Unhandled',
    );

    const run = await mldeploy(VERIFY);

    expect(reasonOf(run.stderr)).toBe(
      `function ${FUNCTION}:live: the function failed (Unhandled): Runtime.ImportModuleError: Error: Cannot find module 'onnxruntime-node'`,
    );
  });

  test('fails with the reason of a request the handler refused', async () => {
    mocks.lambda.on(GetAliasCommand).resolves(alias('7'));
    givenAnswer({ statusCode: 400, error: 'input "input": shape [2,4] needs 8 values, got 7' });

    const run = await mldeploy(VERIFY);

    expect(reasonOf(run.stderr)).toBe(
      `function ${FUNCTION}:live: the handler answered 400: input "input": shape [2,4] needs 8 values, got 7`,
    );
  });

  test('fails when an output lacks its name and datatype', async () => {
    mocks.lambda.on(GetAliasCommand).resolves(alias('7'));
    givenAnswer({ model_name: 'iris-lambda', outputs: [{ shape: [2], data: [0, 2] }] });

    const run = await mldeploy(VERIFY);

    expect(reasonOf(run.stderr)).toBe(
      `the answer of function ${FUNCTION}:live to models/iris/sample-request.json is not a v2 infer response: ` +
        'outputs[0].name must be a non-empty string, got nothing; outputs[0]: datatype nothing is not one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES',
    );
  });

  test('fails when the live version answers for another artifact than the deployed one', async () => {
    givenStack(LAMBDA_STACK, {
      FunctionName: FUNCTION,
      LiveVersion: '7',
      ArtifactSha256: '0123456789ab' + 'c'.repeat(52),
    });
    mocks.lambda.on(GetAliasCommand).resolves(alias('7'));
    givenAnswer(fixture('lambda-infer-response.json'));

    const run = await mldeploy(VERIFY);

    expect(run.code).toBe(1);
    expect(reasonOf(run.stderr)).toBe(
      `the answer of function ${FUNCTION}:live to models/iris/sample-request.json is not a v2 infer response: ` +
        '"model_version" is "3f1c2a9b8d7e", expected "0123456789ab"',
    );
  });

  test('fails when the alias cannot be read, naming the action and the function', async () => {
    mocks.lambda
      .on(GetAliasCommand)
      .rejects(
        awsError(
          'AccessDeniedException',
          'User: arn:aws:sts::123456789012:assumed-role/ci/verify is not authorized to perform: lambda:GetAlias',
          403,
        ),
      );

    const run = await mldeploy(VERIFY);

    expect(reasonOf(run.stderr)).toBe(
      `lambda:GetAlias on alias live of function ${FUNCTION} was denied (AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ci/verify is not authorized to perform: lambda:GetAlias); grant lambda:GetAlias to the caller`,
    );
    expect(mocks.lambda.commandCalls(GetAliasCommand)).toHaveLength(1);
    expect(run.sleeps).toEqual([]);
  });
});

describe('verify of an environment', () => {
  beforeEach(() => {
    givenSageMakerStack();
    mocks.sageMaker.on(DescribeEndpointCommand).resolves({
      EndpointName: ENDPOINT,
      EndpointArn: `arn:aws:sagemaker:eu-west-1:123456789012:endpoint/${ENDPOINT}`,
      EndpointConfigName: CONFIG_V2,
      EndpointStatus: 'InService',
      CreationTime: new Date(0),
      LastModifiedTime: new Date(0),
    });
    mocks.sageMakerRuntime
      .on(InvokeEndpointCommand)
      .resolves({ Body: bytes(fixture('triton-infer-response.json')) as any });
  });

  test('checks every model and prints one JSON document with --json', async () => {
    mocks.lambda.on(GetAliasCommand).resolves(alias('6'));

    const run = await mldeploy(['verify', '--env', 'prod', '--json']);

    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      environment: 'prod',
      ok: false,
      models: [
        {
          model: 'iris-sagemaker',
          target: 'sagemaker',
          stack: 'mldeploy-prod-iris-sagemaker',
          ok: true,
          state: 'InService',
          check: 'ok: probabilities [2,3] FP32, label [2] INT64',
          outputs: [
            { name: 'probabilities', shape: [2, 3], datatype: 'FP32' },
            { name: 'label', shape: [2], datatype: 'INT64' },
          ],
        },
        {
          model: 'iris-lambda',
          target: 'lambda',
          stack: LAMBDA_STACK,
          ok: false,
          state: 'live → 6',
          check: 'FAILED',
          reason: `CodeDeploy rolled back or another deploy ran: alias live of function ${FUNCTION} points at version 6, not version 7 that the last deploy of stack ${LAMBDA_STACK} put there`,
        },
      ],
    });
    expect(run.stderr).toBe(
      'verify failed for 1 of 2 models in prod:\n' +
        ` - iris-lambda: CodeDeploy rolled back or another deploy ran: alias live of function ${FUNCTION} points at version 6, not version 7 that the last deploy of stack ${LAMBDA_STACK} put there\n`,
    );
  });

  test('prints the summary table of every model', async () => {
    mocks.lambda.on(GetAliasCommand).resolves(alias('7'));
    mocks.lambda
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, Payload: bytes(fixture('lambda-infer-response.json')) as any });

    const run = await mldeploy(['verify', '--env', 'prod']);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'MODEL           TARGET     STATE      CHECK\n' +
        'iris-sagemaker  sagemaker  InService  ok: probabilities [2,3] FP32, label [2] INT64\n' +
        'iris-lambda     lambda     live → 7   ok: probabilities [2,3] FP32, label [2] INT64\n' +
        'verified 2 of 2 models in prod\n',
    );
  });

  test('uses the region of the environment', async () => {
    const config = tempConfig((text) =>
      text.replace(
        '  prod:\n    tags:',
        "  prod:\n    account: '123456789012'\n    region: eu-central-1\n    tags:",
      ),
    );
    mocks.lambda.on(GetAliasCommand).resolves(alias('7'));
    mocks.lambda
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, Payload: bytes(fixture('lambda-infer-response.json')) as any });

    const run = await mldeploy(['verify', '--env', 'prod', '--config', config]);

    expect(run.code).toBe(0);
    expect(run.regions).toEqual(['eu-central-1']);
  });
});
