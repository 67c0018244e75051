import {
  InvokeEndpointWithResponseStreamCommand,
  type ResponseStream,
  type SageMakerRuntimeClient,
} from '@aws-sdk/client-sagemaker-runtime';
import type { LlmUpstreamFormat } from '../../contract/llm-proxy';
import { ChatRequestError, UpstreamError, UpstreamTimeoutError } from './errors';
import { LineSplitter } from './line-splitter';
import { parseUpstreamLine, type UpstreamEvent } from './upstream-formats';

export interface UpstreamCall {
  readonly endpointName: string;
  readonly format: LlmUpstreamFormat;
  readonly body: string;
  /** Longest wait for the first token, then for each next one. */
  readonly timeoutMs: number;
  /** Aborted when the client goes away: the upstream call is cancelled. */
  readonly signal: AbortSignal;
}

/**
 * Call InvokeEndpointWithResponseStream and yield what its lines mean. The stream is a sequence of `PayloadPart`
 * events (raw bytes, split anywhere) or ends with a `ModelStreamError` (codes `ModelInvocationTimeExceeded`,
 * `StreamBroken`) or an `InternalStreamFailure` ("ResponseStream",
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_ResponseStream.html); the SDK throws the last
 * two while iterating. Ending the iteration early (client gone, timeout) aborts the HTTP call.
 */
export async function* streamUpstream(
  client: SageMakerRuntimeClient,
  call: UpstreamCall,
): AsyncGenerator<UpstreamEvent, void, undefined> {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  call.signal.addEventListener('abort', abort, { once: true });
  const watchdog = new Watchdog(call.timeoutMs, controller);
  let tokens = 0;
  try {
    const response = await watchdog.guard(
      client.send(
        new InvokeEndpointWithResponseStreamCommand({
          EndpointName: call.endpointName,
          Body: new TextEncoder().encode(call.body),
          // No Accept: the containers stream on `stream: true` in the body, and an Accept they read differently
          // (JSON versus JSON lines) would only get in the way.
          ContentType: 'application/json',
        }),
        { abortSignal: controller.signal },
      ),
      tokens,
    );
    if (response.Body === undefined) throw new UpstreamError('the model endpoint answered without a stream');
    const events = response.Body[Symbol.asyncIterator]();
    const lines = new LineSplitter();
    try {
      for (;;) {
        const next = await watchdog.guard(events.next(), tokens);
        const readLines = next.done ? lines.end() : lines.push(payloadBytes(next.value));
        for (const line of readLines) {
          for (const event of parseUpstreamLine(call.format, line)) {
            if (event.kind === 'token') tokens += 1;
            // The clock only runs while the upstream is awaited, not while the consumer works (a guardrail check).
            watchdog.stop();
            yield event;
            watchdog.rearm();
            if (event.kind === 'done') return;
          }
        }
        if (next.done) return;
      }
    } finally {
      controller.abort();
      void events.return?.(undefined).catch(() => undefined);
    }
  } catch (error) {
    if (watchdog.fired) throw new UpstreamTimeoutError(call.timeoutMs, tokens);
    throw translateSageMakerError(error);
  } finally {
    watchdog.stop();
    call.signal.removeEventListener('abort', abort);
  }
}

function payloadBytes(event: ResponseStream): Uint8Array {
  if (event.PayloadPart !== undefined) return event.PayloadPart.Bytes ?? new Uint8Array();
  // The SDK throws modelled stream errors, but a union member is handled the same way should one be yielded.
  if (event.ModelStreamError !== undefined) throw event.ModelStreamError;
  if (event.InternalStreamFailure !== undefined) throw event.InternalStreamFailure;
  return new Uint8Array();
}

/** Fails the awaited step when no token arrives in time, aborting the HTTP call so the upstream stops working. */
class Watchdog {
  public fired = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly controller: AbortController,
  ) {
    this.rearm();
  }

  rearm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.fired = true;
      this.controller.abort();
    }, this.timeoutMs);
  }

  /** Await `step`, or fail as soon as the timer fires or the call is aborted. */
  guard<T>(step: Promise<T>, tokens: number): Promise<T> {
    const { signal } = this.controller;
    return new Promise<T>((resolve, reject) => {
      if (signal.aborted) {
        reject(this.fired ? new UpstreamTimeoutError(this.timeoutMs, tokens) : abortError());
        return;
      }
      const onAbort = (): void =>
        reject(this.fired ? new UpstreamTimeoutError(this.timeoutMs, tokens) : abortError());
      signal.addEventListener('abort', onAbort, { once: true });
      step.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

function abortError(): Error {
  const error = new Error('the upstream call was cancelled because the client went away');
  error.name = 'AbortError';
  return error;
}

/**
 * Map SageMaker runtime errors ("Errors", InvokeEndpointWithResponseStream,
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpointWithResponseStream.html) to
 * what the caller is told. A 4xx from the model container (ModelError with OriginalStatusCode 4xx, e.g. a prompt
 * longer than the model's context) is the caller's to fix; everything else is the endpoint's fault.
 */
export function translateSageMakerError(error: unknown): Error {
  if (error instanceof UpstreamError || error instanceof ChatRequestError) return error;
  if (!(error instanceof Error)) return new UpstreamError(`the model endpoint failed: ${String(error)}`);
  const fields = error as Error & {
    OriginalStatusCode?: number;
    OriginalMessage?: string;
    ErrorCode?: string;
    Message?: string;
  };
  const detail = fields.OriginalMessage ?? fields.Message ?? error.message;
  switch (error.name) {
    case 'AbortError':
      return new UpstreamError('the upstream call was cancelled', 499, 'client_closed', { cause: error });
    case 'ModelError': {
      const status = fields.OriginalStatusCode ?? 502;
      if (status >= 400 && status < 500) {
        return new ChatRequestError(
          status === 429 ? 429 : 400,
          `the model refused the request (${status}): ${detail}`,
          null,
          'model_rejected_request',
        );
      }
      return new UpstreamError(`the model failed (${status}): ${detail}`, 502, 'ModelError', {
        cause: error,
      });
    }
    case 'ModelStreamError':
      return new UpstreamError(
        `the model's stream broke (${fields.ErrorCode ?? 'unknown'}): ${detail}`,
        fields.ErrorCode === 'ModelInvocationTimeExceeded' ? 504 : 502,
        fields.ErrorCode ?? 'ModelStreamError',
        { cause: error },
      );
    case 'ServiceUnavailable':
    case 'ThrottlingException':
      return new UpstreamError(`SageMaker is unavailable: ${detail}`, 503, error.name, { cause: error });
    default:
      return new UpstreamError(`the model endpoint failed (${error.name}): ${detail}`, 502, error.name, {
        cause: error,
      });
  }
}
