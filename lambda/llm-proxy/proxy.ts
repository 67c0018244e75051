import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Writable } from 'node:stream';
import type { Context } from 'aws-lambda';
import { LLM_PROXY_METRICS } from '../../contract/llm-proxy';
import { parseEvent, type IncomingRequest } from '../inference/http';
import { AnswerWriter } from './answer-writer';
import { answerChat } from './chat-turn';
import { parseChatRequest } from './chat-request';
import { newCompletionIdentity } from './completion';
import type { ProxyConfig } from './config';
import { ChatRequestError, UpstreamError, UpstreamTimeoutError, type OpenAiErrorBody } from './errors';
import type { Guardrail } from './guardrail';
import { observedGuardrail } from './observed-guardrail';
import { streamifyResponse, type StreamingHandler } from './response-stream';
import type { Telemetry } from './telemetry';

export interface ChatProxyOptions extends Telemetry {
  readonly config: ProxyConfig;
  readonly sagemaker: SageMakerRuntimeClient;
  /** Checks prompts and answers; absent when no guardrail is configured. */
  readonly guardrail?: Guardrail;
}

export const CHAT_COMPLETIONS_PATH = '/v1/chat/completions';
/**
 * Time kept back from the function's timeout to end the stream with an error event: a function that times out is
 * stopped mid-write, and its client sees a cut connection with no reason.
 */
export const FUNCTION_DEADLINE_RESERVE_MS = 1500;
export const MODELS_PATH = '/v1/models';

/**
 * The chat proxy as a Lambda response streaming handler: an OpenAI-compatible `POST /v1/chat/completions` (and
 * `GET /v1/models`, which OpenAI clients use to list models) behind a Function URL. Every request is answered, and
 * the response stream always ended: bad requests with a 4xx and a reason, upstream faults with a 5xx or an error
 * event.
 */
export function createChatProxy(options: ChatProxyOptions): StreamingHandler {
  const { config, logger, metrics } = options;
  const guardrail = options.guardrail && observedGuardrail(options.guardrail, options);

  return streamifyResponse(async (event, responseStream, context) => {
    const startedAt = performance.now();
    metrics.captureColdStartMetric();
    if (context !== undefined) logger.addContext(context);
    const identity = newCompletionIdentity(config.modelName);
    const writer = new AnswerWriter(responseStream, identity);
    const disconnect = watchDisconnect(responseStream);
    const deadline = watchDeadline(context);
    const signal = AbortSignal.any([disconnect.signal, deadline.signal]);
    const request = parseEvent(event);
    try {
      metrics.addMetric(LLM_PROXY_METRICS.requests, MetricUnit.Count, 1);
      const body = route(request, config);
      if (body === 'models') {
        await writer.sendJson(200, {
          object: 'list',
          data: [{ id: config.modelName, object: 'model', created: 0, owned_by: 'ml-deploy-cdk' }],
        });
        return;
      }
      const chat = parseChatRequest(body, { maxTokens: config.maxTokens });
      await answerChat(chat, {
        ...options,
        guardrail,
        identity,
        writer,
        signal,
        startedAt,
      });
    } catch (error) {
      const cause = deadline.signal.aborted
        ? new UpstreamError(
            `the answer was cut ${FUNCTION_DEADLINE_RESERVE_MS} ms before the function's timeout`,
            504,
            'function_timeout',
            { cause: error },
          )
        : error;
      await answerError(cause, writer, options, disconnect.signal.aborted);
    } finally {
      disconnect.stop();
      deadline.stop();
      await writer.close();
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  });
}

/** The parsed chat body, or `models`; a {@link ChatRequestError} for anything else. */
function route(request: IncomingRequest, config: ProxyConfig): unknown {
  if (request.kind !== 'http') {
    throw new ChatRequestError(400, `invoke this function through its URL: POST ${CHAT_COMPLETIONS_PATH}`);
  }
  const path = request.path.replace(/\/+$/, '');
  if (path === MODELS_PATH) {
    if (request.method !== 'GET') throw methodNotAllowed(request.method, path, 'GET');
    return 'models';
  }
  if (path !== CHAT_COMPLETIONS_PATH) {
    throw new ChatRequestError(
      404,
      `no route ${request.method} ${request.path}; use POST ${CHAT_COMPLETIONS_PATH}`,
      null,
      'not_found',
    );
  }
  if (request.method !== 'POST') throw methodNotAllowed(request.method, path, 'POST');
  const raw =
    request.body === undefined
      ? ''
      : request.isBase64Encoded
        ? Buffer.from(request.body, 'base64').toString('utf8')
        : request.body;
  const bytes = Buffer.byteLength(raw, 'utf8');
  if (bytes > config.maxRequestBytes) {
    throw new ChatRequestError(
      413,
      `request body is ${bytes} bytes, more than the limit of ${config.maxRequestBytes}`,
    );
  }
  if (raw.trim() === '')
    throw new ChatRequestError(400, 'request body is empty; send a chat completions request');
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new ChatRequestError(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
}

function methodNotAllowed(method: string, path: string, allowed: string): ChatRequestError {
  return new ChatRequestError(
    405,
    `method ${method} is not allowed on ${path}; use ${allowed}`,
    null,
    'method_not_allowed',
    'invalid_request_error',
    { allow: allowed },
  );
}

async function answerError(
  error: unknown,
  writer: AnswerWriter,
  { logger, metrics }: Telemetry,
  clientGone: boolean,
): Promise<void> {
  if (error instanceof ChatRequestError) {
    metrics.addMetric(LLM_PROXY_METRICS.invalidRequests, MetricUnit.Count, 1);
    logger.warn('request rejected', {
      statusCode: error.statusCode,
      reason: error.message,
      param: error.param,
    });
    await writer.sendError(error.statusCode, error.toBody(), error.headers);
    return;
  }
  if (clientGone) {
    logger.info('client went away; the upstream call was cancelled');
    return;
  }
  metrics.addMetric(LLM_PROXY_METRICS.upstreamErrors, MetricUnit.Count, 1);
  if (error instanceof UpstreamTimeoutError) {
    metrics.addMetric(LLM_PROXY_METRICS.upstreamTimeouts, MetricUnit.Count, 1);
  }
  const known = error instanceof UpstreamError;
  logger.error('chat request failed', { error, streamed: writer.opened });
  const body: OpenAiErrorBody = known
    ? error.toBody()
    : {
        message: 'the chat proxy failed; see its logs',
        type: 'server_error',
        param: null,
        code: 'internal_error',
      };
  await writer.sendError(known ? error.statusCode : 500, body);
}

/** Abort shortly before the function's own timeout (no deadline outside Lambda's context). */
function watchDeadline(context: Context | undefined): { signal: AbortSignal; stop(): void } {
  const controller = new AbortController();
  const remaining = context?.getRemainingTimeInMillis();
  if (remaining === undefined || !Number.isFinite(remaining))
    return { signal: controller.signal, stop: () => undefined };
  const timer = setTimeout(() => controller.abort(), Math.max(0, remaining - FUNCTION_DEADLINE_RESERVE_MS));
  return { signal: controller.signal, stop: () => clearTimeout(timer) };
}

/**
 * Abort when the response stream closes before the answer is complete: the client went away. Locally the stream is
 * the HTTP response and reports it; Lambda's runtime emits no event when a Function URL client disconnects
 * (aws-lambda-nodejs-runtime-interface-client#145), so there the upstream call ends with the answer or the timeout.
 */
function watchDisconnect(stream: Writable): { signal: AbortSignal; stop(): void } {
  const controller = new AbortController();
  const onClose = (): void => {
    if (!stream.writableFinished) controller.abort();
  };
  stream.on('close', onClose);
  stream.on('error', onClose);
  return {
    signal: controller.signal,
    stop: () => {
      stream.off('close', onClose);
      stream.off('error', onClose);
    },
  };
}
