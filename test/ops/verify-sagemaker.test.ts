import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeEndpointCommand, DescribeEndpointOutput } from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import {
  awsError,
  bytes,
  CONFIG_V1,
  CONFIG_V2,
  ENDPOINT,
  fixture,
  givenNoStack,
  givenSageMakerStack,
  givenStack,
  mldeploy,
  mocks,
  resetMocks,
  SAGEMAKER_STACK,
  SAMPLE_REQUEST,
  stubAwsClients,
  tempConfig,
} from './support';

stubAwsClients();

const VERIFY = ['verify', '--env', 'prod', '--model', 'iris-sagemaker'];

function endpoint(status: string, extra: Partial<DescribeEndpointOutput> = {}): DescribeEndpointOutput {
  return {
    EndpointName: ENDPOINT,
    EndpointArn: `arn:aws:sagemaker:eu-west-1:123456789012:endpoint/${ENDPOINT}`,
    EndpointConfigName: CONFIG_V2,
    EndpointStatus: status as any,
    CreationTime: new Date(0),
    LastModifiedTime: new Date(0),
    ...extra,
  };
}

function givenAnswer(answer: unknown) {
  mocks.sageMakerRuntime
    .on(InvokeEndpointCommand)
    .resolves({ Body: bytes(answer) as any, ContentType: 'application/json' });
}

/** The one reason verify printed on stderr for iris-sagemaker. */
function reasonOf(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.startsWith(' - iris-sagemaker: '));
  return line!.slice(' - iris-sagemaker: '.length);
}

beforeEach(() => {
  resetMocks();
  givenSageMakerStack();
});

describe('verify of a SageMaker model', () => {
  test('passes when the endpoint is in service on the deployed config and answers the sample request', async () => {
    mocks.sageMaker.on(DescribeEndpointCommand).resolves(endpoint('InService'));
    givenAnswer(fixture('triton-infer-response.json'));

    const run = await mldeploy(VERIFY);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'MODEL           TARGET     STATE      CHECK\n' +
        'iris-sagemaker  sagemaker  InService  ok: probabilities [2,3] FP32, label [2] INT64\n' +
        'verified 1 of 1 models in prod\n',
    );
  });

  test('sends the sample request file as JSON to the endpoint of the stack output', async () => {
    mocks.sageMaker.on(DescribeEndpointCommand).resolves(endpoint('InService'));
    givenAnswer(fixture('triton-infer-response.json'));

    await mldeploy(VERIFY);

    expect(mocks.cloudFormation.commandCalls(DescribeStacksCommand)[0].args[0].input).toEqual({
      StackName: SAGEMAKER_STACK,
    });
    const input = mocks.sageMakerRuntime.commandCalls(InvokeEndpointCommand)[0].args[0].input;
    expect(input).toMatchObject({
      EndpointName: ENDPOINT,
      ContentType: 'application/json',
      Accept: 'application/json',
    });
    expect(new TextDecoder().decode(input.Body as Uint8Array)).toBe(SAMPLE_REQUEST);
  });

  test('fails naming both configs when SageMaker silently rolled back to the previous config', async () => {
    mocks.sageMaker
      .on(DescribeEndpointCommand)
      .resolves(endpoint('InService', { EndpointConfigName: CONFIG_V1 }));

    const run = await mldeploy(VERIFY);

    expect(run.code).toBe(1);
    expect(reasonOf(run.stderr)).toBe(
      `SageMaker rolled back: endpoint ${ENDPOINT} is in service on endpoint config ${CONFIG_V1}, not ${CONFIG_V2} that the last deploy of stack ${SAGEMAKER_STACK} put in service`,
    );
    expect(run.stdout).toContain('iris-sagemaker  sagemaker  InService  FAILED\n');
    expect(mocks.sageMakerRuntime.commandCalls(InvokeEndpointCommand)).toHaveLength(0);
  });

  test.each(['Failed', 'UpdateRollbackFailed', 'OutOfService'])(
    'fails with the failure reason when the endpoint is %s',
    async (status) => {
      mocks.sageMaker.on(DescribeEndpointCommand).resolves(
        endpoint(status, {
          FailureReason:
            'The primary container for production variant AllTraffic did not pass the ping health check.',
        }),
      );

      const run = await mldeploy(VERIFY);

      expect(run.code).toBe(1);
      expect(reasonOf(run.stderr)).toBe(
        `endpoint ${ENDPOINT} is ${status}: The primary container for production variant AllTraffic did not pass the ping health check.`,
      );
    },
  );

  test('waits while the endpoint is updating, then checks it', async () => {
    mocks.sageMaker
      .on(DescribeEndpointCommand)
      .resolvesOnce(endpoint('Updating', { EndpointConfigName: CONFIG_V1 }))
      .resolvesOnce(endpoint('SystemUpdating'))
      .resolvesOnce(endpoint('RollingBack'))
      .resolves(endpoint('InService'));
    givenAnswer(fixture('triton-infer-response.json'));

    const run = await mldeploy(VERIFY);

    expect(run.code).toBe(0);
    expect(run.sleeps).toEqual([15_000, 15_000, 15_000]);
    // Not a terminal: a line per change of state on stderr.
    expect(run.stderr).toBe(
      `iris-sagemaker: endpoint ${ENDPOINT} is Updating (waiting up to 30 minutes more)\n` +
        `iris-sagemaker: endpoint ${ENDPOINT} is SystemUpdating (waiting up to 30 minutes more)\n` +
        `iris-sagemaker: endpoint ${ENDPOINT} is RollingBack (waiting up to 30 minutes more)\n`,
    );
  });

  test('gives up after --wait-minutes', async () => {
    mocks.sageMaker.on(DescribeEndpointCommand).resolves(endpoint('Creating'));

    const run = await mldeploy([...VERIFY, '--wait-minutes', '1']);

    expect(run.code).toBe(1);
    expect(run.sleeps).toEqual([15_000, 15_000, 15_000, 15_000]);
    expect(reasonOf(run.stderr)).toBe(`gave up after 1 minute: endpoint ${ENDPOINT} is Creating`);
  });

  test('waits for a stack update in progress before reading the endpoint', async () => {
    mocks.cloudFormation
      .on(DescribeStacksCommand)
      .resolvesOnce({
        Stacks: [
          { StackName: SAGEMAKER_STACK, StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date(0) },
        ],
      })
      .resolves({
        Stacks: [
          {
            StackName: SAGEMAKER_STACK,
            StackStatus: 'UPDATE_COMPLETE',
            CreationTime: new Date(0),
            Outputs: [
              { OutputKey: 'EndpointName', OutputValue: ENDPOINT },
              { OutputKey: 'EndpointConfigName', OutputValue: CONFIG_V2 },
            ],
          },
        ],
      });
    mocks.sageMaker.on(DescribeEndpointCommand).resolves(endpoint('InService'));
    givenAnswer(fixture('triton-infer-response.json'));

    const run = await mldeploy([...VERIFY, '--json']);

    expect(run.code).toBe(0);
    expect(run.sleeps).toEqual([15_000]);
    // --json: nothing but the result.
    expect(run.stderr).toBe('');
  });

  test('fails when CloudFormation rolled the last deploy back', async () => {
    givenStack(
      SAGEMAKER_STACK,
      { EndpointName: ENDPOINT, EndpointConfigName: CONFIG_V1 },
      'UPDATE_ROLLBACK_COMPLETE',
      'The following resource(s) failed to update: [Endpoint]',
    );

    const run = await mldeploy(VERIFY);

    expect(run.code).toBe(1);
    expect(reasonOf(run.stderr)).toBe(
      `stack ${SAGEMAKER_STACK} is UPDATE_ROLLBACK_COMPLETE: CloudFormation rolled the last deploy back: The following resource(s) failed to update: [Endpoint]`,
    );
    expect(run.stdout).toContain('iris-sagemaker  sagemaker  UPDATE_ROLLBACK_COMPLETE  FAILED\n');
  });

  test('fails at once while CloudFormation rolls the deploy back', async () => {
    givenStack(
      SAGEMAKER_STACK,
      { EndpointName: ENDPOINT, EndpointConfigName: CONFIG_V2 },
      'UPDATE_ROLLBACK_IN_PROGRESS',
    );

    const run = await mldeploy(VERIFY);

    expect(run.code).toBe(1);
    expect(run.sleeps).toEqual([]);
    expect(reasonOf(run.stderr)).toBe(
      `stack ${SAGEMAKER_STACK} is UPDATE_ROLLBACK_IN_PROGRESS: CloudFormation is rolling the last deploy back`,
    );
  });

  test('fails when the stack does not exist', async () => {
    givenNoStack(SAGEMAKER_STACK);

    const run = await mldeploy(VERIFY);

    expect(run.code).toBe(1);
    expect(reasonOf(run.stderr)).toBe(
      `stack ${SAGEMAKER_STACK} does not exist; deploy it with npx cdk deploy 'prod/iris-sagemaker'`,
    );
    expect(run.stdout).toContain('iris-sagemaker  sagemaker  not deployed  FAILED\n');
  });

  test('fails when the stack lacks the outputs verify reads', async () => {
    givenStack(SAGEMAKER_STACK, { EndpointName: ENDPOINT });

    const run = await mldeploy(VERIFY);

    expect(reasonOf(run.stderr)).toBe(
      `stack ${SAGEMAKER_STACK} has no output EndpointConfigName; is it a sagemaker model stack of this project? Redeploy it with this version of the app`,
    );
  });

  test('fails when the answer does not have the v2 shape', async () => {
    mocks.sageMaker.on(DescribeEndpointCommand).resolves(endpoint('InService'));
    const answer = fixture('triton-infer-response.json');
    answer.outputs[0].data.pop();
    answer.outputs[1].shape = 'two';
    givenAnswer(answer);

    const run = await mldeploy(VERIFY);

    expect(run.code).toBe(1);
    expect(reasonOf(run.stderr)).toBe(
      `the answer of endpoint ${ENDPOINT} to models/iris/sample-request.json is not a v2 infer response: ` +
        'output "probabilities": data has 5 elements but shape [2,3] needs 6; output "label": shape must be an array of non-negative integers, got "two"',
    );
  });

  test('fails when the endpoint answers something that is not JSON', async () => {
    mocks.sageMaker.on(DescribeEndpointCommand).resolves(endpoint('InService'));
    givenAnswer('<html>Bad gateway</html>');

    const run = await mldeploy(VERIFY);

    expect(reasonOf(run.stderr)).toBe(
      `endpoint ${ENDPOINT} answered something that is not JSON: "<html>Bad gateway</html>"`,
    );
  });

  test('reports the model error SageMaker returns for a request the container refused', async () => {
    mocks.sageMaker.on(DescribeEndpointCommand).resolves(endpoint('InService'));
    mocks.sageMakerRuntime
      .on(InvokeEndpointCommand)
      .rejects(
        awsError(
          'ModelError',
          'Received client error (400) from primary with message "unexpected inference input"',
          424,
        ),
      );

    const run = await mldeploy(VERIFY);

    expect(reasonOf(run.stderr)).toBe(
      `sagemaker:InvokeEndpoint on endpoint ${ENDPOINT} failed (ModelError: Received client error (400) from primary with message "unexpected inference input")`,
    );
    expect(mocks.sageMakerRuntime.commandCalls(InvokeEndpointCommand)).toHaveLength(1);
  });

  test('skips the invocation, and says so, for a model without a sample request', async () => {
    const config = tempConfig((text) => text.replace(/^ +sampleRequest: .*\n/gm, ''));
    mocks.sageMaker.on(DescribeEndpointCommand).resolves(endpoint('InService'));

    const run = await mldeploy([...VERIFY, '--config', config]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'iris-sagemaker  sagemaker  InService  ok; invoke skipped: no sagemaker.sampleRequest in the config\n',
    );
    expect(mocks.sageMakerRuntime.commandCalls(InvokeEndpointCommand)).toHaveLength(0);
  });
});
