import { DescribeEndpointCommand } from '@aws-sdk/client-sagemaker';
import { AwsCallError, isRetryable, withRetry } from '../../lib/ops/retry';
import {
  awsError,
  CONFIG_V2,
  ENDPOINT,
  givenSageMakerStack,
  mldeploy,
  mocks,
  resetMocks,
  stubAwsClients,
} from './support';

stubAwsClients();

const TARGET = { action: 'sagemaker:DescribeEndpoint', resource: `endpoint ${ENDPOINT}` };

function recorder() {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 };
}

describe('withRetry', () => {
  test('retries throttling with exponential backoff and jitter, then returns the answer', async () => {
    const call = jest
      .fn()
      .mockRejectedValueOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .mockRejectedValueOnce(awsError('TooManyRequestsException', 'Rate exceeded', 429))
      .mockRejectedValueOnce(awsError('Throttling', 'Rate exceeded'))
      .mockResolvedValue('answer');
    const { sleeps, sleep, random } = recorder();

    await expect(withRetry(call, TARGET, { sleep, random })).resolves.toBe('answer');

    expect(call).toHaveBeenCalledTimes(4);
    // Half (random 0.5) of 200, 400 and 800 ms.
    expect(sleeps).toEqual([100, 200, 400]);
  });

  test('waits anywhere between 0 and the cap, and never more than the maximum delay', async () => {
    const call = jest.fn().mockRejectedValue(awsError('RequestLimitExceeded', 'Request limit exceeded.'));
    const sleeps: number[] = [];

    await expect(
      withRetry(call, TARGET, {
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 0.999,
        maxAttempts: 5,
        baseDelayMs: 1000,
        maxDelayMs: 3000,
      }),
    ).rejects.toThrow(AwsCallError);

    expect(sleeps).toEqual([999, 1998, 2997, 2997]);
  });

  test('gives up after 5 attempts, naming the action, the resource and the last error', async () => {
    const call = jest.fn().mockRejectedValue(awsError('ProvisionedThroughputExceededException', 'Slow down'));
    const { sleeps, sleep, random } = recorder();

    const failure = withRetry(call, TARGET, { sleep, random });

    await expect(failure).rejects.toThrow(
      `sagemaker:DescribeEndpoint on endpoint ${ENDPOINT} still failed after 5 attempts (ProvisionedThroughputExceededException: Slow down)`,
    );
    expect(call).toHaveBeenCalledTimes(5);
    expect(sleeps).toHaveLength(4);
  });

  test('does not retry access denied', async () => {
    const call = jest.fn().mockRejectedValue(awsError('AccessDeniedException', 'not authorized', 403));
    const { sleeps, sleep } = recorder();

    await expect(withRetry(call, TARGET, { sleep })).rejects.toThrow(
      `sagemaker:DescribeEndpoint on endpoint ${ENDPOINT} was denied (AccessDeniedException: not authorized); grant sagemaker:DescribeEndpoint to the caller`,
    );
    expect(call).toHaveBeenCalledTimes(1);
    expect(sleeps).toEqual([]);
  });

  test('does not retry validation errors', async () => {
    const call = jest
      .fn()
      .mockRejectedValue(awsError('ValidationException', `Could not find endpoint "${ENDPOINT}".`));

    await expect(withRetry(call, TARGET, { sleep: async () => undefined })).rejects.toThrow(
      `sagemaker:DescribeEndpoint on endpoint ${ENDPOINT} failed (ValidationException: Could not find endpoint "${ENDPOINT}".)`,
    );
    expect(call).toHaveBeenCalledTimes(1);
  });

  test.each([
    ['a 500', awsError('InternalFailure', 'x', 500), true],
    ['a 503', awsError('ServiceUnavailable', 'x', 503), true],
    ['a dropped connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    ['a 400', awsError('ValidationException', 'x', 400), false],
    ['a 424 model error', awsError('ModelError', 'x', 424), false],
    [
      'missing credentials',
      Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError' }),
      false,
    ],
  ])('%s is retried: %s', (_what, error, retryable) => {
    expect(isRetryable(error)).toBe(retryable);
  });
});

describe('AWS calls of the CLI', () => {
  beforeEach(() => {
    resetMocks();
    givenSageMakerStack();
  });

  const inService = {
    EndpointName: ENDPOINT,
    EndpointArn: `arn:aws:sagemaker:eu-west-1:123456789012:endpoint/${ENDPOINT}`,
    EndpointConfigName: CONFIG_V2,
    EndpointStatus: 'InService' as const,
    CreationTime: new Date(0),
    LastModifiedTime: new Date(0),
  };

  test('are retried when throttled, then succeed', async () => {
    mocks.sageMaker
      .on(DescribeEndpointCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolves(inService);

    const run = await mldeploy(['status', '--env', 'prod', '--model', 'iris-sagemaker']);

    expect(run.code).toBe(0);
    expect(mocks.sageMaker.commandCalls(DescribeEndpointCommand)).toHaveLength(3);
    expect(run.sleeps).toEqual([100, 200]);
  });

  test('fail with the reason once throttling outlasts the attempts', async () => {
    mocks.sageMaker.on(DescribeEndpointCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));

    const run = await mldeploy(['status', '--env', 'prod', '--model', 'iris-sagemaker']);

    expect(run.code).toBe(1);
    expect(mocks.sageMaker.commandCalls(DescribeEndpointCommand)).toHaveLength(5);
    expect(run.stderr).toBe(
      `prod/iris-sagemaker: sagemaker:DescribeEndpoint on endpoint ${ENDPOINT} still failed after 5 attempts (ThrottlingException: Rate exceeded)\n`,
    );
  });

  test('are not retried when access is denied', async () => {
    mocks.sageMaker
      .on(DescribeEndpointCommand)
      .rejects(
        awsError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/ops is not authorized', 403),
      );

    const run = await mldeploy(['status', '--env', 'prod', '--model', 'iris-sagemaker']);

    expect(run.code).toBe(1);
    expect(mocks.sageMaker.commandCalls(DescribeEndpointCommand)).toHaveLength(1);
    expect(run.sleeps).toEqual([]);
    expect(run.stderr).toBe(
      `prod/iris-sagemaker: sagemaker:DescribeEndpoint on endpoint ${ENDPOINT} was denied (AccessDeniedException: User: arn:aws:iam::123456789012:user/ops is not authorized); grant sagemaker:DescribeEndpoint to the caller\n`,
    );
  });
});
