/**
 * @jest-environment ./test/lambda/inference/onnx-environment.ts
 */
import { createInference, type Inference } from '../../../lambda/inference/handler';
import { DEFAULT_METRICS_NAMESPACE } from '../../../contract/metrics';
import { createTelemetry } from '../../../lambda/inference/telemetry';
import type { Telemetry } from '../../../lambda/inference/telemetry';
import { captureOutput, irisConfig, lambdaContext, sampleRequest, urlEvent, withEnv } from './support';

interface EmfRecord {
  namespace: string;
  dimensions: string[][];
  service: unknown;
  metrics: Record<string, { unit: string; value: unknown }>;
}

/** Parse the embedded-metric-format lines among captured output lines. */
function emfRecords(lines: string[]): EmfRecord[] {
  return lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry._aws !== undefined)
    .map((entry) => {
      const directive = (
        entry._aws as {
          CloudWatchMetrics: {
            Namespace: string;
            Dimensions: string[][];
            Metrics: { Name: string; Unit: string }[];
          }[];
        }
      ).CloudWatchMetrics[0];
      return {
        namespace: directive.Namespace,
        dimensions: directive.Dimensions,
        service: entry.service,
        metrics: Object.fromEntries(
          directive.Metrics.map((m) => [m.Name, { unit: m.Unit, value: entry[m.Name] }]),
        ),
      };
    });
}

function loggedLines(lines: string[]): Record<string, unknown>[] {
  return lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry._aws === undefined);
}

/** Telemetry as it runs in Lambda: metrics printed, on-demand initialisation (so cold starts count). */
function lambdaTelemetry(): Telemetry {
  return withEnv(
    {
      MODEL_NAME: 'iris',
      METRICS_NAMESPACE: undefined,
      POWERTOOLS_METRICS_NAMESPACE: undefined,
      POWERTOOLS_METRICS_DISABLED: 'false',
      POWERTOOLS_DEV: undefined,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    },
    () => createTelemetry(process.env),
  );
}

describe('metrics in embedded metric format', () => {
  let output: ReturnType<typeof captureOutput>;
  let inference: Inference;
  let telemetry: Telemetry;

  beforeEach(() => {
    telemetry = lambdaTelemetry();
    inference = createInference({ config: irisConfig(), ...telemetry });
    output = captureOutput();
  });

  afterEach(() => output.restore());

  test('the first request emits ColdStart and ModelLoadTime once; every request emits latency and batch size', async () => {
    await inference.handler(sampleRequest, lambdaContext('req-1'));
    await inference.handler({
      inputs: [{ name: 'input', shape: [3, 4], datatype: 'FP32', data: new Array(12).fill(5) }],
    });
    output.restore();

    const records = emfRecords(output.stdout());
    expect(records).toHaveLength(3);
    for (const record of records) {
      expect(record.namespace).toBe(DEFAULT_METRICS_NAMESPACE);
      expect(record.dimensions).toEqual([['service']]);
      expect(record.service).toBe('iris');
    }
    const [coldStart, first, second] = records;
    expect(coldStart.metrics).toEqual({ ColdStart: { unit: 'Count', value: 1 } });
    expect(Object.keys(first.metrics).sort()).toEqual(['BatchSize', 'InferenceLatency', 'ModelLoadTime']);
    expect(first.metrics.ModelLoadTime.unit).toBe('Milliseconds');
    expect(first.metrics.ModelLoadTime.value).toBeGreaterThan(0);
    expect(first.metrics.InferenceLatency.unit).toBe('Milliseconds');
    expect(first.metrics.InferenceLatency.value).toBeGreaterThan(0);
    expect(first.metrics.BatchSize).toEqual({ unit: 'Count', value: 2 });
    expect(Object.keys(second.metrics).sort()).toEqual(['BatchSize', 'InferenceLatency']);
    expect(second.metrics.BatchSize).toEqual({ unit: 'Count', value: 3 });
  });

  test('a rejected request emits InvalidRequests and logs the reason as a warning', async () => {
    await inference.handler({ inputs: [{ name: 'x' }] }, lambdaContext('req-2'));
    output.restore();

    const metrics = emfRecords(output.stdout()).at(-1)?.metrics;
    expect(metrics?.InvalidRequests).toEqual({ unit: 'Count', value: 1 });
    expect(metrics).not.toHaveProperty('InferenceLatency');
    expect(metrics).not.toHaveProperty('BatchSize');
    const warning = loggedLines([...output.stdout(), ...output.stderr()]).find(
      (l) => l.message === 'request rejected',
    );
    expect(warning).toMatchObject({
      level: 'WARN',
      service: 'iris',
      statusCode: 400,
      reason: 'unknown input "x"; the model\'s inputs are "input"',
      function_request_id: 'req-2',
    });
  });

  test('a fault emits InternalErrors, logs the error with context and answers without a stack trace', async () => {
    const broken = createInference({
      config: irisConfig({ source: { kind: 'file', path: '/nonexistent/model.onnx' } }),
      ...telemetry,
    });

    const answer = await broken.handler(
      urlEvent('POST', '/v2/models/iris/infer', sampleRequest),
      lambdaContext('req-3'),
    );
    output.restore();

    expect(answer).toMatchObject({ statusCode: 500, body: '{"error":"internal error","requestId":"req-3"}' });
    const records = emfRecords(output.stdout());
    expect(records.at(-1)?.metrics).toEqual({ InternalErrors: { unit: 'Count', value: 1 } });
    const logs = loggedLines([...output.stdout(), ...output.stderr()]);
    expect(logs.find((l) => l.message === 'request failed')).toMatchObject({
      level: 'ERROR',
      method: 'POST',
      path: '/v2/models/iris/infer',
      function_request_id: 'req-3',
      error: {
        name: 'ModelLoadError',
        message: expect.stringContaining('cannot read model file /nonexistent/model.onnx'),
      },
    });
    expect(logs.find((l) => l.message === 'model could not be loaded')).toMatchObject({
      source: { kind: 'file', path: '/nonexistent/model.onnx' },
    });
  });

  test('routes without metrics print no metric line and no empty-metrics warning', async () => {
    await inference.handler(urlEvent('GET', '/v2/health/live'));
    output.restore();

    expect(emfRecords(output.stdout()).filter((r) => !('ColdStart' in r.metrics))).toEqual([]);
    expect(output.stderr().join('\n')).not.toContain('No application metrics');
  });

  test('metrics are flushed by every invocation, including rejected ones', async () => {
    await inference.handler(sampleRequest);
    expect(telemetry.metrics.hasStoredMetrics()).toBe(false);

    await inference.handler({});
    expect(telemetry.metrics.hasStoredMetrics()).toBe(false);
  });
});

describe('telemetry configuration', () => {
  test('the namespace comes from METRICS_NAMESPACE and the service from MODEL_NAME', () => {
    const { metrics } = withEnv({ POWERTOOLS_METRICS_DISABLED: 'true' }, () =>
      createTelemetry({ MODEL_NAME: 'churn', METRICS_NAMESPACE: 'Team/Models' }),
    );

    metrics.addMetric('Probe', 'Count', 1);
    const serialized = metrics.serializeMetrics();
    metrics.clearMetrics();

    expect(serialized._aws.CloudWatchMetrics[0].Namespace).toBe('Team/Models');
    expect(serialized.service).toBe('churn');
  });
});
