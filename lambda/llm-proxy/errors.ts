/**
 * Errors of the chat proxy. A {@link ChatRequestError} is the caller's to fix and is answered with its status and an
 * OpenAI-style error body (`{"error": {"message", "type", "param", "code"}}`, the shape OpenAI clients read); an
 * {@link UpstreamError} is the model endpoint's fault; a {@link ConfigurationError} stops the function at start.
 */

/** The `error` object of an OpenAI-style error answer or stream event. */
export interface OpenAiErrorBody {
  readonly message: string;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;
}

/** A request the caller can fix: answered with its 4xx status and reason, counted, never logged as a fault. */
export class ChatRequestError extends Error {
  public override readonly name: string = 'ChatRequestError';

  constructor(
    public readonly statusCode: number,
    message: string,
    /** The request field at fault, e.g. `messages[1].content`. */
    public readonly param: string | null = null,
    public readonly code: string | null = null,
    public readonly type: string = 'invalid_request_error',
    /** Extra response headers, e.g. `allow` for 405. */
    public readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  toBody(): OpenAiErrorBody {
    return { message: this.message, type: this.type, param: this.param, code: this.code };
  }
}

/** The model endpoint failed: refused the call, broke the stream, or answered something unreadable. */
export class UpstreamError extends Error {
  public override readonly name: string = 'UpstreamError';

  constructor(
    message: string,
    /** Status the proxy answers with when nothing has been streamed yet. */
    public readonly statusCode: number = 502,
    /** Machine-readable reason: the SageMaker error name or stream error code. */
    public readonly code: string = 'upstream_error',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  toBody(): OpenAiErrorBody {
    return { message: this.message, type: 'upstream_error', param: null, code: this.code };
  }
}

/** The upstream sent no token within the timeout (first token, or the next one). */
export class UpstreamTimeoutError extends UpstreamError {
  public override readonly name = 'UpstreamTimeoutError';

  constructor(
    public readonly timeoutMs: number,
    public readonly tokensReceived: number,
  ) {
    super(
      tokensReceived === 0
        ? `the model endpoint sent no token within ${timeoutMs} ms`
        : `the model endpoint sent no further token within ${timeoutMs} ms after ${tokensReceived} tokens`,
      504,
      'upstream_timeout',
    );
  }
}

/** The function's environment variables are missing or invalid. Thrown at initialisation. */
export class ConfigurationError extends Error {
  public override readonly name = 'ConfigurationError';

  constructor(public readonly problems: readonly string[]) {
    super(`Invalid chat proxy configuration:\n - ${problems.join('\n - ')}`);
  }
}
