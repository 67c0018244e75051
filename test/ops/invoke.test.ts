import { InvokeCommand } from '@aws-sdk/client-lambda';
import { DescribeInferenceComponentCommand } from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import {
  awsError,
  bytes,
  ENDPOINT,
  fixture,
  FUNCTION,
  givenLambdaStack,
  givenNoStack,
  givenSageMakerStack,
  LAMBDA_STACK,
  mldeploy,
  mocks,
  resetMocks,
  SAMPLE_REQUEST,
  stubAwsClients,
  tempFile,
} from './support';

stubAwsClients();

const BODY = 'models/iris/sample-request.json';

beforeEach(() => {
  resetMocks();
  givenSageMakerStack();
  givenLambdaStack();
});

describe('invoke', () => {
  test('sends the body to the live alias of a Lambda model and prints the answer', async () => {
    const answer = fixture('lambda-infer-response.json');
    mocks.lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: bytes(answer) as any });

    const run = await mldeploy(['invoke', '--env', 'prod', '--model', 'iris-lambda', '--body', BODY]);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `function ${FUNCTION}:live answered in 0 ms:\n${JSON.stringify(answer, null, 2)}\n`,
    );
    const input = mocks.lambda.commandCalls(InvokeCommand)[0].args[0].input;
    expect(input.FunctionName).toBe(`${FUNCTION}:live`);
    expect(new TextDecoder().decode(input.Payload as Uint8Array)).toBe(SAMPLE_REQUEST);
  });

  test('sends the body to the endpoint of a SageMaker model; --json prints the answer alone', async () => {
    const answer = fixture('triton-infer-response.json');
    mocks.sageMakerRuntime.on(InvokeEndpointCommand).resolves({ Body: bytes(answer) as any });

    const run = await mldeploy([
      'invoke',
      '--env',
      'prod',
      '--model',
      'iris-sagemaker',
      '--body',
      BODY,
      '--json',
    ]);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(answer);
    expect(mocks.sageMakerRuntime.commandCalls(InvokeEndpointCommand)[0].args[0].input).toMatchObject({
      EndpointName: ENDPOINT,
      ContentType: 'application/json',
    });
  });

  test('shows a no-capacity answer of an endpoint of its own as SageMaker gave it, without waiting', async () => {
    mocks.sageMakerRuntime
      .on(InvokeEndpointCommand)
      .rejects(awsError('ValidationError', 'Endpoint has no capacity to process this request.'));

    const run = await mldeploy(['invoke', '--env', 'prod', '--model', 'iris-sagemaker', '--body', BODY]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `sagemaker:InvokeEndpoint on endpoint ${ENDPOINT} failed (ValidationError: Endpoint has no capacity to process this request.)`,
    );
    expect(run.sleeps).toEqual([]);
    expect(mocks.sageMaker.commandCalls(DescribeInferenceComponentCommand)).toHaveLength(0);
  });

  test('prints a refused request’s answer and fails with its reason', async () => {
    const answer = { statusCode: 400, error: '"inputs" must be a non-empty array, got an array' };
    mocks.lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: bytes(answer) as any });
    const body = tempFile('empty.json', '{"inputs": []}');

    const run = await mldeploy([
      'invoke',
      '--env',
      'prod',
      '--model',
      'iris-lambda',
      '--body',
      body,
      '--json',
    ]);

    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual(answer);
    expect(run.stderr).toBe(
      `function ${FUNCTION}:live: the handler answered 400: "inputs" must be a non-empty array, got an array\n`,
    );
  });

  test('fails when the model is not deployed', async () => {
    givenNoStack(LAMBDA_STACK);

    const run = await mldeploy(['invoke', '--env', 'prod', '--model', 'iris-lambda', '--body', BODY]);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: stack ${LAMBDA_STACK} does not exist; deploy it with npx cdk deploy 'prod/iris-lambda'\n`,
    );
  });

  test('refuses a body file that does not exist, as a usage error', async () => {
    const run = await mldeploy([
      'invoke',
      '--env',
      'prod',
      '--model',
      'iris-lambda',
      '--body',
      'nowhere.json',
    ]);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error: --body nowhere\.json cannot be read \(ENOENT: no such file or directory, open '.*nowhere\.json'\)\n$/,
    );
    expect(mocks.lambda.calls()).toHaveLength(0);
  });

  test('refuses a body that is not JSON, as a usage error', async () => {
    const run = await mldeploy(['invoke', '--env', 'prod', '--model', 'iris-lambda', '--body', 'README.md']);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --body README\.md is not valid JSON \(.+\)\n$/);
  });

  test('needs --model', async () => {
    const run = await mldeploy(['invoke', '--env', 'prod', '--body', BODY]);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "error: required option '--model <model>' not specified\n(add --help for usage)\n",
    );
  });
});

describe('invoke --variant', () => {
  test('sends the request to the named production variant of a SageMaker model', async () => {
    const answer = fixture('triton-infer-response.json');
    mocks.sageMakerRuntime.on(InvokeEndpointCommand).resolves({ Body: bytes(answer) as any });

    const run = await mldeploy([
      'invoke',
      '--env',
      'prod',
      '--model',
      'iris-sagemaker',
      '--body',
      BODY,
      '--variant',
      'ModelB',
    ]);

    expect(run.code).toBe(0);
    expect(mocks.sageMakerRuntime.commandCalls(InvokeEndpointCommand)[0].args[0].input).toMatchObject({
      EndpointName: ENDPOINT,
      TargetVariant: 'ModelB',
    });
  });

  test('refuses --variant for a Lambda model', async () => {
    const run = await mldeploy([
      'invoke',
      '--env',
      'prod',
      '--model',
      'iris-lambda',
      '--body',
      BODY,
      '--variant',
      'B',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--variant picks a SageMaker production variant; iris-lambda runs on lambda',
    );
  });
});
