/**
 * Retries of AWS calls. The clients are built with `maxAttempts: 1` (see clients.ts) so that this is the
 * only retry layer: it also covers calls that test doubles answer, which bypass the SDK's own middleware.
 */

/** Error names AWS services use for "slow down". */
const THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  // CloudFormation's spelling.
  'Throttling',
]);

/** Network failures the SDK would have retried, had it been allowed to. */
const TRANSIENT_NETWORK_ERRORS = new Set(['TimeoutError', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

const ACCESS_DENIED_ERRORS = new Set(['AccessDeniedException', 'AccessDenied']);

interface RetryOptions {
  /** Waits between attempts; tests pass a fake. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** @default 5 */
  readonly maxAttempts?: number;
  /** Delay cap of the first retry; doubles with each attempt. @default 200 */
  readonly baseDelayMs?: number;
  /** @default 10000 */
  readonly maxDelayMs?: number;
}

/** What a call does and to what, for messages: `sagemaker:DescribeEndpoint` on `endpoint my-endpoint`. */
export interface CallTarget {
  /** The IAM action, e.g. `lambda:GetAlias`. */
  readonly action: string;
  readonly resource: string;
}

/** An AWS call that failed for good, with the action and resource it was about. */
export class AwsCallError extends Error {
  public override readonly name = 'AwsCallError';
  constructor(
    message: string,
    readonly target: CallTarget,
    /** The service's error name, e.g. `AccessDeniedException`. */
    readonly code: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface ServiceErrorLike {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** The service's name for an error (`ThrottlingException`), or a Node.js error code. */
export function errorCode(error: unknown): string {
  const e = (error ?? {}) as ServiceErrorLike;
  return (e.name && e.name !== 'Error' ? e.name : e.code) ?? e.name ?? 'Error';
}

function statusOf(error: unknown): number | undefined {
  return ((error ?? {}) as ServiceErrorLike).$metadata?.httpStatusCode;
}

/** The caller lacks a permission: an IAM action to grant, not something to retry. */
export function isAccessDenied(error: unknown): boolean {
  return ACCESS_DENIED_ERRORS.has(errorCode(error));
}

/** Throttling, a 5xx answer or a dropped connection: worth another attempt. */
export function isRetryable(error: unknown): boolean {
  const code = errorCode(error);
  const status = statusOf(error);
  return (
    THROTTLING_ERRORS.has(code) ||
    TRANSIENT_NETWORK_ERRORS.has(code) ||
    (status !== undefined && status >= 500 && status <= 599)
  );
}

/** Calls `call` until it succeeds, fails for a reason retrying cannot fix, or `maxAttempts` is reached. */
export async function withRetry<T>(
  call: () => Promise<T>,
  target: CallTarget,
  options: RetryOptions,
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  const random = options.random ?? Math.random;
  const baseDelayMs = options.baseDelayMs ?? 200;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isRetryable(error) || attempt >= maxAttempts) throw describeFailure(error, target, attempt);
      // Full jitter: anywhere between 0 and the exponential cap, so parallel callers spread out.
      const capMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      await options.sleep(Math.round(random() * capMs));
    }
  }
}

function describeFailure(error: unknown, target: CallTarget, attempts: number): AwsCallError {
  const code = errorCode(error);
  const detail = ((error ?? {}) as ServiceErrorLike).message || '(no message)';
  const what = `${target.action} on ${target.resource}`;
  const message = isAccessDenied(error)
    ? `${what} was denied (${code}: ${detail}); grant ${target.action} to the caller`
    : isRetryable(error)
      ? `${what} still failed after ${attempts} attempts (${code}: ${detail})`
      : `${what} failed (${code}: ${detail})`;
  return new AwsCallError(message, target, code, attempts, { cause: error });
}
