import { InvalidRequestError, PayloadTooLargeError } from './errors';

/**
 * What the handler was asked, whatever the event shape: an HTTP request (Function URL, API Gateway HTTP API
 * v2 or REST v1 proxy event) or a direct invoke whose payload is the v2 request itself.
 */
export type IncomingRequest = HttpRequest | { readonly kind: 'direct'; readonly payload: unknown };

interface HttpRequest {
  readonly kind: 'http';
  readonly method: string;
  readonly path: string;
  /** The request headers as the event carries them (names in any case). */
  readonly headers: Readonly<Record<string, unknown>>;
  /** The body as the event carries it; decode with {@link readBody}. */
  readonly body?: string;
  readonly isBase64Encoded: boolean;
}

/** The answer to an HTTP event. */
export interface HttpResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly isBase64Encoded: false;
}

const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json' };

/** Recognise the event shape and extract method, path and body. Never throws. */
export function parseEvent(event: unknown): IncomingRequest {
  if (isObject(event)) {
    const context = event.requestContext;
    const http = isObject(context) ? context.http : undefined;
    if (isObject(http) && typeof http.method === 'string') {
      // Function URL and HTTP API payload v2.0. rawPath carries the stage name unless it is $default.
      const rawPath = typeof event.rawPath === 'string' ? event.rawPath : String(http.path ?? '/');
      const stage = isObject(context) && typeof context.stage === 'string' ? context.stage : '$default';
      return {
        kind: 'http',
        method: http.method.toUpperCase(),
        path: stripStage(rawPath, stage),
        headers: isObject(event.headers) ? event.headers : {},
        body: typeof event.body === 'string' ? event.body : undefined,
        isBase64Encoded: event.isBase64Encoded === true,
      };
    }
    if (typeof event.httpMethod === 'string' && typeof event.path === 'string') {
      // API Gateway REST (and HTTP API payload v1.0, ALB): path excludes the stage.
      return {
        kind: 'http',
        method: event.httpMethod.toUpperCase(),
        path: event.path,
        headers: isObject(event.headers) ? event.headers : {},
        body: typeof event.body === 'string' ? event.body : undefined,
        isBase64Encoded: event.isBase64Encoded === true,
      };
    }
  }
  return { kind: 'direct', payload: event };
}

/** The request body as text, decoded from base64 when flagged; 413 when it exceeds `limit` bytes. */
export function readBody(request: HttpRequest, limit: number): string | undefined {
  const { body } = request;
  if (body === undefined) {
    return undefined;
  }
  if (request.isBase64Encoded) {
    const bytes = Buffer.from(body, 'base64');
    if (bytes.length > limit) {
      throw new PayloadTooLargeError(bytes.length, limit);
    }
    return bytes.toString('utf8');
  }
  // A UTF-8 string has at least as many bytes as UTF-16 code units and at most three times as many.
  if (body.length > limit || (body.length * 3 > limit && Buffer.byteLength(body, 'utf8') > limit)) {
    throw new PayloadTooLargeError(Buffer.byteLength(body, 'utf8'), limit);
  }
  return body;
}

/**
 * The header of the Open Inference Protocol's binary tensor data extension: the length of the JSON part, with
 * raw tensor bytes after it (https://github.com/kserve/kserve/blob/master/docs/predict-api/v2/binary_tensor_data_extension.md).
 */
const BINARY_DATA_HEADER = 'inference-header-content-length';

/** Refuse (400) a request that uses the binary tensor data extension: this runtime reads JSON only. */
export function refuseBinaryData(request: HttpRequest): void {
  for (const name of Object.keys(request.headers)) {
    if (name.toLowerCase() === BINARY_DATA_HEADER) {
      throw new InvalidRequestError(
        'binary tensor data (the Inference-Header-Content-Length header) is not supported; ' +
          'send the whole request as JSON, with each input\'s values in its "data" array',
      );
    }
  }
}

/** Parse a JSON request body, answering 400 with the parser's reason when it is not JSON. */
export function parseJson(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') {
    throw new InvalidRequestError('request body is empty; send a JSON v2 inference request');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidRequestError(`request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** A JSON answer to an HTTP event. */
export function httpResult(
  statusCode: number,
  payload: unknown,
  headers: Readonly<Record<string, string>> = {},
): HttpResult {
  return {
    statusCode,
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify(payload),
    isBase64Encoded: false,
  };
}

function stripStage(rawPath: string, stage: string): string {
  if (stage === '$default' || stage === '') {
    return rawPath;
  }
  const prefix = `/${stage}`;
  if (rawPath === prefix) {
    return '/';
  }
  return rawPath.startsWith(`${prefix}/`) ? rawPath.slice(prefix.length) : rawPath;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
