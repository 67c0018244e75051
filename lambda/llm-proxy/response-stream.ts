import type { ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import type { Context } from 'aws-lambda';

/** Status and headers sent before the first byte of a streamed answer. */
export interface HttpResponseMetadata {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** A handler in Lambda's response streaming shape: it writes its answer to `responseStream` and ends it. */
export type StreamingHandler = (event: unknown, responseStream: Writable, context?: Context) => Promise<void>;

/**
 * The `awslambda` global that Lambda's Node.js runtime provides to response streaming functions; it has no npm
 * package ("Writing response streaming-enabled Lambda functions",
 * https://docs.aws.amazon.com/lambda/latest/dg/config-rs-write-functions.html).
 */
interface AwsLambdaRuntime {
  streamifyResponse(handler: StreamingHandler): StreamingHandler;
  HttpResponseStream: { from(stream: Writable, metadata: HttpResponseMetadata): Writable };
}

function lambdaRuntime(): AwsLambdaRuntime | undefined {
  // @types/aws-lambda declares the global as always present; outside Lambda it is not.
  const runtime = (globalThis as unknown as { awslambda?: AwsLambdaRuntime }).awslambda;
  return typeof runtime?.streamifyResponse === 'function' ? runtime : undefined;
}

/**
 * Mark the handler as streaming in Lambda. Outside Lambda (tests, `npm run serve`) there is no `awslambda` global and
 * the handler is returned as it is, so the module still loads and the same function serves local requests.
 */
export function streamifyResponse(handler: StreamingHandler): StreamingHandler {
  return lambdaRuntime()?.streamifyResponse(handler) ?? handler;
}

/**
 * Send status and headers, then return the stream to write the body to. In Lambda this is
 * `awslambda.HttpResponseStream.from`, which must be called before the first write; locally the stream is the
 * `http.ServerResponse` itself.
 */
export function openHttpResponse(stream: Writable, metadata: HttpResponseMetadata): Writable {
  const runtime = lambdaRuntime();
  if (runtime !== undefined) return runtime.HttpResponseStream.from(stream, metadata);
  const response = stream as Partial<ServerResponse>;
  if (typeof response.writeHead === 'function' && response.headersSent === false) {
    response.writeHead(metadata.statusCode, { ...metadata.headers });
  }
  return stream;
}

/** Write and wait while the stream is full, so a slow client slows the proxy instead of filling its memory. */
export async function writeAndDrain(stream: Writable, data: string): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return;
  if (stream.write(data)) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
}

/** End the stream and wait until it is flushed (Lambda keeps the connection open until the stream ends). */
export async function endStream(stream: Writable): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return;
  await new Promise<void>((resolve) => {
    stream.once('close', resolve);
    stream.end(resolve);
  });
}
