import {
  functionName,
  lambdaInvoke,
  matchAwsWirePath,
  sagemakerAnswer,
} from '../../../lambda/inference/aws-wire';

describe('AWS wire paths', () => {
  test.each([
    ['/2015-03-31/functions/iris/invocations', { kind: 'lambda-invoke', name: 'iris' }],
    [
      '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Airis%3Alive/invocations',
      { kind: 'lambda-invoke', name: 'iris' },
    ],
    ['/endpoints/mldeploy-iris-prod/invocations', { kind: 'sagemaker-invoke', name: 'mldeploy-iris-prod' }],
    ['/v2/models/iris/infer', undefined],
  ])('POST %s is %j', (pathname, route) => {
    expect(matchAwsWirePath('POST', pathname)).toEqual(route);
  });

  test('only POST is an invocation', () => {
    expect(matchAwsWirePath('GET', '/endpoints/iris/invocations')).toBeUndefined();
  });

  test.each([
    ['iris', 'iris'],
    ['iris:live', 'iris'],
    ['123456789012:function:iris', 'iris'],
    ['arn:aws:lambda:eu-west-1:123456789012:function:iris:7', 'iris'],
  ])('the function name in %s is %s', (identifier, name) => {
    expect(functionName(identifier)).toBe(name);
  });
});

describe('Lambda Invoke', () => {
  const echo = async (event: unknown) => ({ received: event });

  test('answers with what the function returned', async () => {
    expect(await lambdaInvoke(echo, '{"a":1}', undefined)).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' },
      body: '{"received":{"a":1}}',
    });
  });

  test('an empty payload is an empty event', async () => {
    expect((await lambdaInvoke(echo, '', 'RequestResponse')).body).toBe('{"received":{}}');
  });

  test('a thrown error is reported as an unhandled function error', async () => {
    const answer = await lambdaInvoke(
      async () => {
        throw new TypeError('boom');
      },
      '{}',
      undefined,
    );
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['x-amz-function-error']).toBe('Unhandled');
    expect(JSON.parse(answer.body)).toEqual({ errorType: 'TypeError', errorMessage: 'boom', trace: [] });
  });

  test('Event invocations are accepted and DryRun ones only checked', async () => {
    expect((await lambdaInvoke(echo, '{}', 'Event')).statusCode).toBe(202);
    expect((await lambdaInvoke(echo, '{}', 'DryRun')).statusCode).toBe(204);
  });

  test('a payload that is not JSON is refused like Lambda refuses it', async () => {
    const answer = await lambdaInvoke(echo, '{', undefined);
    expect(answer.statusCode).toBe(400);
    expect(answer.headers['x-amzn-errortype']).toBe('InvalidRequestContentException');
  });
});

describe('SageMaker InvokeEndpoint', () => {
  test('a model error carries the model’s status and body', () => {
    const answer = sagemakerAnswer(500, { 'content-type': 'application/json' }, '{"error":"internal error"}');
    expect(answer.statusCode).toBe(424);
    expect(answer.headers['x-amzn-errortype']).toBe('ModelError');
    expect(JSON.parse(answer.body)).toEqual({
      ErrorCode: 'SERVER_ERROR_FROM_MODEL',
      Message: 'Received server error (500) from primary with message "{"error":"internal error"}".',
      OriginalStatusCode: 500,
      OriginalMessage: '{"error":"internal error"}',
    });
  });
});
