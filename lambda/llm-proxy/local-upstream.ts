import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import type { LlmUpstreamFormat } from '../../contract/llm-proxy';

/**
 * A stand-in for SageMaker's InvokeEndpointWithResponseStream on 127.0.0.1, for tests, `npm run serve` and the
 * bench: it answers `POST /endpoints/{name}/invocations-response-stream` with an `application/vnd.amazon.eventstream`
 * body encoded by the AWS SDK's own event-stream codec, as SageMaker does ("InvokeEndpointWithResponseStream",
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpointWithResponseStream.html).
 * The "model" echoes the last user message word by word, framed as LMI (JSON lines), TGI's Messages API (server-sent
 * events) or TGI's generate stream, and cut into PayloadParts of `partBytes` so that lines, JSON objects and UTF-8
 * characters arrive split across parts.
 */
export interface LocalUpstreamOptions {
  readonly format: LlmUpstreamFormat;
  /** `openai-chat` only: `jsonlines` as LMI streams, `sse` as TGI's Messages API. @default 'jsonlines' */
  readonly chatFraming?: 'jsonlines' | 'sse';
  /** The endpoint name it answers to; others get SageMaker's ValidationError. @default any name */
  readonly endpointName?: string;
  /** Tokens of the answer to a request; @default the words of "You said: <last user message>" */
  readonly answer?: (request: RecordedUpstreamRequest) => readonly string[];
  /** Delay before the first token. @default 0 */
  readonly firstTokenDelayMs?: number;
  /** Delay between tokens. @default 0 */
  readonly tokenDelayMs?: number;
  /** Largest PayloadPart in bytes. @default 7, to split everything */
  readonly partBytes?: number;
  /** After this many tokens, stop sending and keep the connection open (a stalled model). */
  readonly stallAfterTokens?: number;
  /** After this many tokens, end the stream with this event-stream exception. */
  readonly failAfterTokens?: {
    readonly count: number;
    readonly exception: 'ModelStreamError' | 'InternalStreamFailure';
  };
  readonly host?: string;
  readonly port?: number;
}

export interface RecordedUpstreamRequest {
  readonly endpointName: string;
  readonly body: Record<string, unknown>;
  /** Tokens written before the stream ended or the client left. */
  tokensSent: number;
  /** The client closed the connection before the stream was complete. */
  cancelled: boolean;
  /** The stream was written to its end. */
  completed: boolean;
}

export interface LocalUpstream {
  readonly url: string;
  readonly requests: readonly RecordedUpstreamRequest[];
  /** Resolves when the request with this index has ended, one way or the other. */
  ended(index: number): Promise<RecordedUpstreamRequest>;
  close(): Promise<void>;
}

const PATH = /^\/endpoints\/([^/]+)\/invocations-response-stream$/;
const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => new Uint8Array(Buffer.from(text, 'utf8')),
);

export async function startLocalUpstream(options: LocalUpstreamOptions): Promise<LocalUpstream> {
  const requests: RecordedUpstreamRequest[] = [];
  const endings: Promise<RecordedUpstreamRequest>[] = [];
  const server = createServer((req, res) => {
    let finish: (request: RecordedUpstreamRequest) => void = () => undefined;
    const ending = new Promise<RecordedUpstreamRequest>((resolve) => (finish = resolve));
    void serve(req, res, options, (recorded) => {
      requests.push(recorded);
      endings.push(ending);
      return finish;
    }).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'x-amzn-errortype': 'InternalFailure' });
      res.end(JSON.stringify({ message: String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    requests,
    ended: (index) => endings[index] ?? Promise.reject(new Error(`no upstream request ${index}`)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  options: LocalUpstreamOptions,
  record: (request: RecordedUpstreamRequest) => (request: RecordedUpstreamRequest) => void,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const match = PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname);
  const endpointName = match ? decodeURIComponent(match[1]) : '';
  if (
    req.method !== 'POST' ||
    match === null ||
    (options.endpointName !== undefined && endpointName !== options.endpointName)
  ) {
    // SageMaker's answer to an unknown endpoint is a ValidationError.
    res.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'ValidationError' });
    res.end(
      JSON.stringify({ message: `Endpoint ${endpointName || '(none)'} of account 000000000000 not found.` }),
    );
    return;
  }
  const recorded: RecordedUpstreamRequest = {
    endpointName,
    body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
    tokensSent: 0,
    cancelled: false,
    completed: false,
  };
  const done = record(recorded);
  res.on('close', () => {
    if (!recorded.completed) recorded.cancelled = true;
    done(recorded);
  });
  res.writeHead(200, {
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amzn-sagemaker-content-type': 'application/json',
  });
  const tokens = (options.answer ?? echoAnswer)(recorded);
  const frame = framer(options);
  const partBytes = Math.max(1, options.partBytes ?? 7);
  const send = (text: string): void => {
    const bytes = Buffer.from(text, 'utf8');
    for (let offset = 0; offset < bytes.length; offset += partBytes) {
      res.write(payloadPart(bytes.subarray(offset, offset + partBytes)));
    }
  };
  for (let i = 0; i < tokens.length; i += 1) {
    await delay(i === 0 ? (options.firstTokenDelayMs ?? 0) : (options.tokenDelayMs ?? 0));
    if (res.destroyed) return;
    if (options.stallAfterTokens !== undefined && i >= options.stallAfterTokens) return;
    if (options.failAfterTokens !== undefined && i >= options.failAfterTokens.count) {
      res.end(exception(options.failAfterTokens.exception));
      recorded.completed = true;
      return;
    }
    send(frame.token(tokens[i], i, i === tokens.length - 1 ? tokens.length : undefined));
    recorded.tokensSent += 1;
  }
  send(frame.end(tokens.length));
  recorded.completed = true;
  res.end();
}

interface Framer {
  /** One token event; `total` is set on the last token. */
  token(text: string, index: number, total: number | undefined): string;
  end(total: number): string;
}

function framer(options: LocalUpstreamOptions): Framer {
  if (options.format === 'tgi-generate') {
    // TGI generate_stream: `data:{token, generated_text, details}` events; details only on the last one.
    return {
      token: (text, index, total) =>
        `data:${JSON.stringify({
          index,
          token: { id: index, text, logprob: -0.1, special: false },
          generated_text: null,
          details:
            total === undefined ? null : { finish_reason: 'eos_token', generated_tokens: total, seed: null },
        })}\n\n`,
      end: () => '',
    };
  }
  const sse = options.chatFraming === 'sse';
  const line = (payload: object): string =>
    sse ? `data: ${JSON.stringify(payload)}\n\n` : `${JSON.stringify(payload)}\n`;
  const chunk = (delta: object, finish: string | null, usage?: object): object => ({
    id: 'chatcmpl-0',
    object: 'chat.completion.chunk',
    created: 1712792433,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(usage ? { usage } : {}),
  });
  return {
    token: (text, index) =>
      line(chunk(index === 0 ? { role: 'assistant', content: text } : { content: text }, null)),
    end: (total) =>
      line(
        chunk({}, sse ? 'stop' : 'eos_token', {
          prompt_tokens: 7,
          completion_tokens: total,
          total_tokens: 7 + total,
        }),
      ) + (sse ? 'data: [DONE]\n\n' : ''),
  };
}

/** The words of "You said: <last user message>", each with the space before it. */
export function echoAnswer(request: RecordedUpstreamRequest): string[] {
  const { body } = request;
  let said = '';
  if (Array.isArray(body.messages)) {
    const users = (body.messages as { role?: string; content?: string }[]).filter((m) => m.role === 'user');
    said = users.at(-1)?.content ?? '';
  } else if (typeof body.inputs === 'string') {
    said = /(?:^|\n)user: ([^\n]*)(?![\s\S]*\nuser: )/.exec(body.inputs)?.[1] ?? '';
  }
  return `You said: ${said}`.split(/(?= )/);
}

function payloadPart(bytes: Uint8Array): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'event' },
      ':event-type': { type: 'string', value: 'PayloadPart' },
      ':content-type': { type: 'string', value: 'application/octet-stream' },
    },
    body: bytes,
  });
}

function exception(name: 'ModelStreamError' | 'InternalStreamFailure'): Uint8Array {
  const headers: MessageHeaders = {
    ':message-type': { type: 'string', value: 'exception' },
    ':exception-type': { type: 'string', value: name },
    ':content-type': { type: 'string', value: 'application/json' },
  };
  const body =
    name === 'ModelStreamError'
      ? {
          Message: 'The model failed to finish sending the response in time.',
          ErrorCode: 'ModelInvocationTimeExceeded',
        }
      : { Message: 'The stream processing failed.' };
  return codec.encode({ headers, body: new Uint8Array(Buffer.from(JSON.stringify(body), 'utf8')) });
}

function delay(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
