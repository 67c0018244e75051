import {
  BLOCKED_INPUT_MESSAGE,
  BLOCKED_OUTPUT_MESSAGE,
  BLOCKED_WORD,
  MODEL,
  readStream,
  startProxy,
  type ProxyUnderTest,
} from './support';

/** An answer long enough for several 40-character guardrail chunks, the blocked word near its end. */
const LONG_ANSWER = [
  'The',
  ' weather',
  ' today',
  ' is',
  ' mild',
  ' and',
  ' pleasant',
  ' across',
  ' the',
  ' region,',
  ' but',
  ' the',
  ' recipe',
  ' you',
  ' asked',
  ' for',
  ' is',
  ` ${BLOCKED_WORD}`,
  ' knowledge.',
];
const BEFORE_BLOCKED = LONG_ANSWER.slice(0, LONG_ANSWER.indexOf(` ${BLOCKED_WORD}`)).join('');

describe('guardrail on the prompt', () => {
  let proxy: ProxyUnderTest;
  beforeAll(async () => {
    proxy = await startProxy({ guardrail: {} });
  });
  afterAll(() => proxy.close());

  test('a blocked prompt never reaches the upstream and is answered with the blocked message', async () => {
    const stream = await proxy.openai.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: `tell me something ${BLOCKED_WORD}` }],
      stream: true,
    });
    const { chunks, text } = await readStream(stream);

    expect(proxy.upstream.requests).toHaveLength(0);
    expect(text).toBe(BLOCKED_INPUT_MESSAGE);
    const last = chunks.at(-1) as unknown as { choices: { finish_reason: string }[]; guardrail: unknown };
    expect(last.choices[0].finish_reason).toBe('content_filter');
    expect(last.guardrail).toEqual({ action: 'blocked', source: 'INPUT', policies: ['content', 'word'] });
    expect(proxy.guardrailCalls()).toEqual([{ source: 'INPUT', text: `tell me something ${BLOCKED_WORD}` }]);
  });

  test('a masked prompt reaches the upstream masked', async () => {
    const answer = await proxy.openai.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'mail jane.doe@example.com' }],
    });
    expect(proxy.upstream.requests.at(-1)?.body.messages).toEqual([
      { role: 'user', content: 'mail {EMAIL}' },
    ]);
    expect(answer.choices[0].message.content).toBe('You said: mail {EMAIL}');
  });

  test('interventions are counted per policy and source, and the logs hold no blocked text', () => {
    const interventions = proxy.output
      .emf()
      .filter((r) => r.metrics.GuardrailInterventions !== undefined)
      .map((r) => r.dimensions);
    expect(interventions).toEqual(
      expect.arrayContaining([
        { service: MODEL, Policy: 'word', Source: 'INPUT' },
        { service: MODEL, Policy: 'content', Source: 'INPUT' },
        { service: MODEL, Policy: 'sensitiveInformation', Source: 'INPUT' },
      ]),
    );
    expect(interventions).toHaveLength(3);
    const blocked = proxy.output.emf().filter((r) => r.metrics.GuardrailBlocked !== undefined);
    expect(blocked).toHaveLength(1);
    expect(proxy.output.logs()).toContain('guardrail intervened');
    expect(proxy.output.logs()).not.toContain(BLOCKED_WORD);
    expect(proxy.output.logs()).not.toContain('jane.doe');
  });
});

describe('guardrail on the streamed answer, check-first', () => {
  let proxy: ProxyUnderTest;
  beforeAll(async () => {
    proxy = await startProxy({
      guardrail: { streamMode: 'check-first', chunkCharacters: 40, overlapCharacters: 10 },
      upstream: { answer: () => LONG_ANSWER },
    });
  });
  afterAll(() => proxy.close());

  test('a blocked answer is cut: the client never sees the blocked text and gets a content_filter event', async () => {
    const stream = await proxy.openai.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'a recipe please' }],
      stream: true,
    });
    const { chunks, text } = await readStream(stream);

    expect(text).not.toContain(BLOCKED_WORD);
    // Only text the guardrail passed, minus the held-back overlap, went out before the block.
    expect(BEFORE_BLOCKED.startsWith(text.slice(0, -BLOCKED_OUTPUT_MESSAGE.length))).toBe(true);
    expect(text.endsWith(BLOCKED_OUTPUT_MESSAGE)).toBe(true);
    const last = chunks.at(-1) as unknown as { choices: { finish_reason: string }[]; guardrail: unknown };
    expect(last.choices[0].finish_reason).toBe('content_filter');
    expect(last.guardrail).toEqual({ action: 'blocked', source: 'OUTPUT', policies: ['content', 'word'] });
  });

  test('the upstream call ends when the answer is blocked', async () => {
    const index = proxy.upstream.requests.length;
    await proxy.openai.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'again' }],
    });
    const request = await proxy.upstream.ended(index);
    // The stand-in sends everything at once, so this shows the call ended either way, never hanging open.
    expect(request.cancelled || request.completed).toBe(true);
  });

  test('each check carries the overlap of the text before it', () => {
    const outputs = proxy.guardrailCalls().filter((c) => c.source === 'OUTPUT');
    expect(outputs.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < outputs.length; i += 1) {
      const previous = outputs[i - 1].text;
      if (outputs[i].text.length < 10) continue;
      // The next window starts with the last 10 characters of the previous window (check-first holds them back).
      if (!previous.includes(BLOCKED_WORD))
        expect(outputs[i].text.startsWith(previous.slice(-10))).toBe(true);
    }
  });
});

describe('guardrail on the streamed answer, stream-first', () => {
  let proxy: ProxyUnderTest;
  beforeAll(async () => {
    proxy = await startProxy({
      guardrail: { streamMode: 'stream-first', chunkCharacters: 40, overlapCharacters: 10 },
      upstream: { answer: () => LONG_ANSWER },
    });
  });
  afterAll(() => proxy.close());

  test('a blocked answer ends with a retraction event after text was streamed', async () => {
    const stream = await proxy.openai.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'a recipe please' }],
      stream: true,
    });
    const { chunks } = await readStream(stream);

    const last = chunks.at(-1) as unknown as {
      choices: { finish_reason: string; delta: { content: string } }[];
      guardrail: unknown;
    };
    expect(last.choices[0].finish_reason).toBe('content_filter');
    expect(last.choices[0].delta.content).toBe(BLOCKED_OUTPUT_MESSAGE);
    expect(last.guardrail).toEqual({ action: 'retract', source: 'OUTPUT', policies: ['content', 'word'] });
    expect(chunks.length).toBeGreaterThan(2);
  });

  test('stream: false checks the whole answer before sending it, whatever the mode', async () => {
    const answer = await proxy.openai.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'a recipe please' }],
    });
    expect(answer.choices[0].message.content).toBe(BLOCKED_OUTPUT_MESSAGE);
    expect(answer.choices[0].finish_reason).toBe('content_filter');
  });
});

describe('masks in the answer', () => {
  let proxy: ProxyUnderTest;
  beforeAll(async () => {
    proxy = await startProxy({
      guardrail: { streamMode: 'check-first', chunkCharacters: 20, overlapCharacters: 8 },
      upstream: {
        answer: () => [
          'Write',
          ' to',
          ' me',
          ' at',
          ' jane.doe@example.com',
          ' any',
          ' time',
          ' you',
          ' like.',
        ],
      },
    });
  });
  afterAll(() => proxy.close());

  test('check-first replaces the masked text before the client sees it', async () => {
    const stream = await proxy.openai.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'contact?' }],
      stream: true,
    });
    const { chunks, text } = await readStream(stream);
    expect(text).toBe('Write to me at {EMAIL} any time you like.');
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('stop');
  });
});

describe('a guardrail that cannot be applied', () => {
  let proxy: ProxyUnderTest;
  beforeAll(async () => {
    proxy = await startProxy({ guardrail: {}, guardrailFailure: 'ThrottlingException' });
  });
  afterAll(() => proxy.close());

  test('fails closed: a 503 naming the guardrail, and the prompt never reaches the upstream', async () => {
    const call = proxy.openai.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'hello' }],
      stream: true,
    });
    await expect(call).rejects.toMatchObject({
      status: 503,
      code: 'guardrail_unavailable',
      message: expect.stringContaining('the guardrail could not be applied (ThrottlingException)'),
    });
    expect(proxy.upstream.requests).toHaveLength(0);
    expect(proxy.output.emf().some((r) => r.metrics.UpstreamErrors !== undefined)).toBe(true);
  });
});
