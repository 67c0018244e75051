/**
 * @jest-environment ./test/lambda/inference/onnx-environment.ts
 */
import { InvokeCommand, LambdaClient, RequestTooLargeException } from '@aws-sdk/client-lambda';
import {
  InvokeEndpointCommand,
  SageMakerRuntimeClient,
  ValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import { DEFAULT_MAX_REQUEST_BYTES } from '../../../lambda/inference/config';
import { createInference } from '../../../lambda/inference/handler';
import { startLocalServer, type LocalServer } from '../../../lambda/inference/local-server';
import { irisConfig, quietTelemetry } from './support';

const ROWS = [
  [5.1, 3.5, 1.4, 0.2],
  [6.3, 3.3, 6.0, 2.5],
];
const CLIENT = { region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

/** `levels` arrays, each holding the next, around one number: `[[[...[1]...]]]`. */
function nestedText(levels: number): string {
  return `${'['.repeat(levels)}1${']'.repeat(levels)}`;
}

function requestText(data: string, shape = '[2,4]'): string {
  return `{"inputs":[{"name":"input","shape":${shape},"datatype":"FP32","data":${data}}]}`;
}

describe('hostile and unsupported requests are answered 4xx over HTTP, never 500', () => {
  let server: LocalServer;

  beforeAll(async () => {
    const { handler } = createInference({
      config: irisConfig({ maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES }),
      ...quietTelemetry(),
    });
    server = await startLocalServer({ handler, port: 0, maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES });
  });

  afterAll(() => server.close());

  async function infer(body: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}/v2/models/iris/infer`, { method: 'POST', body, headers });
    return {
      status: response.status,
      body: (await response.json()) as { error?: string; outputs?: unknown },
    };
  }

  test('data nested 10,000 levels deep is refused at the first level that does not match the shape', async () => {
    const answer = await infer(requestText(nestedText(10_000)));

    expect(answer).toEqual({
      status: 400,
      body: { error: 'input "input": data has 1 elements but dimension 0 of shape [2,4] is 2' },
    });
  });

  test('an array nested 10,000 levels deep in place of one value is refused below the rank', async () => {
    const answer = await infer(requestText(`[[${nestedText(10_000)},3.5,1.4,0.2]]`, '[1,4]'));

    expect(answer).toEqual({
      status: 400,
      body: { error: 'input "input": data[0][0] is an array, but shape [1,4] nests 2 deep' },
    });
  });

  test('a body nested a million levels deep, within the size limit, is refused like any other', async () => {
    const body = requestText(nestedText(1_000_000));
    expect(Buffer.byteLength(body)).toBeLessThan(DEFAULT_MAX_REQUEST_BYTES);

    const answer = await infer(body);

    expect(answer).toEqual({
      status: 400,
      body: { error: 'input "input": data has 1 elements but dimension 0 of shape [2,4] is 2' },
    });
  });

  test('a shape nested 10,000 levels deep is refused without serialising it', async () => {
    const answer = await infer(requestText('[]', nestedText(10_000)));

    expect(answer).toEqual({
      status: 400,
      body: { error: 'input "input": shape must be an array of non-negative integers, got an array of 1' },
    });
  });

  test('ragged rows are refused even when their values add up to the shape', async () => {
    const answer = await infer(requestText('[[5.1,3.5,1.4],[0.2,6.3,3.3,6.0,2.5]]'));

    expect(answer).toEqual({
      status: 400,
      body: { error: 'input "input": data[0] has 3 elements but dimension 1 of shape [2,4] is 4' },
    });
  });

  test('rows nested deeper than the shape are refused', async () => {
    const answer = await infer(requestText(JSON.stringify(ROWS.map((row) => row.map((v) => [v])))));

    expect(answer).toEqual({
      status: 400,
      body: { error: 'input "input": data[0][0] is an array, but shape [2,4] nests 2 deep' },
    });
  });

  test('a nested row among flat values is refused by its position', async () => {
    const answer = await infer(requestText('[5.1,3.5,1.4,0.2,[6.3,3.3],6.0,2.5,1]'));

    expect(answer).toEqual({
      status: 400,
      body: {
        error:
          'input "input": data[4] is [6.3,3.3], expected a finite number within the float32 range (FP32)',
      },
    });
  });

  test('rows nested exactly like the shape are served like flat data', async () => {
    const nested = await infer(requestText(JSON.stringify(ROWS)));
    const flat = await infer(requestText(JSON.stringify(ROWS.flat())));

    expect(nested.status).toBe(200);
    expect(nested.body).toEqual(flat.body);
  });

  test('the binary tensor data extension is refused with the way out', async () => {
    const body = requestText(JSON.stringify(ROWS.flat()));

    const answer = await infer(body, { 'Inference-Header-Content-Length': String(Buffer.byteLength(body)) });

    expect(answer).toEqual({
      status: 400,
      body: {
        error:
          'binary tensor data (the Inference-Header-Content-Length header) is not supported; send the whole ' +
          'request as JSON, with each input\'s values in its "data" array',
      },
    });
  });
});

describe('a body over the limit on the AWS wire paths raises the SDK’s typed exception', () => {
  const LIMIT = 4096;
  const big = new TextEncoder().encode(requestText(JSON.stringify(new Array(2000).fill(1.5)), '[500,4]'));
  let server: LocalServer;
  let lambda: LambdaClient;
  let sagemaker: SageMakerRuntimeClient;

  beforeAll(async () => {
    const { handler } = createInference({ config: irisConfig(), ...quietTelemetry() });
    server = await startLocalServer({ handler, port: 0, maxRequestBytes: LIMIT });
    lambda = new LambdaClient({ ...CLIENT, endpoint: server.url, maxAttempts: 1 });
    sagemaker = new SageMakerRuntimeClient({ ...CLIENT, endpoint: server.url, maxAttempts: 1 });
  });

  afterAll(async () => {
    lambda.destroy();
    sagemaker.destroy();
    await server.close();
  });

  test('Lambda Invoke: RequestTooLargeException, HTTP 413', async () => {
    const call = lambda.send(new InvokeCommand({ FunctionName: 'iris', Payload: big }));

    await expect(call).rejects.toBeInstanceOf(RequestTooLargeException);
    await expect(call).rejects.toMatchObject({
      $metadata: { httpStatusCode: 413 },
      message: `Request must be smaller than ${LIMIT} bytes for the InvokeFunction operation (got ${big.length} bytes)`,
    });
  });

  test('SageMaker InvokeEndpoint: ValidationError, HTTP 413', async () => {
    const call = sagemaker.send(
      new InvokeEndpointCommand({ EndpointName: 'iris', ContentType: 'application/json', Body: big }),
    );

    await expect(call).rejects.toBeInstanceOf(ValidationError);
    await expect(call).rejects.toMatchObject({
      $metadata: { httpStatusCode: 413 },
      message: `Request body is ${big.length} bytes; InvokeEndpoint accepts at most ${LIMIT} bytes here.`,
    });
  });
});
