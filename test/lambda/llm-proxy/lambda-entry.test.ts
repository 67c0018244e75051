import { PassThrough, type Writable } from 'node:stream';
import type { StreamingHandler } from '../../../lambda/llm-proxy/response-stream';

/** What Lambda's runtime would receive: the status prelude and the body bytes. */
interface Captured {
  metadata?: { statusCode: number; headers: Record<string, string> };
  body: string;
  ended: boolean;
}

/** A stand-in for the `awslambda` global of Lambda's Node.js runtime, recording what the handler sends. */
function installLambdaRuntime(captured: Captured): { streamified: unknown[] } {
  const streamified: unknown[] = [];
  (globalThis as unknown as { awslambda?: unknown }).awslambda = {
    streamifyResponse: (handler: StreamingHandler) => {
      streamified.push(handler);
      return handler;
    },
    HttpResponseStream: {
      from: (stream: Writable, metadata: Captured['metadata']) => {
        if (captured.body !== '') throw new Error('HttpResponseStream.from called after the body started');
        captured.metadata = metadata;
        return stream;
      },
    },
  };
  return { streamified };
}

function responseStream(captured: Captured): PassThrough {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => (captured.body += chunk.toString('utf8')));
  stream.on('end', () => (captured.ended = true));
  return stream;
}

function urlEvent(method: string, path: string, body?: string): object {
  return {
    version: '2.0',
    rawPath: path,
    headers: { 'content-type': 'application/json' },
    requestContext: { http: { method, path }, stage: '$default' },
    body,
    isBase64Encoded: false,
  };
}

describe('the Lambda entry point in the response streaming runtime', () => {
  const saved = { ...process.env };
  let handler: StreamingHandler;
  let captured: Captured;
  let runtime: { streamified: unknown[] };

  beforeAll(() => {
    captured = { body: '', ended: false };
    runtime = installLambdaRuntime(captured);
    Object.assign(process.env, {
      ENDPOINT_NAME: 'chat-llm-prod',
      MODEL_NAME: 'chat-llm',
      AWS_REGION: 'eu-west-1',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    // The entry reads the runtime and its environment when it loads: load it fresh, after both are in place.
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      handler = (require('../../../lambda/llm-proxy/index') as { handler: StreamingHandler }).handler;
    });
  });
  afterAll(() => {
    delete (globalThis as unknown as { awslambda?: unknown }).awslambda;
    process.env = saved;
  });
  beforeEach(() => {
    captured.body = '';
    captured.ended = false;
    captured.metadata = undefined;
  });

  test('exports handler wrapped by awslambda.streamifyResponse', () => {
    expect(runtime.streamified).toHaveLength(1);
    expect(runtime.streamified[0]).toBe(handler);
  });

  test('sends the status and headers through HttpResponseStream.from before the body, and ends the stream', async () => {
    const stream = responseStream(captured);
    await handler(urlEvent('GET', '/v1/models'), stream);

    expect(captured.metadata).toEqual({ statusCode: 200, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(captured.body)).toEqual({
      object: 'list',
      data: [{ id: 'chat-llm', object: 'model', created: 0, owned_by: 'ml-deploy-cdk' }],
    });
    expect(captured.ended).toBe(true);
  });

  test('a bad request gets its 400 status and OpenAI error body through the same prelude', async () => {
    const stream = responseStream(captured);
    await handler(urlEvent('POST', '/v1/chat/completions', '{"messages":"hi"}'), stream);

    expect(captured.metadata?.statusCode).toBe(400);
    expect(JSON.parse(captured.body)).toEqual({
      error: {
        message: 'messages must be a non-empty array of {role, content}',
        type: 'invalid_request_error',
        param: 'messages',
        code: null,
      },
    });
    expect(captured.ended).toBe(true);
  });
});
