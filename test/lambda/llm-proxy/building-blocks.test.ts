import { AnswerGuard } from '../../../lambda/llm-proxy/answer-guard';
import { readProxyConfig } from '../../../lambda/llm-proxy/config';
import { ConfigurationError } from '../../../lambda/llm-proxy/errors';
import type { Guardrail, GuardrailVerdict } from '../../../lambda/llm-proxy/guardrail';
import { LineSplitter } from '../../../lambda/llm-proxy/line-splitter';
import { parseUpstreamLine } from '../../../lambda/llm-proxy/upstream-formats';

describe('LineSplitter', () => {
  test('gives the same lines however the bytes are split, multi-byte characters included', () => {
    const text = '{"a":"Grüße 🇦🇹"}\n{"b":2}\r\n\n{"c":3}';
    const bytes = new TextEncoder().encode(text);
    for (const size of [1, 2, 3, 5, bytes.length]) {
      const splitter = new LineSplitter();
      const lines: string[] = [];
      for (let i = 0; i < bytes.length; i += size) lines.push(...splitter.push(bytes.subarray(i, i + size)));
      lines.push(...splitter.end());
      expect(lines).toEqual(['{"a":"Grüße 🇦🇹"}', '{"b":2}', '', '{"c":3}']);
    }
  });
});

describe('parseUpstreamLine', () => {
  test('reads an LMI chat chunk line and its finish reason', () => {
    const line =
      '{"id": "chatcmpl-0", "object": "chat.completion.chunk", "created": 1712792436, "choices": [{"index": 0, "delta": {"content": " assist"}, "logprobs": null, "finish_reason": "length"}]}';
    expect(parseUpstreamLine('openai-chat', line)).toEqual([
      { kind: 'token', text: ' assist' },
      { kind: 'finish', reason: 'length' },
    ]);
  });

  test('reads TGI server-sent events, skipping special tokens and [DONE]', () => {
    expect(
      parseUpstreamLine(
        'tgi-generate',
        'data:{"token":{"id":2,"text":"</s>","logprob":-0.1,"special":true},"generated_text":"Hi","details":{"finish_reason":"eos_token","generated_tokens":2,"seed":null}}',
      ),
    ).toEqual([
      { kind: 'finish', reason: 'stop' },
      { kind: 'usage', completionTokens: 2 },
    ]);
    expect(parseUpstreamLine('openai-chat', 'data: [DONE]')).toEqual([{ kind: 'done' }]);
    expect(parseUpstreamLine('openai-chat', ': keep-alive')).toEqual([]);
  });

  test('an error event from the container is an upstream error with its message', () => {
    expect(() =>
      parseUpstreamLine('tgi-generate', 'data:{"error":"Input validation error","error_type":"validation"}'),
    ).toThrow('the model failed: Input validation error');
  });
});

/** A guardrail that blocks any text containing "BAD" and records what it was asked. */
function recordingGuardrail(): Guardrail & { texts: string[] } {
  const texts: string[] = [];
  return {
    texts,
    check: (text) => {
      texts.push(text);
      const verdict: GuardrailVerdict = text.includes('BAD')
        ? { outcome: 'blocked', message: 'no', policies: ['word'], latencyMs: 1 }
        : { outcome: 'pass', latencyMs: 1 };
      return Promise.resolve(verdict);
    },
  };
}

async function run(guard: AnswerGuard, pieces: string[]): Promise<{ sent: string; stopped: boolean }> {
  let sent = '';
  for (const piece of pieces) {
    const step = await guard.push(piece);
    sent += step.release;
    if (step.stop) return { sent, stopped: true };
  }
  const step = await guard.finish();
  return { sent: sent + step.release, stopped: step.stop !== undefined };
}

describe('AnswerGuard', () => {
  test('check-first checks chunks with the overlap carried and releases everything once passed', async () => {
    const guardrail = recordingGuardrail();
    const guard = new AnswerGuard(guardrail, {
      chunkCharacters: 10,
      overlapCharacters: 4,
      mode: 'check-first',
    });
    const result = await run(guard, ['abcdefghij', 'klmnopqrst', 'uvw']);
    expect(result).toEqual({ sent: 'abcdefghijklmnopqrstuvw', stopped: false });
    expect(guardrail.texts).toEqual(['abcdefghij', 'ghijklmnopqrst', 'qrstuvw']);
  });

  test('check-first holds back the overlap, so a phrase split at the boundary is never sent', async () => {
    const guard = new AnswerGuard(recordingGuardrail(), {
      chunkCharacters: 10,
      overlapCharacters: 4,
      mode: 'check-first',
    });
    const result = await run(guard, ['0123456 BA', 'D and more']);
    expect(result.stopped).toBe(true);
    expect(result.sent).toBe('012345');
  });

  test('stream-first releases text at once and stops at the first blocked chunk', async () => {
    const guard = new AnswerGuard(recordingGuardrail(), {
      chunkCharacters: 10,
      overlapCharacters: 4,
      mode: 'stream-first',
    });
    const result = await run(guard, ['0123456 BA', 'D and more', ' and more still']);
    expect(result.stopped).toBe(true);
    expect(result.sent.startsWith('0123456 BAD and more')).toBe(true);
  });
});

describe('readProxyConfig', () => {
  test('reads the contract variables with their defaults', () => {
    expect(
      readProxyConfig({ ENDPOINT_NAME: 'llm-dev', GUARDRAIL_ID: 'abc123', GUARDRAIL_VERSION: '3' }),
    ).toEqual({
      endpointName: 'llm-dev',
      modelName: 'llm-dev',
      upstreamFormat: 'openai-chat',
      upstreamTimeoutMs: 30000,
      maxTokens: 512,
      maxRequestBytes: 1048576,
      guardrail: {
        id: 'abc123',
        version: '3',
        chunkCharacters: 400,
        overlapCharacters: 100,
        streamMode: 'check-first',
      },
    });
  });

  test('reports every problem at once', () => {
    const read = (): unknown =>
      readProxyConfig({
        UPSTREAM_FORMAT: 'grpc',
        UPSTREAM_TIMEOUT_MS: '0',
        GUARDRAIL_ID: 'abc',
        GUARDRAIL_VERSION: 'latest',
        GUARDRAIL_CHUNK_CHARACTERS: '50',
        GUARDRAIL_OVERLAP_CHARACTERS: '50',
        GUARDRAIL_STREAM_MODE: 'later',
      });
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(
      [
        'Invalid chat proxy configuration:',
        ' - ENDPOINT_NAME is required: the SageMaker endpoint that answers the chat',
        ' - UPSTREAM_FORMAT ("grpc") must be one of openai-chat, tgi-generate',
        ' - UPSTREAM_TIMEOUT_MS ("0") must be an integer ≥ 1',
        ' - GUARDRAIL_VERSION ("latest") must be a published version number (or DRAFT when testing) with GUARDRAIL_ID',
        ' - GUARDRAIL_OVERLAP_CHARACTERS (50) must be less than GUARDRAIL_CHUNK_CHARACTERS (50)',
        ' - GUARDRAIL_STREAM_MODE ("later") must be one of check-first, stream-first',
      ].join('\n'),
    );
  });
});
