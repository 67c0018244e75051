/**
 * @jest-environment ./test/lambda/inference/onnx-environment.ts
 */
import { IRIS_MODEL_PATH, lambdaContext, sampleRequest, setEnv } from './support';

type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

describe('the Lambda entry point', () => {
  let restore: () => void;

  beforeEach(() => {
    jest.resetModules();
    restore = setEnv({
      MODEL_NAME: 'iris',
      MODEL_PATH: IRIS_MODEL_PATH,
      MODEL_S3_URI: undefined,
      MODEL_SHA256: undefined,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
  });

  afterEach(() => restore());

  test('index.handler serves the model configured by the environment', async () => {
    const { handler } = (await import('../../../lambda/inference/index')) as { handler: Handler };

    const answer = (await handler(sampleRequest, lambdaContext())) as {
      outputs: { name: string; data: unknown }[];
    };

    expect(answer.outputs.find((o) => o.name === 'label')?.data).toEqual([0, 2]);
  });

  test('a misconfigured environment fails initialisation with every problem listed', async () => {
    const restoreBad = setEnv({ MODEL_NAME: undefined, MAX_BATCH_SIZE: 'many' });
    try {
      await expect(import('../../../lambda/inference/index')).rejects.toThrow(
        'Invalid inference function configuration:\n' +
          ' - MODEL_NAME is required: the name the model is served under, e.g. "iris"\n' +
          ' - MAX_BATCH_SIZE ("many") must be a positive integer',
      );
    } finally {
      restoreBad();
    }
  });
});
