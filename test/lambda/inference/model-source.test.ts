/**
 * @jest-environment ./test/lambda/inference/onnx-environment.ts
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { S3ModelSource } from '../../../lambda/inference/config';
import { ModelIntegrityError, ModelLoadError } from '../../../lambda/inference/errors';
import { createInference } from '../../../lambda/inference/handler';
import { fetchModel } from '../../../lambda/inference/model-source';
import type { InferResponse } from '../../../lambda/inference/protocol';
import { IRIS_MODEL_PATH, irisConfig, lambdaContext, quietTelemetry, sampleRequest, setEnv } from './support';

const BUCKET = 'models';
const KEY = 'iris/1/model.onnx';
const MODEL = readFileSync(IRIS_MODEL_PATH);
const SHA256 = createHash('sha256').update(MODEL).digest('hex');
const WRONG_SHA256 = 'f'.repeat(64);
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

describe('loading the model from S3', () => {
  let workDir: string;
  let server: S3rver;
  let endpoint: string;
  let client: S3Client;
  let cacheDir: string;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'inference-s3-'));
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: path.join(workDir, 's3'),
      configureBuckets: [{ name: BUCKET }],
    });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS });
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: MODEL }));
  });

  afterAll(async () => {
    client.destroy();
    await server.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    cacheDir = mkdtempSync(path.join(workDir, 'cache-'));
  });

  function source(overrides: Partial<S3ModelSource> = {}): S3ModelSource {
    const key = overrides.key ?? KEY;
    return {
      kind: 's3',
      uri: `s3://${overrides.bucket ?? BUCKET}/${key}`,
      bucket: BUCKET,
      key,
      sha256: SHA256,
      cacheDir,
      forcePathStyle: true,
      ...overrides,
    };
  }

  function countingClient(): { client: S3Client; downloads: () => number } {
    const counted = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: CREDENTIALS,
    });
    const send = jest.spyOn(counted, 'send');
    return { client: counted, downloads: () => send.mock.calls.length };
  }

  test('the object is downloaded into the cache directory under its digest and verified', async () => {
    const file = await fetchModel(source(), { s3Client: client });

    expect(file).toEqual({
      path: path.join(cacheDir, `model-${SHA256}.onnx`),
      sha256: SHA256,
      bytes: MODEL.length,
      origin: 's3',
    });
    expect(readFileSync(file.path).equals(MODEL)).toBe(true);
    expect(readdirSync(cacheDir)).toEqual([`model-${SHA256}.onnx`]);
  });

  test('a cached file with the right digest is not downloaded again', async () => {
    const counting = countingClient();
    await fetchModel(source(), { s3Client: counting.client });

    const second = await fetchModel(source(), { s3Client: counting.client });

    expect(second.origin).toBe('cache');
    expect(counting.downloads()).toBe(1);
    counting.client.destroy();
  });

  test('a corrupted cached file is replaced by a fresh download', async () => {
    writeFileSync(path.join(cacheDir, `model-${SHA256}.onnx`), 'not the model');

    const file = await fetchModel(source(), { s3Client: client });

    expect(file.origin).toBe('s3');
    expect(readFileSync(file.path).equals(MODEL)).toBe(true);
  });

  test('a digest mismatch fails closed and leaves no file behind', async () => {
    const attempt = fetchModel(source({ sha256: WRONG_SHA256 }), { s3Client: client });

    await expect(attempt).rejects.toThrow(ModelIntegrityError);
    await expect(attempt).rejects.toThrow(
      `model s3://models/iris/1/model.onnx has SHA-256 ${SHA256} but ${WRONG_SHA256} was expected; refusing to load it`,
    );
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  test('a missing object fails with a clear error', async () => {
    const attempt = fetchModel(source({ key: 'iris/9/model.onnx' }), { s3Client: client });

    await expect(attempt).rejects.toThrow(ModelLoadError);
    await expect(attempt).rejects.toThrow(
      'cannot download model s3://models/iris/9/model.onnx: the object does not exist',
    );
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  test('a missing bucket fails with a clear error', async () => {
    const attempt = fetchModel(source({ bucket: 'no-such-bucket' }), { s3Client: client });

    await expect(attempt).rejects.toThrow(
      'cannot download model s3://no-such-bucket/iris/1/model.onnx: bucket no-such-bucket does not exist',
    );
  });

  test('without an injected client the endpoint comes from AWS_ENDPOINT_URL_S3', async () => {
    const restore = setEnv({
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
    });
    try {
      const file = await fetchModel(source());

      expect(file).toMatchObject({ origin: 's3', sha256: SHA256 });
    } finally {
      restore();
    }
  });

  describe('through the handler', () => {
    function inferenceFrom(s3: S3ModelSource, s3Client: S3Client) {
      return createInference({ config: irisConfig({ source: s3 }), s3Client, ...quietTelemetry() });
    }

    test('concurrent cold requests share one download and are answered correctly', async () => {
      const counting = countingClient();
      const { handler } = inferenceFrom(source(), counting.client);

      const answers = await Promise.all(Array.from({ length: 10 }, () => handler(sampleRequest)));

      expect(counting.downloads()).toBe(1);
      for (const answer of answers) {
        expect((answer as InferResponse).outputs[1]).toMatchObject({ name: 'label', data: [0, 2] });
      }
      counting.client.destroy();
    });

    test('a digest mismatch answers 500 without details and is not retried', async () => {
      const counting = countingClient();
      const { handler } = inferenceFrom(source({ sha256: WRONG_SHA256 }), counting.client);

      const first = await handler(sampleRequest, lambdaContext('req-a'));
      const second = await handler(sampleRequest, lambdaContext('req-b'));

      expect(first).toEqual({ statusCode: 500, error: 'internal error', requestId: 'req-a' });
      expect(second).toEqual({ statusCode: 500, error: 'internal error', requestId: 'req-b' });
      expect(counting.downloads()).toBe(1);
      counting.client.destroy();
    });

    test('a missing object is retried by the next request and served once it appears', async () => {
      const key = 'iris/late/model.onnx';
      const { handler } = inferenceFrom(source({ key }), client);

      const before = await handler(sampleRequest, lambdaContext('req-c'));
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: MODEL }));
      const after = await handler(sampleRequest, lambdaContext('req-d'));

      expect(before).toEqual({ statusCode: 500, error: 'internal error', requestId: 'req-c' });
      expect((after as InferResponse).outputs[1].data).toEqual([0, 2]);
      await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    });
  });
});

describe('loading the model from a local file', () => {
  test('a file with the expected digest loads', async () => {
    const file = await fetchModel({ kind: 'file', path: IRIS_MODEL_PATH, sha256: SHA256 });

    expect(file).toEqual({ path: IRIS_MODEL_PATH, sha256: SHA256, bytes: MODEL.length, origin: 'file' });
  });

  test('a file with another digest is refused', async () => {
    await expect(fetchModel({ kind: 'file', path: IRIS_MODEL_PATH, sha256: WRONG_SHA256 })).rejects.toThrow(
      `model ${IRIS_MODEL_PATH} has SHA-256 ${SHA256} but ${WRONG_SHA256} was expected; refusing to load it`,
    );
  });

  test('a missing file fails with a clear error', async () => {
    await expect(fetchModel({ kind: 'file', path: '/nonexistent/model.onnx' })).rejects.toThrow(
      "cannot read model file /nonexistent/model.onnx: Error: ENOENT: no such file or directory, stat '/nonexistent/model.onnx'",
    );
  });

  test('a file that is not an ONNX model fails at session creation with a clear error', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'inference-bad-'));
    const bad = path.join(dir, 'model.onnx');
    writeFileSync(bad, 'this is not a model');
    const { handler } = createInference({
      config: irisConfig({ source: { kind: 'file', path: bad } }),
      ...quietTelemetry(),
    });

    const answer = await handler(sampleRequest, lambdaContext('req-e'));

    expect(answer).toEqual({ statusCode: 500, error: 'internal error', requestId: 'req-e' });
    rmSync(dir, { recursive: true, force: true });
  });
});
