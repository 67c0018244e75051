import { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { createPreTrafficHook, HookEventError } from '../../../lambda/pre-traffic-hook/hook';
import { hookEvent, invokeOutput, irisAnswer, SAMPLE_REQUEST, TARGET_VERSION_ARN } from './support';

// Stubs on the hook's own clients, not on the client classes: nothing outside this file sees them.
const lambdaClient = new LambdaClient({});
const codedeployClient = new CodeDeployClient({});
const lambda = mockClient(lambdaClient);
const codedeploy = mockClient(codedeployClient);
const logged: Record<string, unknown>[] = [];

function hook(expected = { name: 'iris-lambda', version: '3f1c2a9b8d7e' }) {
  return createPreTrafficHook({
    lambda: lambdaClient,
    codedeploy: codedeployClient,
    targetVersionArn: TARGET_VERSION_ARN,
    sampleRequest: SAMPLE_REQUEST,
    expected,
    log: (entry) => logged.push(entry),
  });
}

/** The status the hook reported to CodeDeploy, and for which hook execution. */
function reported() {
  const calls = codedeploy.commandCalls(PutLifecycleEventHookExecutionStatusCommand);
  expect(calls).toHaveLength(1);
  return calls[0].args[0].input;
}

beforeEach(() => {
  lambda.reset();
  codedeploy.reset();
  codedeploy.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
  logged.length = 0;
});

describe('the pre-traffic hook', () => {
  test('invokes the new version with the sample request', async () => {
    lambda.on(InvokeCommand).resolves(invokeOutput(irisAnswer()));

    await hook()(hookEvent());

    const calls = lambda.commandCalls(InvokeCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0].args[0].input;
    expect(input.FunctionName).toBe(TARGET_VERSION_ARN);
    expect(input.InvocationType).toBe('RequestResponse');
    expect(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array))).toEqual(
      JSON.parse(SAMPLE_REQUEST),
    );
  });

  test('reports Succeeded for this hook execution when the answer is a valid infer response', async () => {
    lambda.on(InvokeCommand).resolves(invokeOutput(irisAnswer()));

    const result = await hook()(hookEvent());

    expect(result).toEqual({ status: 'Succeeded', problems: [] });
    expect(reported()).toEqual({
      deploymentId: 'd-8WQ9RZ3XK',
      lifecycleEventHookExecutionId: hookEvent().LifecycleEventHookExecutionId,
      status: 'Succeeded',
    });
  });

  test('reports Failed when the new version throws', async () => {
    lambda
      .on(InvokeCommand)
      .resolves(
        invokeOutput({ errorType: 'Runtime.ImportModuleError', errorMessage: 'no binding' }, 'Unhandled'),
      );

    const result = await hook()(hookEvent());

    expect(result.problems).toEqual([
      'the new version failed (Unhandled): {"errorType":"Runtime.ImportModuleError","errorMessage":"no binding"}',
    ]);
    expect(reported().status).toBe('Failed');
  });

  test('reports Failed when the model answers with an error status', async () => {
    lambda
      .on(InvokeCommand)
      .resolves(invokeOutput({ statusCode: 500, error: 'internal error', requestId: 'r-1' }));

    const result = await hook()(hookEvent());

    expect(result.problems).toEqual(['the model answered 500: "internal error"']);
    expect(reported().status).toBe('Failed');
  });

  test('reports Failed when an output’s data does not fill its shape', async () => {
    const answer = irisAnswer();
    answer.outputs[1].data = [0];
    lambda.on(InvokeCommand).resolves(invokeOutput(answer));

    const result = await hook()(hookEvent());

    expect(result.problems).toEqual(['output "label": data has 1 elements but shape [2] needs 2']);
    expect(reported().status).toBe('Failed');
  });

  test('reports Failed when the answer comes from another model version', async () => {
    lambda.on(InvokeCommand).resolves(invokeOutput(irisAnswer()));

    const result = await hook({ name: 'iris-lambda', version: '0000aaaa1111' })(hookEvent());

    expect(result.problems).toEqual(['"model_version" is "3f1c2a9b8d7e", expected "0000aaaa1111"']);
    expect(reported().status).toBe('Failed');
  });

  test('reports Failed when the answer is not JSON', async () => {
    lambda.on(InvokeCommand).resolves(invokeOutput('<html>bad gateway</html>'));

    const result = await hook()(hookEvent());

    expect(result.problems).toEqual(['the answer is not JSON: "<html>bad gateway</html>"']);
  });

  test('reports Failed when the new version cannot be invoked', async () => {
    lambda
      .on(InvokeCommand)
      .rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));

    const result = await hook()(hookEvent());

    expect(result.problems).toEqual([
      `invoking ${TARGET_VERSION_ARN} failed: TooManyRequestsException: Rate exceeded`,
    ]);
    expect(reported().status).toBe('Failed');
  });

  test('logs the outcome with the deployment and the reasons', async () => {
    lambda.on(InvokeCommand).resolves(invokeOutput({ statusCode: 400, error: 'input "input": bad' }));

    await hook()(hookEvent());

    expect(logged).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'new version refused',
        deploymentId: 'd-8WQ9RZ3XK',
        target: TARGET_VERSION_ARN,
        problems: ['the model answered 400: "input \\"input\\": bad"'],
      }),
    ]);
  });

  test('an event without the CodeDeploy ids is refused before anything is invoked', async () => {
    await expect(hook()({ DeploymentId: 'd-1' })).rejects.toThrow(
      new HookEventError(
        'expected a CodeDeploy lifecycle hook event with string DeploymentId and LifecycleEventHookExecutionId',
      ),
    );
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(codedeploy.commandCalls(PutLifecycleEventHookExecutionStatusCommand)).toHaveLength(0);
  });

  test('a failure to report the status is thrown, so the hook invocation fails visibly', async () => {
    lambda.on(InvokeCommand).resolves(invokeOutput(irisAnswer()));
    codedeploy.on(PutLifecycleEventHookExecutionStatusCommand).rejects(new Error('AccessDenied'));

    await expect(hook()(hookEvent())).rejects.toThrow('AccessDenied');
  });
});
