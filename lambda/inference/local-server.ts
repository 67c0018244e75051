import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import {
  lambdaFunctionNotFound,
  lambdaInvoke,
  lambdaRequestTooLarge,
  matchAwsWirePath,
  sagemakerAnswer,
  sagemakerEndpointNotFound,
  sagemakerRequestTooLarge,
  type AwsWireRoute,
  type WireAnswer,
} from './aws-wire';
import { PayloadTooLargeError } from './errors';
import type { InferenceHandler } from './handler';
import type { HttpResult } from './http';

interface LocalServerOptions {
  readonly handler: InferenceHandler;
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string;
  /** Port to listen on; 0 picks a free one. @default 8080 */
  readonly port?: number;
  /** Bodies larger than this are answered 413 without calling the handler. @default 6 MiB */
  readonly maxRequestBytes?: number;
  /**
   * Function and endpoint names the AWS service paths answer to (Lambda `Invoke`, SageMaker `InvokeEndpoint`);
   * other names get the service's not-found error.
   * @default any name
   */
  readonly names?: readonly string[];
}

export interface LocalServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serve the handler over plain HTTP on a developer's machine: each request becomes a Lambda Function URL
 * event, so the code path is the one that runs in Lambda. The Lambda `Invoke` and SageMaker `InvokeEndpoint`
 * paths are answered too (see aws-wire.ts), so AWS SDKs and the AWS CLI can call the model with an endpoint URL.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const limit = options.maxRequestBytes ?? 6 * 1024 * 1024;
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        const { body, size } = await readBody(req, limit);
        const wire = matchAwsWirePath(
          req.method ?? 'GET',
          new URL(req.url ?? '/', 'http://localhost').pathname,
        );
        const result =
          size > limit
            ? tooLarge(wire, size, limit)
            : wire
              ? await answerAwsWire(wire, req, body, options)
              : ((await options.handler(toFunctionUrlEvent(req, body), localContext())) as HttpResult);
        res.writeHead(result.statusCode, result.headers);
        res.end(result.body);
      } catch (error) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: `local server: ${(error as Error).message}` }));
      }
    })();
  });
  return listenLocally(server, options);
}

/**
 * Starts `server` on `host:port` (127.0.0.1:8080 unless told; port 0 picks a free one) and returns its base URL and
 * a `close` that also ends open connections, so a test or a terminal session never waits on a keep-alive client.
 */
export async function listenLocally(
  server: Server,
  options: { readonly host?: string; readonly port?: number },
): Promise<LocalServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A body over the limit, answered the way the path's caller can read: an AWS error type or the handler's 413. */
function tooLarge(wire: AwsWireRoute | undefined, size: number, limit: number): WireAnswer {
  if (wire?.kind === 'lambda-invoke') return lambdaRequestTooLarge(size, limit);
  if (wire?.kind === 'sagemaker-invoke') return sagemakerRequestTooLarge(size, limit);
  const error = new PayloadTooLargeError(size, limit);
  return {
    statusCode: error.statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ error: error.message }),
  };
}

async function answerAwsWire(
  route: AwsWireRoute,
  req: IncomingMessage,
  body: Buffer,
  options: LocalServerOptions,
): Promise<WireAnswer> {
  const known = options.names === undefined || options.names.includes(route.name);
  if (route.kind === 'lambda-invoke') {
    if (!known) return lambdaFunctionNotFound(route.name);
    const invocationType = req.headers['x-amz-invocation-type'];
    return lambdaInvoke(
      (event) => options.handler(event, localContext()),
      body.toString('utf8'),
      Array.isArray(invocationType) ? invocationType[0] : invocationType,
    );
  }
  if (!known) return sagemakerEndpointNotFound(route.name);
  // The container convention: SageMaker forwards InvokeEndpoint to the model's POST /invocations.
  const result = (await options.handler(
    toFunctionUrlEvent(req, body, '/invocations'),
    localContext(),
  )) as HttpResult;
  return sagemakerAnswer(result.statusCode, result.headers, result.body);
}

/** Read the body, keeping at most `limit` bytes in memory; `size` is the full length. */
/** The request body, up to `limit` bytes, and its whole size (a larger body is drained, not kept). */
export async function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; size: number }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= limit) {
      chunks.push(buffer);
    }
  }
  return { body: Buffer.concat(chunks), size };
}

export function toFunctionUrlEvent(
  req: IncomingMessage,
  body: Buffer,
  pathname?: string,
): Record<string, unknown> {
  const url = new URL(pathname ?? req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) {
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
  }
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    requestContext: {
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress,
      },
      requestId: randomUUID(),
      stage: '$default',
      timeEpoch: Date.now(),
    },
    body: body.length > 0 ? body.toString('utf8') : undefined,
    isBase64Encoded: false,
  };
}

export function localContext(): Context {
  const fail = (): never => {
    throw new Error('not available when serving locally');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:local',
    memoryLimitInMB: '0',
    awsRequestId: randomUUID(),
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 60_000,
    done: fail,
    fail,
    succeed: fail,
  };
}
