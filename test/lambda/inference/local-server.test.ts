/**
 * @jest-environment ./test/lambda/inference/onnx-environment.ts
 */
import { startLocalServer, type LocalServer } from '../../../lambda/inference/local-server';
import { irisInference, sampleRequest } from './support';

describe('serving the handler locally over HTTP', () => {
  let server: LocalServer;

  beforeAll(async () => {
    server = await startLocalServer({ handler: irisInference().handler, port: 0, maxRequestBytes: 4096 });
  });

  afterAll(() => server.close());

  test('it listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('an inference request is answered like the Function URL would answer it', async () => {
    const response = await fetch(`${server.url}/v2/models/iris/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sampleRequest),
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = (await response.json()) as { outputs: { name: string; data: unknown }[] };
    expect(body.outputs.find((o) => o.name === 'label')?.data).toEqual([0, 2]);
  });

  test('the model metadata is served', async () => {
    const response = await fetch(`${server.url}/v2/models/iris`);

    expect(response.status).toBe(200);
    expect(((await response.json()) as { name: string }).name).toBe('iris');
  });

  test('a body over the limit is answered 413', async () => {
    const response = await fetch(`${server.url}/v2/models/iris/infer`, {
      method: 'POST',
      body: 'x'.repeat(10_000),
    });

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: 'request body is 10000 bytes, more than the limit of 4096 bytes',
    });
  });
});
