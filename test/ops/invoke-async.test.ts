import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { InvokeEndpointAsyncCommand } from '@aws-sdk/client-sagemaker-runtime';
import { awsError, givenStack, mldeploy, mocks, resetMocks, stubAwsClients } from './support';

stubAwsClients();

// examples/async.yaml in prod: stack mldeploy-prod-iris-async, endpoint mldeploy-iris-async-prod.
const ARGS = ['invoke', '--config', 'examples/async.yaml', '--env', 'prod', '--model', 'iris-async'];
const BODY = 'models/iris/sample-request.json';
const BUCKET = 'capture-bucket-abc';
const OUTPUT = `s3://${BUCKET}/async/iris-async/output/result-1.out`;
const FAILURE = `s3://${BUCKET}/async/iris-async/failures/result-1-error.out`;

/** The part of an SDK stream body the CLI reads. */
const stream = (text: string) => ({ transformToString: async () => text });

beforeEach(() => {
  resetMocks();
  givenStack('mldeploy-prod-iris-async', {
    EndpointName: 'mldeploy-iris-async-prod',
    AsyncInputS3Uri: `s3://${BUCKET}/async/iris-async/input/`,
  });
  mocks.sageMakerRuntime
    .on(InvokeEndpointAsyncCommand)
    .resolves({ InferenceId: 'id', OutputLocation: OUTPUT, FailureLocation: FAILURE });
  mocks.s3.on(PutObjectCommand).resolves({});
});

test('uploads the body under the input prefix, invokes asynchronously and prints the answer once it lands', async () => {
  let looks = 0;
  mocks.s3.on(HeadObjectCommand).callsFake((input: { Key: string }) => {
    if (input.Key.includes('/output/') && ++looks >= 3) return {};
    throw awsError('NotFound', 'Not Found', 404);
  });
  mocks.s3.on(GetObjectCommand).resolves({ Body: stream('{"outputs":[]}') as any });

  const run = await mldeploy([...ARGS, '--body', BODY, '--async']);

  expect(run.code).toBe(0);
  const put = mocks.s3.commandCalls(PutObjectCommand)[0].args[0].input;
  expect(put.Bucket).toBe(BUCKET);
  expect(put.Key).toMatch(/^async\/iris-async\/input\/[0-9a-f-]{36}$/);
  const invoked = mocks.sageMakerRuntime.commandCalls(InvokeEndpointAsyncCommand)[0].args[0].input;
  expect(invoked).toMatchObject({
    EndpointName: 'mldeploy-iris-async-prod',
    InputLocation: `s3://${BUCKET}/${put.Key}`,
    ContentType: 'application/json',
  });
  expect(invoked.InferenceId).toBe(put.Key!.split('/').pop());
  // Two looks found nothing: two 5-second waits, with progress on stderr.
  expect(run.sleeps).toEqual([5000, 5000]);
  expect(run.stderr).toContain('is queued or running on mldeploy-iris-async-prod');
  expect(run.stdout).toBe(
    `request ${invoked.InferenceId} answered after 10 s (${OUTPUT}):\n{"outputs":[]}\n`,
  );
});

test('prints the failure SageMaker wrote and fails', async () => {
  mocks.s3.on(HeadObjectCommand).callsFake((input: { Key: string }) => {
    if (input.Key.includes('/failures/')) return {};
    throw awsError('NotFound', 'Not Found', 404);
  });
  mocks.s3.on(GetObjectCommand).resolves({ Body: stream('model crashed') as any });

  const run = await mldeploy([...ARGS, '--body', BODY, '--async', '--json']);

  expect(run.code).toBe(1);
  expect(JSON.parse(run.stdout)).toMatchObject({ failed: true, location: FAILURE, answer: 'model crashed' });
});

test('gives up after --wait-minutes with what it waited for', async () => {
  mocks.s3.on(HeadObjectCommand).rejects(awsError('NotFound', 'Not Found', 404));

  const run = await mldeploy([...ARGS, '--body', BODY, '--async', '--wait-minutes', '1']);

  expect(run.code).toBe(1);
  expect(run.stderr).toContain('gave up after 1 minute: request');
});

test('refuses --async for a Lambda model', async () => {
  givenStack('mldeploy-prod-iris-lambda', { FunctionName: 'f' });
  const run = await mldeploy([
    'invoke',
    '--env',
    'prod',
    '--model',
    'iris-lambda',
    '--body',
    BODY,
    '--async',
  ]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('--async needs a SageMaker model with sagemaker.async enabled');
});
