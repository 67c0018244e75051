import OpenAI from 'openai';
import { BLOCKED_WORD, MODEL, readStream, startProxy, type ProxyUnderTest } from './support';

const MANY_TOKENS = Array.from({ length: 200 }, (_, i) => ` word${i}`);
const ask = { model: MODEL, messages: [{ role: 'user' as const, content: 'talk to me' }] };

async function errorOf(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

describe('a slow upstream', () => {
  let proxy: ProxyUnderTest;
  afterEach(() => proxy.close());

  test('no first token within the timeout: 504 with a clear reason, and the upstream call is cancelled', async () => {
    // Long enough for a fresh SDK client's first call to reach the upstream on a slow machine, so that there is a
    // call to cancel.
    proxy = await startProxy({ config: { upstreamTimeoutMs: 1000 }, upstream: { stallAfterTokens: 0 } });
    const error = await errorOf(proxy.openai.chat.completions.create({ ...ask, stream: true }));

    expect(error.status).toBe(504);
    expect(error.code).toBe('upstream_timeout');
    expect(error.message).toContain('the model endpoint sent no token within 1000 ms');
    expect((await proxy.upstream.ended(0)).cancelled).toBe(true);
    const counted = proxy.output.emf().find((r) => r.metrics.UpstreamTimeouts !== undefined);
    expect(counted?.metrics.UpstreamTimeouts).toEqual({ unit: 'Count', value: 1 });
    expect(counted?.metrics.UpstreamErrors).toEqual({ unit: 'Count', value: 1 });
  });

  test('a stall after the first tokens ends the stream with an error event naming the timeout', async () => {
    // Long enough for a fresh SDK client's first call on a slow machine, short enough for a test.
    proxy = await startProxy({ config: { upstreamTimeoutMs: 1000 }, upstream: { stallAfterTokens: 3 } });
    const stream = await proxy.openai.chat.completions.create({ ...ask, stream: true });
    const received: string[] = [];
    const error = await errorOf(
      (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta?.content ?? '');
      })(),
    );

    expect(received.join('')).toBe('You said: talk');
    expect(error.message).toContain('no further token within 1000 ms after 3 tokens');
    expect((await proxy.upstream.ended(0)).cancelled).toBe(true);
  });
});

describe("the function's own timeout", () => {
  let proxy: ProxyUnderTest;
  afterEach(() => proxy.close());

  test('a stream still running shortly before the function times out ends with an error event, the upstream cancelled', async () => {
    // 1,800 ms left: the proxy cuts at 300 ms, long before the 200 tokens at 10 ms each are through.
    proxy = await startProxy({
      remainingTimeMs: 1800,
      upstream: { answer: () => MANY_TOKENS, tokenDelayMs: 10 },
    });
    const stream = await proxy.openai.chat.completions.create({ ...ask, stream: true });
    const error = await errorOf(readStream(stream));

    expect(error.code).toBe('function_timeout');
    expect(error.message).toContain("the answer was cut 1500 ms before the function's timeout");
    const upstream = await proxy.upstream.ended(0);
    expect(upstream.cancelled).toBe(true);
    expect(upstream.tokensSent).toBeLessThan(MANY_TOKENS.length);
  });
});

describe('upstream failures', () => {
  let proxy: ProxyUnderTest;
  afterEach(() => proxy.close());

  test('a ModelStreamError in the stream becomes an error event with its code', async () => {
    proxy = await startProxy({
      upstream: { failAfterTokens: { count: 2, exception: 'ModelStreamError' } },
    });
    const stream = await proxy.openai.chat.completions.create({ ...ask, stream: true });
    const error = await errorOf(readStream(stream));
    expect(error.code).toBe('ModelInvocationTimeExceeded');
    expect(error.message).toContain("the model's stream broke (ModelInvocationTimeExceeded)");
  });

  test('an InternalStreamFailure before any token is a 502', async () => {
    proxy = await startProxy({
      upstream: { failAfterTokens: { count: 0, exception: 'InternalStreamFailure' } },
    });
    const error = await errorOf(proxy.openai.chat.completions.create(ask));
    expect(error.status).toBe(502);
    expect(error.code).toBe('InternalStreamFailure');
  });

  test('an endpoint SageMaker does not know is a 502 naming the ValidationError', async () => {
    proxy = await startProxy({ config: { endpointName: 'no-such-endpoint' } });
    const error = await errorOf(proxy.openai.chat.completions.create(ask));
    expect(error.status).toBe(502);
    expect(error.code).toBe('ValidationError');
    expect(error.message).toContain('Endpoint no-such-endpoint of account 000000000000 not found.');
  });
});

describe('stopping the upstream', () => {
  let proxy: ProxyUnderTest;
  afterEach(() => proxy.close());

  test('a client that disconnects stops the upstream call', async () => {
    proxy = await startProxy({ upstream: { answer: () => MANY_TOKENS, tokenDelayMs: 10 } });
    const controller = new AbortController();
    const stream = await proxy.openai.chat.completions.create(
      { ...ask, stream: true },
      { signal: controller.signal },
    );
    // The openai client ends the iteration quietly when its request is aborted.
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta?.content) controller.abort();
    }

    const upstream = await proxy.upstream.ended(0);
    expect(upstream.cancelled).toBe(true);
    expect(upstream.tokensSent).toBeLessThan(MANY_TOKENS.length);
    expect(proxy.output.emf().some((r) => r.metrics.UpstreamErrors !== undefined)).toBe(false);
  });

  test('a blocked answer stops the upstream call', async () => {
    const tokens = [...MANY_TOKENS.slice(0, 20), ` ${BLOCKED_WORD}`, ...MANY_TOKENS.slice(20)];
    proxy = await startProxy({
      guardrail: { chunkCharacters: 40, overlapCharacters: 10 },
      upstream: { answer: () => tokens, tokenDelayMs: 10 },
    });
    const answer = await proxy.openai.chat.completions.create(ask);
    expect(answer.choices[0].finish_reason).toBe('content_filter');

    const upstream = await proxy.upstream.ended(0);
    expect(upstream.cancelled).toBe(true);
    expect(upstream.tokensSent).toBeLessThan(tokens.length);
  });
});
