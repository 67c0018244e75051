import { DescribeEndpointCommand, DescribeInferenceComponentCommand } from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import {
  awsError,
  bytes,
  CANDIDATE_COMPONENT,
  COMPONENT,
  fixture,
  givenInferenceComponent,
  givenNoStack,
  givenSharedEndpointStack,
  givenStack,
  mldeploy,
  mocks,
  resetMocks,
  SAMPLE_REQUEST,
  SHARED_CONFIG,
  SHARED_ENDPOINT,
  SHARED_STACK,
  stubAwsClients,
} from './support';

stubAwsClients();

const BODY = 'models/iris/sample-request.json';
const INVOKE = ['invoke', '--config', SHARED_CONFIG, '--env', 'prod', '--model', 'iris', '--body', BODY];
const ON_ENDPOINT = `inference component ${COMPONENT} on endpoint ${SHARED_ENDPOINT}`;
// What SageMaker answers a request to a component with no copy (see NoCapacityError in lib/ops/runtime.ts).
const NO_CAPACITY = awsError(
  'ValidationError',
  'Inference Component has no capacity to process this request. ApplicationAutoScaling may be in-progress (if configured) or try to increase the capacity by invoking UpdateInferenceComponentRuntimeConfig API.',
);

function givenEndpoint(status = 'InService', FailureReason?: string) {
  mocks.sageMaker.on(DescribeEndpointCommand, { EndpointName: SHARED_ENDPOINT }).resolves({
    EndpointName: SHARED_ENDPOINT,
    EndpointArn: `arn:aws:sagemaker:eu-west-1:123456789012:endpoint/${SHARED_ENDPOINT}`,
    EndpointConfigName: 'SharedEndpointConfig-a1B2c3D4e5F6',
    EndpointStatus: status as any,
    FailureReason,
    ProductionVariants: [
      {
        VariantName: 'AllTraffic',
        CurrentInstanceCount: 1,
        DesiredInstanceCount: 1,
        CurrentWeight: 1,
        DesiredWeight: 1,
      },
    ],
    CreationTime: new Date(0),
    LastModifiedTime: new Date(0),
  });
}

const zeroCopies = { RuntimeConfig: { DesiredCopyCount: 0, CurrentCopyCount: 0 } };
const startingCopy = { RuntimeConfig: { DesiredCopyCount: 1, CurrentCopyCount: 0 } };

function invokeInputs() {
  return mocks.sageMakerRuntime.commandCalls(InvokeEndpointCommand).map((call) => call.args[0].input);
}

beforeEach(() => {
  resetMocks();
  givenSharedEndpointStack();
});

describe('invoke of a model on a shared endpoint', () => {
  test('names the shared endpoint and the model’s inference component', async () => {
    const answer = fixture('triton-infer-response.json');
    mocks.sageMakerRuntime.on(InvokeEndpointCommand).resolves({ Body: bytes(answer) as any });

    const run = await mldeploy(INVOKE);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${ON_ENDPOINT} answered in 0 ms:\n${JSON.stringify(answer, null, 2)}\n`);
    const [input] = invokeInputs();
    expect(input).toMatchObject({
      EndpointName: SHARED_ENDPOINT,
      InferenceComponentName: COMPONENT,
      ContentType: 'application/json',
    });
    expect(new TextDecoder().decode(input.Body as Uint8Array)).toBe(SAMPLE_REQUEST);
  });

  test('at zero copies, waits for the copy the refused request starts and sends the request again', async () => {
    mocks.sageMakerRuntime
      .on(InvokeEndpointCommand)
      .rejectsOnce(NO_CAPACITY)
      .resolves({ Body: bytes(fixture('triton-infer-response.json')) as any });
    givenInferenceComponent(zeroCopies, startingCopy, {});

    const run = await mldeploy(INVOKE);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${ON_ENDPOINT} answered in \\d+ ms:\n`));
    expect(invokeInputs()).toHaveLength(2);
    expect(mocks.sageMaker.commandCalls(DescribeInferenceComponentCommand)).toHaveLength(3);
    // Two polls of 15 s before a copy ran.
    expect(run.sleeps).toEqual([15_000, 15_000]);
  });

  test('with --wait-minutes 0, fails at once saying the component scaled to zero and is waking', async () => {
    mocks.sageMakerRuntime.on(InvokeEndpointCommand).rejects(NO_CAPACITY);

    const run = await mldeploy([...INVOKE, '--wait-minutes', '0']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${ON_ENDPOINT} has no copy running (it scaled to zero): SageMaker refused the request, and starts a copy once the alarm on NoCapacityInvocationFailures sees it, which takes minutes; send the request again then`,
    );
    expect(mocks.sageMaker.commandCalls(DescribeInferenceComponentCommand)).toHaveLength(0);
  });

  test('gives up when no copy starts in time, saying what it waited for', async () => {
    mocks.sageMakerRuntime.on(InvokeEndpointCommand).rejects(NO_CAPACITY);
    givenInferenceComponent(zeroCopies);

    const run = await mldeploy([...INVOKE, '--wait-minutes', '1']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `gave up after 1 minute: ${ON_ENDPOINT} has no copy (0 of 0 copies); the refused request asks the alarm on NoCapacityInvocationFailures for one`,
    );
    expect(invokeInputs()).toHaveLength(1);
  });

  test('does not wait on other validation errors', async () => {
    mocks.sageMakerRuntime
      .on(InvokeEndpointCommand)
      .rejects(awsError('ValidationError', 'Inference Component mldeploy-iris-prod not found.'));

    const run = await mldeploy(INVOKE);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `sagemaker:InvokeEndpoint on ${ON_ENDPOINT} failed (ValidationError: Inference Component mldeploy-iris-prod not found.)`,
    );
    expect(run.sleeps).toEqual([]);
  });

  test('refuses --variant: the endpoint’s one variant is not the model’s', async () => {
    const run = await mldeploy([...INVOKE, '--variant', 'AllTraffic']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--variant picks a production variant; iris is an inference component of shared endpoint shared, whose one variant belongs to the endpoint',
    );
    expect(invokeInputs()).toHaveLength(0);
  });

  test('refuses --async: a component answers InvokeEndpoint only', async () => {
    const run = await mldeploy([...INVOKE, '--async']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '--async needs an asynchronous endpoint; iris is an inference component of shared endpoint shared, which answers InvokeEndpoint only',
    );
  });

  test('fails naming the component when the stack does not list it', async () => {
    givenStack(SHARED_STACK, { EndpointName: SHARED_ENDPOINT, InferenceComponentNames: CANDIDATE_COMPONENT });

    const run = await mldeploy(INVOKE);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `stack ${SHARED_STACK} lists no inference component ${COMPONENT} for model iris (InferenceComponentNames: ${CANDIDATE_COMPONENT}); deploy it with npx cdk deploy 'prod/shared'`,
    );
  });

  test('names the shared endpoint’s stack to deploy when it does not exist', async () => {
    givenNoStack(SHARED_STACK);

    const run = await mldeploy(INVOKE);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `stack ${SHARED_STACK} does not exist; deploy it with npx cdk deploy 'prod/shared'`,
    );
  });
});

describe('verify of models on a shared endpoint', () => {
  const verify = (config: string, ...extra: string[]) =>
    mldeploy(['verify', '--config', config, '--env', 'prod', ...extra]);

  test('checks both components in service and their answers to the sample request', async () => {
    givenEndpoint();
    givenInferenceComponent();
    mocks.sageMaker
      .on(DescribeInferenceComponentCommand, { InferenceComponentName: CANDIDATE_COMPONENT })
      .resolves({
        ...fixture('describe-inference-component.json'),
        InferenceComponentName: CANDIDATE_COMPONENT,
        RuntimeConfig: { DesiredCopyCount: 2, CurrentCopyCount: 2 },
      } as any);
    mocks.sageMakerRuntime
      .on(InvokeEndpointCommand)
      .resolves({ Body: bytes(fixture('triton-infer-response.json')) as any });

    const run = await verify(SHARED_CONFIG);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      'MODEL           TARGET     STATE                     CHECK\n' +
        'iris            sagemaker  InService, 1 of 1 copy    ok: probabilities [2,3] FP32, label [2] INT64\n' +
        'iris-candidate  sagemaker  InService, 2 of 2 copies  ok: probabilities [2,3] FP32, label [2] INT64\n' +
        'verified 2 of 2 models in prod\n',
    );
    expect(invokeInputs().map((input) => input.InferenceComponentName)).toEqual([
      COMPONENT,
      CANDIDATE_COMPONENT,
    ]);
    expect(invokeInputs().every((input) => input.EndpointName === SHARED_ENDPOINT)).toBe(true);
  });

  test('waits while the component is Creating, then checks it', async () => {
    givenEndpoint();
    givenInferenceComponent({ InferenceComponentStatus: 'Creating' }, {});
    mocks.sageMakerRuntime
      .on(InvokeEndpointCommand)
      .resolves({ Body: bytes(fixture('triton-infer-response.json')) as any });

    const run = await verify(SHARED_CONFIG, '--model', 'iris');

    expect(run.code).toBe(0);
    expect(run.sleeps).toEqual([15_000]);
  });

  test('fails with SageMaker’s reason when the component failed', async () => {
    givenEndpoint();
    givenInferenceComponent({
      InferenceComponentStatus: 'Failed',
      FailureReason: 'Insufficient capacity on the endpoint to place a copy: 2048 MB needed, 1024 MB free.',
    });

    const run = await verify(SHARED_CONFIG, '--model', 'iris');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      ` - iris: ${ON_ENDPOINT} is Failed: Insufficient capacity on the endpoint to place a copy: 2048 MB needed, 1024 MB free.\n`,
    );
    expect(invokeInputs()).toHaveLength(0);
  });

  test('fails with the endpoint’s reason when the shared endpoint failed', async () => {
    givenEndpoint(
      'Failed',
      'The account-level service limit for ml.m5.xlarge for endpoint usage is 0 Instances.',
    );

    const run = await verify(SHARED_CONFIG, '--model', 'iris');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      ` - iris: endpoint ${SHARED_ENDPOINT} is Failed: The account-level service limit for ml.m5.xlarge for endpoint usage is 0 Instances.\n`,
    );
    expect(mocks.sageMaker.commandCalls(DescribeInferenceComponentCommand)).toHaveLength(0);
  });

  test('wakes a component at zero copies with the sample request and checks the answer', async () => {
    givenEndpoint();
    givenInferenceComponent(zeroCopies, zeroCopies, startingCopy, {});
    mocks.sageMakerRuntime
      .on(InvokeEndpointCommand)
      .rejectsOnce(NO_CAPACITY)
      .resolves({ Body: bytes(fixture('triton-infer-response.json')) as any });

    const run = await verify(SHARED_CONFIG, '--model', 'iris');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'iris   sagemaker  InService, 0 of 0 copies  ok: probabilities [2,3] FP32, label [2] INT64\n',
    );
    expect(invokeInputs()).toHaveLength(2);
  });

  test('fails when the component answers something that is not a v2 infer response', async () => {
    givenEndpoint();
    givenInferenceComponent();
    mocks.sageMakerRuntime.on(InvokeEndpointCommand).resolves({
      Body: bytes({ outputs: [{ name: 'label', datatype: 'INT64', shape: [2], data: [0] }] }) as any,
    });

    const run = await verify(SHARED_CONFIG, '--model', 'iris');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(` - iris: the answer of ${ON_ENDPOINT} to `);
    expect(run.stderr).toContain('is not a v2 infer response: ');
  });
});

describe('status of a model on a shared endpoint', () => {
  const status = (...extra: string[]) =>
    mldeploy(['status', '--config', SHARED_CONFIG, '--env', 'prod', '--model', 'iris', ...extra]);

  test('shows the shared endpoint and the model’s component with its copies', async () => {
    givenEndpoint();
    givenInferenceComponent();

    const run = await status();

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'prod/iris (sagemaker): InService',
        `  endpoint ${SHARED_ENDPOINT}, config SharedEndpointConfig-a1B2c3D4e5F6`,
        '  variant AllTraffic: instances 1 (desired 1), weight 1 (desired 1)',
        `  inference component ${COMPONENT}: InService, copies 1 (desired 1), model SharedModeliris5A1B2C3D-Xy7Zq9Wv`,
        '',
      ].join('\n'),
    );
    expect(mocks.sageMaker.commandCalls(DescribeInferenceComponentCommand)[0].args[0].input).toEqual({
      InferenceComponentName: COMPONENT,
    });
  });

  test('says a component at zero copies wakes on the next request', async () => {
    givenEndpoint();
    givenInferenceComponent(zeroCopies);

    const run = await status();

    expect(run.stdout).toContain(
      `  inference component ${COMPONENT}: InService, copies 0 (desired 0), model SharedModeliris5A1B2C3D-Xy7Zq9Wv\n` +
        '  scaled to zero: the next request fails and starts a copy, which takes minutes\n',
    );
  });

  test('shows the failure reason of a failed component and its status as the model’s state', async () => {
    givenEndpoint();
    givenInferenceComponent({
      InferenceComponentStatus: 'Failed',
      FailureReason: 'The container of the model did not pass the ping health check.',
    });

    const run = await status();

    expect(run.stdout).toMatch(/^prod\/iris \(sagemaker\): Failed\n/);
    expect(run.stdout).toContain(
      '  component failure reason: The container of the model did not pass the ping health check.\n',
    );
  });

  test('prints the component in the JSON document', async () => {
    givenEndpoint();
    givenInferenceComponent(startingCopy);

    const run = await status('--json');

    const [model] = JSON.parse(run.stdout).models;
    expect(model).toMatchObject({
      model: 'iris',
      stack: SHARED_STACK,
      state: 'InService',
      endpoint: { name: SHARED_ENDPOINT, status: 'InService' },
      component: {
        name: COMPONENT,
        endpointName: SHARED_ENDPOINT,
        status: 'InService',
        desiredCopyCount: 1,
        currentCopyCount: 0,
        modelName: 'SharedModeliris5A1B2C3D-Xy7Zq9Wv',
      },
    });
  });

  test('is an error naming the action when the component cannot be read', async () => {
    givenEndpoint();
    mocks.sageMaker
      .on(DescribeInferenceComponentCommand)
      .rejects(
        awsError('AccessDeniedException', 'not authorized to perform: sagemaker:DescribeInferenceComponent'),
      );

    const run = await status();

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `prod/iris: sagemaker:DescribeInferenceComponent on inference component ${COMPONENT} was denied`,
    );
  });
});
