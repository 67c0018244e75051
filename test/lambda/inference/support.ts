import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { InferenceConfig } from '../../../lambda/inference/config';
import { createInference, type Inference, type InferenceOptions } from '../../../lambda/inference/handler';
import type { HttpResult } from '../../../lambda/inference/http';
import type { InferRequest, InferResponse } from '../../../lambda/inference/protocol';
import type { Telemetry } from '../../../lambda/inference/telemetry';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const IRIS_DIR = path.join(REPO_ROOT, 'models', 'iris');
export const IRIS_MODEL_PATH = path.join(IRIS_DIR, 'repository', 'iris', '1', 'model.onnx');

export const sampleRequest: InferRequest = JSON.parse(
  readFileSync(path.join(IRIS_DIR, 'sample-request.json'), 'utf8'),
);
export const heldout: { features: number[][]; labels: number[] } = JSON.parse(
  readFileSync(path.join(IRIS_DIR, 'heldout.json'), 'utf8'),
);

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')) as T;
}

export function irisConfig(overrides: Partial<InferenceConfig> = {}): InferenceConfig {
  return {
    modelName: 'iris',
    modelVersion: '1',
    source: { kind: 'file', path: IRIS_MODEL_PATH },
    maxBatchSize: 64,
    maxRequestBytes: 1024 * 1024,
    ...overrides,
  };
}

/** Telemetry that writes nothing: logs below SILENT are dropped and metrics are not printed (but still stored). */
export function quietTelemetry(): Telemetry {
  return withEnv({ POWERTOOLS_METRICS_DISABLED: 'true' }, () => ({
    logger: new Logger({ serviceName: 'iris', logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test/Inference', serviceName: 'iris' }),
  }));
}

/** An inference handler over the shipped Iris model with quiet telemetry. */
export function irisInference(options: Partial<InferenceOptions> = {}): Inference {
  return createInference({ config: irisConfig(), ...quietTelemetry(), ...options });
}

export function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const restore = setEnv(vars);
  try {
    return fn();
  } finally {
    restore();
  }
}

/** Set (or, for undefined, delete) environment variables; returns a function that restores them. */
export function setEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.entries(vars).map(([key]) => [key, process.env[key]] as const);
  const apply = (entries: readonly (readonly [string, string | undefined])[]) => {
    for (const [key, value] of entries) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(Object.entries(vars));
  return () => apply(saved);
}

export function lambdaContext(awsRequestId = 'req-0001'): Context {
  const fail = (): never => {
    throw new Error('not used');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'iris-inference',
    functionVersion: '7',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:iris-inference:live',
    memoryLimitInMB: '1024',
    awsRequestId,
    logGroupName: '/aws/lambda/iris-inference',
    logStreamName: '2024/12/05/[7]0123456789abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: fail,
    fail,
    succeed: fail,
  };
}

/** A Function URL event for a method, path and JSON-serialisable (or raw string) body. */
export function urlEvent(
  method: string,
  rawPath: string,
  body?: unknown,
  extra: Record<string, unknown> = {},
) {
  const base = fixture('function-url-event.json');
  const requestContext = base.requestContext as Record<string, unknown>;
  return {
    ...base,
    rawPath,
    requestContext: {
      ...requestContext,
      http: { ...(requestContext.http as object), method, path: rawPath },
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    ...extra,
  };
}

/** Parse the JSON body of an HTTP answer. */
export function bodyOf<T = Record<string, unknown>>(result: unknown): T {
  return JSON.parse((result as HttpResult).body) as T;
}

export function asInferResponse(result: unknown): InferResponse {
  return result as InferResponse;
}

/** Two-row request over the given feature rows. */
export function requestFor(rows: readonly number[][]): InferRequest {
  return {
    inputs: [{ name: 'input', shape: [rows.length, 4], datatype: 'FP32', data: rows.flat() }],
  };
}

/** Collect what is written to stdout and stderr until restored. */
export function captureOutput(): { stdout: () => string[]; stderr: () => string[]; restore: () => void } {
  const out: string[] = [];
  const err: string[] = [];
  const spyOut = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(chunk.toString());
    return true;
  });
  const spyErr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(chunk.toString());
    return true;
  });
  const lines = (chunks: string[]) =>
    chunks
      .join('')
      .split('\n')
      .filter((l) => l.trim() !== '');
  return {
    stdout: () => lines(out),
    stderr: () => lines(err),
    restore: () => {
      spyOut.mockRestore();
      spyErr.mockRestore();
    },
  };
}
