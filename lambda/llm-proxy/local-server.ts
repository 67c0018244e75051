import { createServer, type Server } from 'node:http';
import type { Context } from 'aws-lambda';
import {
  listenLocally,
  type LocalServer,
  localContext,
  readBody,
  toFunctionUrlEvent,
} from '../inference/local-server';
import type { StreamingHandler } from './response-stream';

export interface LocalChatServerOptions {
  readonly handler: StreamingHandler;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 8080 */
  readonly port?: number;
  /** Bodies larger than this are refused before the handler runs. @default 6 MiB, a Function URL's request limit */
  readonly maxRequestBytes?: number;
  /** The Lambda context each request gets. @default a local context with 60 s remaining */
  readonly context?: () => Context;
}

export type LocalChatServer = LocalServer;

/**
 * Serve the streaming chat handler over plain HTTP on a developer's machine. Each request becomes a Function URL
 * event and the HTTP response is the handler's response stream, so tokens reach the client as the handler writes
 * them, and a client that hangs up closes the stream the handler watches (the same code path as in Lambda).
 */
export async function startLocalChatServer(options: LocalChatServerOptions): Promise<LocalChatServer> {
  const limit = options.maxRequestBytes ?? 6 * 1024 * 1024;
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        const { body, size } = await readBody(req, limit);
        if (size > limit) {
          res.writeHead(413, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              error: {
                message: `request body is larger than ${limit} bytes`,
                type: 'invalid_request_error',
                param: null,
                code: null,
              },
            }),
          );
          return;
        }
        await options.handler(toFunctionUrlEvent(req, body), res, (options.context ?? localContext)());
      } catch (error) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              message: `local server: ${(error as Error).message}`,
              type: 'server_error',
              param: null,
              code: null,
            },
          }),
        );
      }
    })();
  });
  return listenLocally(server, options);
}
