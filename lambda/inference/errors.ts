/**
 * A request the caller can fix. Answered with its status code and message; never logged as a fault.
 */
export class RequestError extends Error {
  public override readonly name: string = 'RequestError';

  constructor(
    /** HTTP status code of the answer (4xx). */
    public readonly statusCode: number,
    message: string,
    /** Extra response headers, e.g. `allow` for 405. */
    public readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** The request body, a tensor or a requested output does not match the model's contract. */
export class InvalidRequestError extends RequestError {
  public override readonly name = 'InvalidRequestError';

  constructor(message: string) {
    super(400, message);
  }
}

/** The path names no route, or a model or version this function does not serve. */
export class NotFoundError extends RequestError {
  public override readonly name = 'NotFoundError';

  constructor(message: string) {
    super(404, message);
  }
}

/** The path exists but does not accept the method. */
export class MethodNotAllowedError extends RequestError {
  public override readonly name = 'MethodNotAllowedError';

  constructor(method: string, path: string, allowed: readonly string[]) {
    super(405, `method ${method} is not allowed on ${path}; use ${allowed.join(' or ')}`, {
      allow: allowed.join(', '),
    });
  }
}

/** The request body is larger than the configured limit. */
export class PayloadTooLargeError extends RequestError {
  public override readonly name = 'PayloadTooLargeError';

  constructor(bytes: number, limit: number) {
    super(413, `request body is ${bytes} bytes, more than the limit of ${limit} bytes`);
  }
}

/** The function's environment variables are missing or invalid. Thrown at initialisation. */
export class ConfigurationError extends Error {
  public override readonly name = 'ConfigurationError';

  constructor(public readonly problems: readonly string[]) {
    super(`Invalid inference function configuration:\n - ${problems.join('\n - ')}`);
  }
}

/** The model could not be fetched, verified or loaded. A fault: answered with 500, logged with context. */
export class ModelLoadError extends Error {
  public override readonly name: string = 'ModelLoadError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The model file's SHA-256 digest differs from the expected one. The file is deleted and never loaded. */
export class ModelIntegrityError extends ModelLoadError {
  public override readonly name = 'ModelIntegrityError';

  constructor(
    public readonly location: string,
    public readonly expectedSha256: string,
    public readonly actualSha256: string,
  ) {
    super(
      `model ${location} has SHA-256 ${actualSha256} but ${expectedSha256} was expected; refusing to load it`,
    );
  }
}
