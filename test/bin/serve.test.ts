/**
 * @jest-environment ./test/lambda/inference/onnx-environment.ts
 */
import * as path from 'node:path';
import { InvokeCommand, LambdaClient, ResourceNotFoundException } from '@aws-sdk/client-lambda';
import { InvokeEndpointCommand, ModelError, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import {
  localModelFile,
  parseServeArgs,
  resolveServedModel,
  serveModel,
  type ServedModel,
} from '../../bin/serve';
import { loadDeploymentConfig } from '../../lib/config';
import { heldout, quietTelemetry, requestFor, sampleRequest } from '../lambda/inference/support';
import { PROJECT_ROOT } from '../helpers/app';

const CONFIG = path.join(PROJECT_ROOT, 'config/deployments.yaml');
const CLIENT = { region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const json = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes)) as any;
const labelOf = (answer: { outputs: { name: string; data: number[] }[] }) =>
  answer.outputs.find((o) => o.name === 'label')!.data;

describe('serving a model of the config locally', () => {
  let served: ServedModel;
  let lambda: LambdaClient;
  let sagemaker: SageMakerRuntimeClient;

  beforeAll(async () => {
    const options = parseServeArgs(['--model', 'iris-lambda', '--port', '0', '--config', CONFIG]);
    served = await serveModel(options, quietTelemetry());
    lambda = new LambdaClient({ ...CLIENT, endpoint: served.server.url });
    sagemaker = new SageMakerRuntimeClient({ ...CLIENT, endpoint: served.server.url });
  });

  afterAll(async () => {
    lambda.destroy();
    sagemaker.destroy();
    await served.server.close();
  });

  test('listens on 127.0.0.1 and reports the artifact’s short digest as the version', async () => {
    expect(served.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(served.version).toMatch(/^[0-9a-f]{12}$/);
    const metadata = await (await fetch(`${served.server.url}/v2/models/iris-lambda`)).json();
    expect(metadata).toMatchObject({
      name: 'iris-lambda',
      versions: [served.version],
      platform: 'onnxruntime',
    });
  });

  test('is ready', async () => {
    const response = await fetch(`${served.server.url}/v2/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ready: true });
  });

  test('answers the Open Inference Protocol over HTTP', async () => {
    const response = await fetch(`${served.server.url}/v2/models/iris-lambda/infer`, {
      method: 'POST',
      body: JSON.stringify(sampleRequest),
    });
    expect(response.status).toBe(200);
    expect(labelOf((await response.json()) as any)).toEqual([0, 2]);
  });

  test('answers Lambda Invoke from the AWS SDK', async () => {
    const output = await lambda.send(
      new InvokeCommand({ FunctionName: 'iris-lambda', Payload: JSON.stringify(sampleRequest) }),
    );
    expect(output.StatusCode).toBe(200);
    expect(output.FunctionError).toBeUndefined();
    expect(labelOf(json(output.Payload))).toEqual([0, 2]);
  });

  test('answers Lambda Invoke of a qualified function ARN', async () => {
    const output = await lambda.send(
      new InvokeCommand({
        FunctionName: 'arn:aws:lambda:eu-west-1:123456789012:function:iris-lambda:live',
        Payload: JSON.stringify(requestFor(heldout.features)),
      }),
    );
    const labels = labelOf(json(output.Payload));
    const correct = labels.filter((label, i) => label === heldout.labels[i]).length;
    expect(correct).toBe(29);
  });

  test('answers a bad request through Lambda Invoke the way the function does', async () => {
    const output = await lambda.send(
      new InvokeCommand({ FunctionName: 'iris-lambda', Payload: JSON.stringify({ inputs: [] }) }),
    );
    expect(json(output.Payload)).toEqual({
      statusCode: 400,
      error: '"inputs" must be a non-empty array, got an array',
    });
  });

  test('refuses Lambda Invoke of another function', async () => {
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: 'churn', Payload: JSON.stringify(sampleRequest) })),
    ).rejects.toThrow(new ResourceNotFoundException({ message: 'Function not found: churn', $metadata: {} }));
  });

  test('answers SageMaker InvokeEndpoint from the AWS SDK, under the deployed endpoint name', async () => {
    const output = await sagemaker.send(
      new InvokeEndpointCommand({
        EndpointName: 'mldeploy-iris-lambda-prod',
        ContentType: 'application/json',
        Body: new TextEncoder().encode(JSON.stringify(requestFor(heldout.features.slice(0, 3)))),
      }),
    );
    expect(output.ContentType).toBe('application/json');
    expect(output.InvokedProductionVariant).toBe('AllTraffic');
    expect(labelOf(json(output.Body))).toEqual(heldout.labels.slice(0, 3));
  });

  test('turns a refused request into SageMaker’s ModelError', async () => {
    const call = sagemaker.send(
      new InvokeEndpointCommand({
        EndpointName: 'iris-lambda',
        ContentType: 'application/json',
        Body: new TextEncoder().encode(
          '{"inputs":[{"name":"input","shape":[1,3],"datatype":"FP32","data":[1,2,3]}]}',
        ),
      }),
    );
    await expect(call).rejects.toBeInstanceOf(ModelError);
    await expect(call).rejects.toMatchObject({
      OriginalStatusCode: 400,
      OriginalMessage: JSON.stringify({
        error: 'input "input": shape [1,3] does not match the model\'s [-1,4] (dimension 1 must be 4)',
      }),
    });
  });
});

describe('choosing what to serve', () => {
  const config = loadDeploymentConfig(CONFIG, { baseDir: PROJECT_ROOT });
  const options = (argv: string[]) => parseServeArgs(['--config', CONFIG, ...argv]);

  test('a folder artifact is served from its single .onnx file', () => {
    const model = resolveServedModel(config, options(['--model', 'iris-sagemaker']));
    expect(localModelFile(model)).toBe(path.join(PROJECT_ROOT, 'models/iris/repository/iris/1/model.onnx'));
  });

  test('the settings of the chosen environment apply', () => {
    expect(
      resolveServedModel(config, options(['--model', 'iris-lambda', '--env', 'staging'])).environment,
    ).toBe('staging');
  });

  test('an unknown model names the models there are', () => {
    expect(() => resolveServedModel(config, options(['--model', 'iris']))).toThrow(
      `--model iris is not defined in ${CONFIG}; models: iris-sagemaker, iris-lambda`,
    );
  });

  test('an unknown environment names the environments there are', () => {
    expect(() => resolveServedModel(config, options(['--model', 'iris-lambda', '--env', 'qa']))).toThrow(
      `--env qa is not defined in ${CONFIG}; environments: dev, staging, prod`,
    );
  });

  test('an S3 artifact cannot be served locally', () => {
    const model = {
      ...config.environments[0].models[1],
      artifact: { kind: 's3', uri: 's3://b/iris.onnx' },
    } as const;
    expect(() => localModelFile(model)).toThrow(
      'model iris-lambda: the artifact s3://b/iris.onnx is not a local file; local serving needs a local artifact (artifact.path)',
    );
  });

  test.each([
    [[], '--model is required'],
    [['--model', 'iris-lambda', '--port', 'http'], '--port "http" must be a port number from 0 to 65535'],
    [['--model', 'iris-lambda', '--verbose'], "Unknown option '--verbose'"],
  ])('refuses %j', (argv, message) => {
    expect(() => parseServeArgs(argv)).toThrow(message);
    expect(() => parseServeArgs(argv)).toThrow('usage: npm run serve -- --model NAME');
  });
});
