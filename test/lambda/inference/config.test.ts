import * as os from 'node:os';
import { DEFAULT_MAX_REQUEST_BYTES, readConfig } from '../../../lambda/inference/config';
import { ConfigurationError } from '../../../lambda/inference/errors';

const SHA = 'A'.repeat(64);

describe('reading the configuration from the environment', () => {
  test('a local model needs only a name and a path', () => {
    expect(readConfig({ MODEL_NAME: 'iris', MODEL_PATH: '/opt/model.onnx' })).toEqual({
      captureSamplingPercent: 0,
      modelName: 'iris',
      modelVersion: '1',
      source: { kind: 'file', path: '/opt/model.onnx', sha256: undefined },
      maxBatchSize: 64,
      maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
      intraOpNumThreads: undefined,
    });
  });

  test('an S3 model is parsed into bucket, key and a lower-case digest, cached under the temp directory', () => {
    const config = readConfig({
      MODEL_NAME: 'iris',
      MODEL_VERSION: '7',
      MODEL_S3_URI: 's3://model-bucket/models/iris/7/model.onnx',
      MODEL_SHA256: SHA,
      MAX_BATCH_SIZE: '16',
      MAX_REQUEST_BYTES: '1000000',
      ORT_INTRA_OP_THREADS: '2',
    });

    expect(config).toEqual({
      captureSamplingPercent: 0,
      modelName: 'iris',
      modelVersion: '7',
      source: {
        kind: 's3',
        uri: 's3://model-bucket/models/iris/7/model.onnx',
        bucket: 'model-bucket',
        key: 'models/iris/7/model.onnx',
        sha256: 'a'.repeat(64),
        cacheDir: os.tmpdir(),
        forcePathStyle: false,
      },
      maxBatchSize: 16,
      maxRequestBytes: 1000000,
      intraOpNumThreads: 2,
    });
  });

  test('the cache directory and path-style addressing can be set', () => {
    const config = readConfig({
      MODEL_NAME: 'iris',
      MODEL_S3_URI: 's3://b/k.onnx',
      MODEL_SHA256: SHA,
      MODEL_CACHE_DIR: '/mnt/models',
      MODEL_S3_FORCE_PATH_STYLE: 'TRUE',
    });

    expect(config.source).toMatchObject({ cacheDir: '/mnt/models', forcePathStyle: true });
  });

  test('the capture sampling percentage is read, and refused outside 0–100', () => {
    const base = { MODEL_NAME: 'iris', MODEL_PATH: '/m.onnx' };
    expect(readConfig({ ...base, CAPTURE_SAMPLING_PERCENT: '12.5' }).captureSamplingPercent).toBe(12.5);
    expect(() => readConfig({ ...base, CAPTURE_SAMPLING_PERCENT: '101' })).toThrow(
      'CAPTURE_SAMPLING_PERCENT ("101") must be a number from 0 to 100',
    );
  });

  test('every problem is reported at once', () => {
    const read = () =>
      readConfig({
        MODEL_NAME: 'iris model',
        MODEL_S3_URI: 'https://bucket/key',
        MODEL_SHA256: 'abc',
        MAX_BATCH_SIZE: '0',
        MAX_REQUEST_BYTES: '6MB',
        MODEL_S3_FORCE_PATH_STYLE: 'yes',
      });

    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(
      [
        'Invalid inference function configuration:',
        ' - MODEL_NAME ("iris model") must match ^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$',
        ' - MODEL_SHA256 ("abc") must be 64 hexadecimal characters',
        ' - MODEL_S3_URI ("https://bucket/key") must look like s3://bucket/key',
        ' - MODEL_S3_FORCE_PATH_STYLE ("yes") must be "true" or "false"',
        ' - MAX_BATCH_SIZE ("0") must be a positive integer',
        ' - MAX_REQUEST_BYTES ("6MB") must be a positive integer',
      ].join('\n'),
    );
  });

  test('a name and a model source are required', () => {
    expect(() => readConfig({})).toThrow(
      [
        'Invalid inference function configuration:',
        ' - MODEL_NAME is required: the name the model is served under, e.g. "iris"',
        ' - one of MODEL_S3_URI (s3://bucket/key) or MODEL_PATH (a local file) is required',
      ].join('\n'),
    );
  });

  test('an S3 model needs its digest', () => {
    expect(() => readConfig({ MODEL_NAME: 'iris', MODEL_S3_URI: 's3://b/k' })).toThrow(
      'MODEL_SHA256 is required with MODEL_S3_URI: the expected SHA-256 of the model object',
    );
  });

  test('a path and an S3 URI together are refused', () => {
    expect(() =>
      readConfig({ MODEL_NAME: 'iris', MODEL_PATH: '/m.onnx', MODEL_S3_URI: 's3://b/k', MODEL_SHA256: SHA }),
    ).toThrow('set only one of MODEL_PATH and MODEL_S3_URI, not both');
  });
});
