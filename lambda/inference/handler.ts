import type { S3Client } from '@aws-sdk/client-s3';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { InferenceConfig } from './config';
import { ModelIntegrityError, RequestError } from './errors';
import { httpResult, parseEvent, parseJson, readBody, refuseBinaryData, type IncomingRequest } from './http';
import { loadModel, type LoadedModel } from './model-session';
import { buildInferResponse, SERVER_METADATA, type InferResponse } from './protocol';
import { matchRoute, type Route } from './router';
import { HANDLER_METRICS } from '../../contract/metrics';
import type { Telemetry } from './telemetry';
import { validateInferRequest } from './validate';
import { createCapture, type CaptureOutcome } from './capture';

export interface InferenceOptions extends Telemetry {
  readonly config: InferenceConfig;
  /** S3 client for loading the model; created from the configuration when absent. */
  readonly s3Client?: S3Client;
  /** Where capture lines go, a request's lines joined by newlines (tests, local serving). @default process.stdout */
  readonly writeCaptureLine?: (line: string) => void;
}

/** The Lambda entry point: a direct invoke payload or a Function URL / API Gateway event in, an answer out. */
export type InferenceHandler = (event: unknown, context?: Context) => Promise<unknown>;

export interface Inference {
  readonly handler: InferenceHandler;
  /** Start loading the model now (e.g. during init); failures are logged and surface on the next request. */
  preload(): Promise<void>;
}

interface Answer {
  readonly statusCode: number;
  readonly body: object;
  readonly headers?: Readonly<Record<string, string>>;
}

const INFER: Route = { kind: 'infer' };

/**
 * Create the inference handler. The model is loaded once per execution environment: concurrent first
 * requests share one load, warm requests reuse the session. A transient load failure is retried by the next
 * request; an integrity failure is permanent for this environment (the artifact is immutable).
 */
export function createInference(options: InferenceOptions): Inference {
  const { config, logger, metrics } = options;
  const served = { name: config.modelName, version: config.modelVersion };
  const limits = { maxBatchSize: config.maxBatchSize };
  let loaded: LoadedModel | undefined;
  let loading: Promise<LoadedModel> | undefined;
  let unreportedLoadTimeMs: number | undefined;
  const capture = createCapture({
    samplingPercent: config.captureSamplingPercent ?? 0,
    write: options.writeCaptureLine,
  });

  function getModel(): Promise<LoadedModel> {
    loading ??= loadModel(config, { s3Client: options.s3Client }).then(
      (model) => {
        loaded = model;
        unreportedLoadTimeMs = model.loadTimeMs;
        logger.info('model loaded', {
          model: model.name,
          version: model.version,
          file: model.file,
          loadTimeMs: Math.round(model.loadTimeMs),
          inputs: model.metadata.inputs,
          outputs: model.metadata.outputs,
        });
        return model;
      },
      (error: unknown) => {
        if (!(error instanceof ModelIntegrityError)) {
          loading = undefined;
        }
        logger.error('model could not be loaded', { source: describeSource(config), error });
        throw error;
      },
    );
    return loading;
  }

  async function readyModel(): Promise<LoadedModel> {
    const model = loaded ?? (await getModel());
    if (unreportedLoadTimeMs !== undefined) {
      metrics.addMetric(HANDLER_METRICS.modelLoadTime, MetricUnit.Milliseconds, unreportedLoadTimeMs);
      unreportedLoadTimeMs = undefined;
    }
    return model;
  }

  async function infer(payload: unknown, requestId: string | undefined): Promise<InferResponse> {
    const model = await readyModel();
    const started = performance.now();
    const request = validateInferRequest(payload, model, limits);
    const results = await model.session.run(request.feeds, request.outputNames);
    const response = buildInferResponse(model, request.id, request.outputNames, results);
    metrics.addMetric(HANDLER_METRICS.inferenceLatency, MetricUnit.Milliseconds, performance.now() - started);
    metrics.addMetric(HANDLER_METRICS.batchSize, MetricUnit.Count, request.batchSize);
    countCapture(capture(request.feeds, model.metadata.inputs, response, requestId));
    return response;
  }

  function countCapture(outcome: CaptureOutcome): void {
    if (outcome.written > 0)
      metrics.addMetric(HANDLER_METRICS.captureRecords, MetricUnit.Count, outcome.written);
    if (outcome.dropped > 0) {
      metrics.addMetric(HANDLER_METRICS.captureRecordsDropped, MetricUnit.Count, outcome.dropped);
    }
  }

  async function dispatch(route: Route, request: IncomingRequest, requestId?: string): Promise<Answer> {
    switch (route.kind) {
      case 'infer': {
        if (request.kind === 'http') refuseBinaryData(request);
        const payload =
          request.kind === 'http'
            ? parseJson(readBody(request, config.maxRequestBytes))
            : typeof request.payload === 'string'
              ? parseJson(request.payload)
              : request.payload;
        return { statusCode: 200, body: await infer(payload, requestId) };
      }
      case 'model-metadata':
        return { statusCode: 200, body: (await readyModel()).metadata };
      case 'model-ready':
      case 'server-ready':
        try {
          await readyModel();
          return { statusCode: 200, body: { ready: true } };
        } catch {
          // Already logged by the loader; count it as the fault it is.
          metrics.addMetric(HANDLER_METRICS.internalErrors, MetricUnit.Count, 1);
          return { statusCode: 503, body: { ready: false } };
        }
      case 'server-live':
        return { statusCode: 200, body: { live: true } };
      case 'server-metadata':
        return { statusCode: 200, body: SERVER_METADATA };
    }
  }

  function answerError(error: unknown, request: IncomingRequest, requestId?: string): Answer {
    const where =
      request.kind === 'http' ? { method: request.method, path: request.path } : { invoke: 'direct' };
    if (error instanceof RequestError) {
      metrics.addMetric(HANDLER_METRICS.invalidRequests, MetricUnit.Count, 1);
      logger.warn('request rejected', { ...where, statusCode: error.statusCode, reason: error.message });
      return { statusCode: error.statusCode, body: { error: error.message }, headers: error.headers };
    }
    metrics.addMetric(HANDLER_METRICS.internalErrors, MetricUnit.Count, 1);
    logger.error('request failed', { ...where, error });
    return {
      statusCode: 500,
      body: requestId === undefined ? { error: 'internal error' } : { error: 'internal error', requestId },
    };
  }

  const handler: InferenceHandler = async (event, context) => {
    metrics.captureColdStartMetric();
    if (context !== undefined) {
      logger.addContext(context);
    }
    const request = parseEvent(event);
    let answer: Answer;
    try {
      const route = request.kind === 'direct' ? INFER : matchRoute(request.method, request.path, served);
      answer = await dispatch(route, request, context?.awsRequestId);
    } catch (error) {
      answer = answerError(error, request, context?.awsRequestId);
    } finally {
      if (metrics.hasStoredMetrics()) {
        metrics.publishStoredMetrics();
      }
    }
    if (request.kind === 'http') {
      return httpResult(answer.statusCode, answer.body, answer.headers);
    }
    return answer.statusCode === 200 ? answer.body : { statusCode: answer.statusCode, ...answer.body };
  };

  return {
    handler,
    preload: () =>
      getModel().then(
        () => undefined,
        () => undefined,
      ),
  };
}

function describeSource(config: InferenceConfig): Record<string, string> {
  const { source } = config;
  return source.kind === 'file'
    ? { kind: 'file', path: source.path }
    : { kind: 's3', uri: source.uri, sha256: source.sha256, cacheDir: source.cacheDir };
}
