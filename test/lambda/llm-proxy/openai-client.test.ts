import OpenAI from 'openai';
import { MODEL, readStream, startProxy, type ProxyUnderTest } from './support';

const QUESTION = 'what is the capital of Österreich? 🇦🇹';
const EXPECTED = `You said: ${QUESTION}`;

describe.each([
  ['openai-chat', 'jsonlines'],
  ['openai-chat', 'sse'],
  ['tgi-generate', 'sse'],
] as const)('the openai client against the proxy, upstream %s framed as %s', (format, chatFraming) => {
  let proxy: ProxyUnderTest;
  beforeAll(async () => {
    // 3-byte payload parts split every line, JSON object and multi-byte character across parts.
    proxy = await startProxy({ config: { upstreamFormat: format }, upstream: { chatFraming, partBytes: 3 } });
  });
  afterAll(() => proxy.close());

  test('stream: true delivers the tokens in order as chat.completion.chunk events', async () => {
    const stream = await proxy.openai.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: QUESTION },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    const { chunks, text } = await readStream(stream);

    expect(text).toBe(EXPECTED);
    const contentChunks = chunks.filter((c) => c.choices[0]?.delta?.content);
    expect(contentChunks.map((c) => c.choices[0].delta.content)).toEqual(EXPECTED.split(/(?= )/));
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === MODEL)).toBe(true);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    const finish = chunks.filter((c) => c.choices[0]?.finish_reason);
    expect(finish.map((c) => c.choices[0].finish_reason)).toEqual(['stop']);
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(EXPECTED.split(/(?= )/).length);
  });

  test('stream: false answers one chat.completion with the whole text and usage', async () => {
    const answer = await proxy.openai.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: QUESTION }],
      max_tokens: 64,
    });

    expect(answer.object).toBe('chat.completion');
    expect(answer.choices).toHaveLength(1);
    expect(answer.choices[0].message).toMatchObject({ role: 'assistant', content: EXPECTED });
    expect(answer.choices[0].finish_reason).toBe('stop');
    expect(answer.usage?.completion_tokens).toBe(EXPECTED.split(/(?= )/).length);
  });

  test('the upstream is sent the request in its own format, asking for a stream', async () => {
    const before = proxy.upstream.requests.length;
    await proxy.openai.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 12,
      temperature: 0.5,
      stop: ['\n\n'],
    });
    const sent = proxy.upstream.requests[before].body;
    if (format === 'openai-chat') {
      expect(sent).toEqual({
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: 12,
        stream: true,
        temperature: 0.5,
        stop: ['\n\n'],
      });
    } else {
      expect(sent).toEqual({
        inputs: 'user: hi\n\nassistant:',
        parameters: { max_new_tokens: 12, do_sample: true, temperature: 0.5, stop: ['\n\n'], details: true },
        stream: true,
      });
    }
  });
});

describe('requests the proxy refuses', () => {
  let proxy: ProxyUnderTest;
  beforeAll(async () => {
    proxy = await startProxy();
  });
  afterAll(() => proxy.close());

  test('max_tokens above the limit is a 400 that names the field and the limit', async () => {
    const call = proxy.openai.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 100_000,
    });
    await expect(call).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(call).rejects.toMatchObject({
      status: 400,
      param: 'max_tokens',
      message: expect.stringContaining('more than this endpoint allows (256)'),
    });
    expect(proxy.upstream.requests).toHaveLength(0);
  });

  test.each([
    [{ messages: [] }, 'messages', 'messages must be a non-empty array'],
    [
      { messages: [{ role: 'wizard', content: 'x' }] },
      'messages[0].role',
      'must be one of system, developer, user, assistant',
    ],
    [{ messages: [{ role: 'user', content: 'x' }], n: 2 }, 'n', 'n must be 1'],
    [{ messages: [{ role: 'user', content: 'x' }], tools: [{}] }, 'tools', 'tools is not supported'],
    [
      { messages: [{ role: 'user', content: 'x' }], temperature: 7 },
      'temperature',
      'temperature (7) must be from 0 to 2',
    ],
  ])('%j is refused at %s', async (body, param, reason) => {
    const response = await fetch(`${proxy.server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: { message: string; param: string; type: string } };
    expect(answer.error.param).toBe(param);
    expect(answer.error.type).toBe('invalid_request_error');
    expect(answer.error.message).toContain(reason);
  });

  test('a body that is not JSON is a 400 with the parser reason', async () => {
    const response = await fetch(`${proxy.server.url}/v1/chat/completions`, {
      method: 'POST',
      body: '{"messages": [',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /^request body is not valid JSON/,
    );
  });

  test('another path is a 404 and another method a 405 with Allow', async () => {
    const missing = await fetch(`${proxy.server.url}/v1/completions`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    const wrongMethod = await fetch(`${proxy.server.url}/v1/chat/completions`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  test('GET /v1/models lists the served model for OpenAI clients', async () => {
    const models = await proxy.openai.models.list();
    expect(models.data.map((m) => m.id)).toEqual([MODEL]);
  });

  test('every rejection is counted as an invalid request', () => {
    const invalid = proxy.output.emf().filter((r) => r.metrics.InvalidRequests !== undefined);
    expect(invalid.length).toBeGreaterThanOrEqual(9);
  });
});
