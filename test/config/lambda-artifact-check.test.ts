/**
 * @jest-environment ./test/lambda/inference/onnx-environment.ts
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { irisInference } from '../lambda/inference/support';
import { onnxMetadata, onnxWorkerRunning } from '../../lib/config/onnx-metadata';
import { PROJECT_ROOT } from '../helpers/app';
import { errorOf, minimalConfig, parse } from './fixtures';

const IRIS_MODEL = 'models/iris/repository/iris/1/model.onnx';
const IRIS_SAMPLE = 'models/iris/sample-request.json';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldeploy-artifact-check-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A file in the test's temporary folder; returns its absolute path. */
function file(name: string, content: string | Buffer): string {
  const target = path.join(dir, name);
  fs.writeFileSync(target, content);
  return target;
}

function request(inputs: unknown[]): string {
  return JSON.stringify({ inputs });
}

const ROWS = [4.7, 3.2, 1.3, 0.2, 6.3, 3.3, 6.0, 2.5];

/** The minimal config with the Lambda model `fraud` sending `sample` (a path) to its pre-traffic hook. */
function withLambdaSample(sample: string, lambda: Record<string, unknown> = {}) {
  const config = minimalConfig();
  config.models.fraud.lambda = { sampleRequest: sample, ...lambda };
  return config;
}

describe('a Lambda model’s artifact is checked at synth', () => {
  test('the shipped Iris model and its sample request pass', () => {
    const config = withLambdaSample(IRIS_SAMPLE);
    expect(() => parse(config)).not.toThrow();
  });

  test('a folder is refused once, at its YAML line, by the construct rule the loader runs', () => {
    const config = minimalConfig();
    config.models.fraud.artifact = { path: 'models/iris/repository' };

    expect(errorOf(config)).toBe(
      'Invalid deployment config (test.yaml):\n' +
        ' - models.fraud.artifact.path: "models/iris/repository" is a folder; the Lambda runtime serves a single ' +
        'ONNX file: point the artifact at the .onnx file (line 13)',
    );
  });

  test('a file ONNX Runtime cannot load is refused with its reason', () => {
    const broken = file('broken.onnx', 'not a protobuf');
    const config = minimalConfig();
    config.models.fraud.artifact = { path: broken };

    expect(errorOf(config)).toMatch(
      new RegExp(
        `^Invalid deployment config \\(test\\.yaml\\):\\n - models\\.fraud\\.artifact\\.path: "${broken}" is not an ` +
          'ONNX model that ONNX Runtime can load \\(.*Protobuf parsing failed.*\\); target lambda serves a single ' +
          '\\.onnx file \\(line 13\\)$',
      ),
    );
  });

  test('a SageMaker model’s folder artifact is left alone', () => {
    expect(() => parse(minimalConfig())).not.toThrow();
  });

  test('each distinct model file is opened once, however many models and environments use it', () => {
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { onnxModelsOpened } = require('../../lib/config/onnx-metadata');
      const { parseDeploymentConfig } = require('../../lib/config');
      /* eslint-enable @typescript-eslint/no-require-imports */
      const copy = file('same-model.onnx', fs.readFileSync(path.join(PROJECT_ROOT, IRIS_MODEL)));
      const models = Object.fromEntries(
        Array.from({ length: 200 }, (_, i) => [
          `m${i}`,
          {
            target: 'lambda',
            artifact: { path: i % 2 === 0 ? IRIS_MODEL : copy },
            lambda: { sampleRequest: IRIS_SAMPLE },
          },
        ]),
      );
      const text = JSON.stringify({
        project: 'acme',
        environments: { dev: {}, staging: {}, prod: {} },
        models,
      });

      parseDeploymentConfig(text, 'many.yaml', { baseDir: PROJECT_ROOT });

      expect(onnxModelsOpened()).toBe(1);
    });
  });

  test('the worker that opens models ends once the load has returned, and a later load starts another', async () => {
    const tick = () => new Promise((resolve) => setTimeout(resolve, 10));
    expect(onnxMetadata(file('retired.onnx', fs.readFileSync(path.join(PROJECT_ROOT, IRIS_MODEL)))).ok).toBe(
      true,
    );
    expect(onnxWorkerRunning()).toBe(true);
    await tick();
    expect(onnxWorkerRunning()).toBe(false);
    expect(onnxMetadata(file('not-a-model.onnx', 'not a model')).ok).toBe(false);
    expect(onnxWorkerRunning()).toBe(true);
    await tick();
    expect(onnxWorkerRunning()).toBe(false);
  });
});

describe('a Lambda model’s sample request is checked at synth, by the check the function runs', () => {
  test.each([
    [
      'a request with the wrong datatype',
      request([{ name: 'input', shape: [2, 4], datatype: 'FP64', data: ROWS }]),
      'input "input": datatype "FP64" does not match the model\'s FP32',
    ],
    [
      'a request for another input',
      request([{ name: 'features', shape: [2, 4], datatype: 'FP32', data: ROWS }]),
      'unknown input "features"; the model\'s inputs are "input"',
    ],
    [
      'a request of the wrong rank',
      request([{ name: 'input', shape: [8], datatype: 'FP32', data: ROWS }]),
      'input "input": shape [8] has rank 1 but the model\'s [-1,4] has rank 2',
    ],
    [
      'a request with a wrong fixed dimension',
      request([{ name: 'input', shape: [4, 2], datatype: 'FP32', data: ROWS }]),
      'input "input": shape [4,2] does not match the model\'s [-1,4] (dimension 1 must be 4)',
    ],
    [
      'a request with ragged rows',
      request([{ name: 'input', shape: [2, 4], datatype: 'FP32', data: [ROWS.slice(0, 3), ROWS.slice(3)] }]),
      'input "input": data[0] has 3 elements but dimension 1 of shape [2,4] is 4',
    ],
    [
      'a request for an output the model lacks',
      JSON.stringify({
        inputs: [{ name: 'input', shape: [2, 4], datatype: 'FP32', data: ROWS }],
        outputs: [{ name: 'logits' }],
      }),
      'unknown output "logits"; the model\'s outputs are "probabilities", "label"',
    ],
  ])('%s fails synth with the 400 the function would answer', async (_case, text, reason) => {
    const sample = file(`${_case.replace(/\W+/g, '-')}.json`, text);

    const message = errorOf(withLambdaSample(sample));

    expect(message).toBe(
      'Invalid deployment config (test.yaml):\n' +
        ` - models.fraud.lambda.sampleRequest: "${sample}" would be refused by the model (400): ${reason} (line 15)`,
    );
    // The deployed function answers the same request with the same reason.
    const answer = await irisInference().handler(JSON.parse(text));
    expect(answer).toEqual({ statusCode: 400, error: reason });
  });

  test('a sample over the model’s batch limit fails synth', () => {
    const config = withLambdaSample(IRIS_SAMPLE, { maxBatchSize: 1 });

    expect(errorOf(config)).toContain(
      ` - models.fraud.lambda.sampleRequest: "${IRIS_SAMPLE}" would be refused by the model (400): input "input": ` +
        'batch size 2 (dimension 0 of shape [2,4]) exceeds the limit of 1',
    );
  });

  test('a file that is not JSON fails synth with the parser’s reason', () => {
    const sample = file('not-json.json', '{"inputs": [');

    expect(errorOf(withLambdaSample(sample))).toMatch(
      new RegExp(
        `^Invalid deployment config \\(test\\.yaml\\):\\n - models\\.fraud\\.lambda\\.sampleRequest: "${sample}" ` +
          'is not JSON \\(.+\\); it must be a v2 infer request \\(line 15\\)$',
      ),
    );
  });

  test('a request larger than the pre-traffic hook can carry fails synth', () => {
    const rows = Array.from({ length: 100 }, () => [5.123456, 3.123456, 1.123456, 0.123456]).flat();
    const sample = file(
      'big.json',
      request([{ name: 'input', shape: [100, 4], datatype: 'FP32', data: rows }]),
    );
    const bytes = fs.statSync(sample).size;
    expect(bytes).toBeGreaterThan(3072);

    expect(errorOf(withLambdaSample(sample))).toBe(
      'Invalid deployment config (test.yaml):\n' +
        ` - models.fraud.lambda.sampleRequest: "${sample}" is ${bytes} bytes as compact JSON; the pre-traffic ` +
        'hook carries it in an environment variable, which allows at most 3072 bytes: send fewer rows (line 15)',
    );
  });

  test('with the artifact in S3, the request is still checked as a v2 request', () => {
    const sample = file('no-inputs.json', JSON.stringify({ instances: [ROWS] }));
    const config = withLambdaSample(sample);
    config.models.fraud.artifact = {
      s3Uri: 's3://acme-models/fraud/model.onnx',
      sha256: 'a'.repeat(64),
    };

    expect(errorOf(config)).toContain(
      ` - models.fraud.lambda.sampleRequest: "${sample}" is not a v2 infer request: "inputs" must be a ` +
        'non-empty array, got nothing',
    );
  });
});

describe('a SageMaker model’s sample request is checked as a v2 request at synth', () => {
  function withSageMakerSample(sample: string) {
    const config = minimalConfig();
    config.models.churn.sagemaker = { sampleRequest: sample };
    return config;
  }

  test('the shipped Iris request passes', () => {
    expect(() => parse(withSageMakerSample(IRIS_SAMPLE))).not.toThrow();
  });

  test.each([
    ['not JSON', '[', /is not JSON \(.+\); it must be a v2 infer request/],
    [
      'not a v2 request',
      JSON.stringify({ instances: [ROWS] }),
      /is not a v2 infer request: "inputs" must be a non-empty array, got nothing/,
    ],
    [
      'a datatype outside the protocol',
      request([{ name: 'input', shape: [2, 4], datatype: 'FLOAT', data: ROWS }]),
      /is not a v2 infer request: input "input": datatype string "FLOAT" is not one of BOOL, UINT8/,
    ],
    [
      'data that does not fill the shape',
      request([{ name: 'input', shape: [3, 4], datatype: 'FP32', data: ROWS }]),
      /is not a v2 infer request: input "input": data has 8 elements but shape \[3,4\] needs 12/,
    ],
  ])('%s fails synth', (_case, text, reason) => {
    const sample = file(`sagemaker-${_case.replace(/\W+/g, '-')}.json`, text);

    const message = errorOf(withSageMakerSample(sample));

    expect(message).toMatch(new RegExp(` - models\\.churn\\.sagemaker\\.sampleRequest: "${sample}" `));
    expect(message).toMatch(reason);
  });

  test('FP16 inputs, which Triton serves, are accepted', () => {
    const sample = file(
      'fp16.json',
      request([{ name: 'input', shape: [2, 4], datatype: 'FP16', data: ROWS }]),
    );
    expect(() => parse(withSageMakerSample(sample))).not.toThrow();
  });
});
