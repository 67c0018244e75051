import OpenAI from 'openai';
import { serveChat, type ServedChat } from '../../bin/serve-chat';

describe('npm run serve -- --chat', () => {
  let served: ServedChat;
  let openai: OpenAI;
  beforeAll(async () => {
    served = await serveChat(['--chat', '--port', '0', '--format', 'tgi-generate', '--token-delay-ms', '0'], {
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    openai = new OpenAI({ baseURL: `${served.server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  afterAll(() => served.close());

  test('serves the chat proxy in front of the local stand-in with the chosen upstream format', () => {
    expect(served.config).toMatchObject({ endpointName: 'local-llm', upstreamFormat: 'tgi-generate' });
    expect(served.config.guardrail).toBeUndefined();
    expect(served.upstream).toBeDefined();
  });

  test('the openai client streams an answer from it', async () => {
    const stream = await openai.chat.completions.create({
      model: 'local-llm',
      messages: [{ role: 'user', content: 'Hello there' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('You said: Hello there');
  });

  test('the openai client gets a whole answer from it', async () => {
    const answer = await openai.chat.completions.create({
      model: 'local-llm',
      messages: [{ role: 'user', content: 'Hello again' }],
    });
    expect(answer.choices[0].message.content).toBe('You said: Hello again');
  });

  test('an unknown option is refused with its name', async () => {
    await expect(serveChat(['--chat', '--colour', 'blue'])).rejects.toThrow("Unknown option '--colour'");
  });
});
