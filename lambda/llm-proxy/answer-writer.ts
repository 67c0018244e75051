import type { Writable } from 'node:stream';
import { completionChunk, SSE_DONE, sseData, sseError, type CompletionIdentity } from './completion';
import type { OpenAiErrorBody } from './errors';
import { endStream, openHttpResponse, writeAndDrain } from './response-stream';

const JSON_HEADERS = { 'content-type': 'application/json' } as const;
/** Server-sent events, unbuffered by proxies on the way. */
const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
} as const;

/**
 * Writes one answer to the response stream. The status line goes out with the first byte, so it is held back until
 * there is something to send: an error before the first token still gets its own status code (4xx/5xx); one after
 * it becomes an error event inside the 200 stream.
 */
export class AnswerWriter {
  private body: Writable | undefined;
  private sentContent = false;

  constructor(
    private readonly stream: Writable,
    private readonly identity: CompletionIdentity,
  ) {}

  /** Whether the status line has gone out. */
  get opened(): boolean {
    return this.body !== undefined;
  }

  /** A piece of answer text as a `chat.completion.chunk` (the first one also names the role). */
  async sendText(text: string): Promise<void> {
    if (text === '') return;
    const delta = this.sentContent ? { content: text } : { role: 'assistant' as const, content: text };
    this.sentContent = true;
    await this.sendEvent(completionChunk(this.identity, delta));
  }

  async sendEvent(payload: object): Promise<void> {
    await writeAndDrain(this.openEvents(), sseData(payload));
  }

  /** The closing chunk(s) and `[DONE]`. */
  async finishEvents(...payloads: object[]): Promise<void> {
    const body = this.openEvents();
    for (const payload of payloads) await writeAndDrain(body, sseData(payload));
    await writeAndDrain(body, SSE_DONE);
    await endStream(body);
  }

  /** A whole JSON answer with its status. */
  async sendJson(
    statusCode: number,
    payload: object,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<void> {
    const body = this.open(statusCode, { ...JSON_HEADERS, ...headers });
    await writeAndDrain(body, JSON.stringify(payload));
    await endStream(body);
  }

  /** An error: its own status and body before the stream started, else an error event that ends the stream. */
  async sendError(
    statusCode: number,
    error: OpenAiErrorBody,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<void> {
    if (this.body === undefined) {
      await this.sendJson(statusCode, { error }, headers);
      return;
    }
    await writeAndDrain(this.body, sseError(error));
    await endStream(this.body);
  }

  /** End whatever was started (a no-op when the answer is complete). */
  async close(): Promise<void> {
    await endStream(this.body ?? this.stream);
  }

  private openEvents(): Writable {
    return this.body ?? this.open(200, SSE_HEADERS);
  }

  private open(statusCode: number, headers: Readonly<Record<string, string>>): Writable {
    if (this.body !== undefined) return this.body;
    this.body = openHttpResponse(this.stream, { statusCode, headers });
    return this.body;
  }
}
