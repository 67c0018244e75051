/**
 * @jest-environment ./test/lambda/inference/onnx-environment.ts
 */
import type { InferResponse } from '../../../lambda/inference/protocol';
import { createInference } from '../../../lambda/inference/handler';
import {
  bodyOf,
  fixture,
  irisConfig,
  irisInference,
  lambdaContext,
  quietTelemetry,
  sampleRequest,
  urlEvent,
} from './support';

const EXPECTED_METADATA = {
  name: 'iris',
  versions: ['1'],
  platform: 'onnxruntime',
  inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 4] }],
  outputs: [
    { name: 'probabilities', datatype: 'FP32', shape: [-1, 3] },
    { name: 'label', datatype: 'INT64', shape: [-1] },
  ],
};

function labels(answer: unknown): unknown {
  return bodyOf<InferResponse>(answer).outputs.find((o) => o.name === 'label')?.data;
}

describe('HTTP events', () => {
  const { handler } = irisInference();

  test('a Function URL event is answered with an HTTP result', async () => {
    const answer = await handler(fixture('function-url-event.json'), lambdaContext());

    expect(answer).toMatchObject({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      isBase64Encoded: false,
    });
    expect(labels(answer)).toEqual([0, 2]);
  });

  test('an API Gateway REST proxy event is routed by httpMethod and path', async () => {
    const answer = await handler(fixture('api-gateway-rest-event.json'), lambdaContext());

    expect(answer).toMatchObject({ statusCode: 200 });
    expect(labels(answer)).toEqual([0, 2]);
  });

  test('a base64-encoded body is decoded', async () => {
    const event = fixture('function-url-event.json');
    const answer = await handler({
      ...event,
      body: Buffer.from(event.body as string).toString('base64'),
      isBase64Encoded: true,
    });

    expect(labels(answer)).toEqual([0, 2]);
  });

  test('an HTTP API event on a named stage has the stage stripped from its path', async () => {
    const event = urlEvent('POST', '/prod/v2/models/iris/infer', sampleRequest);
    const answer = await handler({ ...event, requestContext: { ...event.requestContext, stage: 'prod' } });

    expect(labels(answer)).toEqual([0, 2]);
  });

  test.each(['/invocations', '/', '/v2/models/iris/versions/1/infer', '/v2/models/iris/infer/'])(
    'POST %s runs inference',
    async (path) => {
      const answer = await handler(urlEvent('POST', path, sampleRequest));

      expect(labels(answer)).toEqual([0, 2]);
    },
  );

  test.each(['/v2/models/iris', '/v2/models/iris/versions/1'])(
    'GET %s answers the model metadata',
    async (path) => {
      const answer = await handler(urlEvent('GET', path));

      expect(answer).toMatchObject({ statusCode: 200 });
      expect(bodyOf(answer)).toEqual(EXPECTED_METADATA);
    },
  );

  test.each(['/v2/health/ready', '/v2/models/iris/ready', '/ping'])('GET %s answers ready', async (path) => {
    const answer = await handler(urlEvent('GET', path));

    expect(answer).toMatchObject({ statusCode: 200 });
    expect(bodyOf(answer)).toEqual({ ready: true });
  });

  test('GET /v2/health/live answers live', async () => {
    const answer = await handler(urlEvent('GET', '/v2/health/live'));

    expect(bodyOf(answer)).toEqual({ live: true });
  });

  test('GET /v2 answers the server metadata', async () => {
    const answer = await handler(urlEvent('GET', '/v2'));

    expect(bodyOf(answer)).toEqual({ name: 'lambda-onnxruntime', version: '1', extensions: [] });
  });

  test('another model name is answered 404', async () => {
    const answer = await handler(urlEvent('POST', '/v2/models/churn/infer', sampleRequest));

    expect(answer).toMatchObject({ statusCode: 404 });
    expect(bodyOf(answer)).toEqual({
      error: 'model "churn" is not served here; this endpoint serves "iris"',
    });
  });

  test('another model version is answered 404', async () => {
    const answer = await handler(urlEvent('GET', '/v2/models/iris/versions/2'));

    expect(answer).toMatchObject({ statusCode: 404 });
    expect(bodyOf(answer)).toEqual({
      error: 'model "iris" has no version "2"; this endpoint serves version "1"',
    });
  });

  test('an unknown path is answered 404 naming the routes', async () => {
    const answer = await handler(urlEvent('GET', '/predict'));

    expect(answer).toMatchObject({ statusCode: 404 });
    expect(bodyOf(answer)).toEqual({
      error:
        'no route for GET /predict; use POST /v2/models/iris/infer, GET /v2/models/iris or GET /v2/models/iris/ready',
    });
  });

  test('the wrong method is answered 405 with an allow header', async () => {
    const answer = await handler(urlEvent('GET', '/v2/models/iris/infer'));

    expect(answer).toMatchObject({ statusCode: 405, headers: { allow: 'POST' } });
    expect(bodyOf(answer)).toEqual({ error: 'method GET is not allowed on /v2/models/iris/infer; use POST' });
  });

  test('readiness is 503 while the model cannot be loaded', async () => {
    const broken = createInference({
      config: irisConfig({ source: { kind: 'file', path: '/nonexistent/model.onnx' } }),
      ...quietTelemetry(),
    });

    const answer = await broken.handler(urlEvent('GET', '/v2/models/iris/ready'));

    expect(answer).toMatchObject({ statusCode: 503 });
    expect(bodyOf(answer)).toEqual({ ready: false });
  });

  test('a rejected HTTP request is answered in HTTP shape', async () => {
    const answer = await handler(urlEvent('POST', '/v2/models/iris/infer', { inputs: [] }));

    expect(answer).toEqual({
      statusCode: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: '"inputs" must be a non-empty array, got an array' }),
      isBase64Encoded: false,
    });
  });
});
