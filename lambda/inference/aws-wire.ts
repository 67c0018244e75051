/**
 * The AWS service paths the local server answers, so that AWS SDKs and the AWS CLI can call a model served on a
 * developer's machine with `--endpoint-url` / `endpoint`:
 *
 * - Lambda `Invoke`: `POST /2015-03-31/functions/{name}/invocations`; the body is the event, the answer is what
 *   the function returned (the handler treats the event as a direct invoke).
 * - SageMaker Runtime `InvokeEndpoint`: `POST /endpoints/{name}/invocations`; the body goes to the model's
 *   `POST /invocations` route, a non-2xx answer becomes SageMaker's `ModelError` (HTTP 424).
 */

export type AwsWireRoute =
  | { readonly kind: 'lambda-invoke'; readonly name: string }
  | { readonly kind: 'sagemaker-invoke'; readonly name: string };

/** An HTTP answer on the AWS wire. */
export interface WireAnswer {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const LAMBDA_INVOKE = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;
const SAGEMAKER_INVOKE = /^\/endpoints\/([^/]+)\/invocations\/?$/;
const JSON_TYPE = 'application/json';

/** The AWS service call a request is, if it is one. */
export function matchAwsWirePath(method: string, pathname: string): AwsWireRoute | undefined {
  if (method !== 'POST') return undefined;
  const lambda = LAMBDA_INVOKE.exec(pathname);
  if (lambda) return { kind: 'lambda-invoke', name: functionName(decode(lambda[1])) };
  const sagemaker = SAGEMAKER_INVOKE.exec(pathname);
  if (sagemaker) return { kind: 'sagemaker-invoke', name: decode(sagemaker[1]) };
  return undefined;
}

/** The function name in a name, `name:qualifier`, partial ARN (`account:function:name`) or full ARN. */
export function functionName(identifier: string): string {
  const marker = identifier.indexOf('function:');
  const rest = marker === -1 ? identifier : identifier.slice(marker + 'function:'.length);
  return rest.split(':')[0];
}

/** Lambda's answer to an unknown function, as the SDKs parse it. */
export function lambdaFunctionNotFound(name: string): WireAnswer {
  return awsError(404, 'ResourceNotFoundException', { Type: 'User', message: `Function not found: ${name}` });
}

/** SageMaker's answer to an unknown endpoint, as the SDKs parse it. */
export function sagemakerEndpointNotFound(name: string): WireAnswer {
  return awsError(400, 'ValidationError', { message: `Endpoint ${name} not found.` });
}

/**
 * Lambda's answer to an `Invoke` payload over the limit: HTTP 413 `RequestTooLargeException` (Lambda API
 * Reference, "Invoke", Errors; https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html). AWS SDKs read the
 * error's type from the `x-amzn-ErrorType` header and raise that exception class.
 */
export function lambdaRequestTooLarge(bytes: number, limit: number): WireAnswer {
  return awsError(413, 'RequestTooLargeException', {
    Type: 'User',
    message: `Request must be smaller than ${limit} bytes for the InvokeFunction operation (got ${bytes} bytes)`,
  });
}

/**
 * SageMaker Runtime's answer to an `InvokeEndpoint` body over the limit: its client error type `ValidationError`
 * (SageMaker Runtime API Reference, "InvokeEndpoint", Errors;
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpoint.html), sent with status
 * 413 so that plain HTTP clients see the cause too.
 */
export function sagemakerRequestTooLarge(bytes: number, limit: number): WireAnswer {
  return awsError(413, 'ValidationError', {
    Message: `Request body is ${bytes} bytes; InvokeEndpoint accepts at most ${limit} bytes here.`,
  });
}

/**
 * Run a Lambda `Invoke`: `RequestResponse` answers with the function's result, `Event` is accepted (202) and
 * run in the background, `DryRun` is answered 204. A thrown error is reported like Lambda reports an unhandled
 * error: status 200 with `X-Amz-Function-Error: Unhandled`.
 */
export async function lambdaInvoke(
  run: (event: unknown) => Promise<unknown>,
  body: string,
  invocationType: string | undefined,
): Promise<WireAnswer> {
  let event: unknown;
  try {
    event = body.trim() === '' ? {} : JSON.parse(body);
  } catch (error) {
    return awsError(400, 'InvalidRequestContentException', {
      Type: 'User',
      message: `Could not parse request body into json: ${(error as Error).message}`,
    });
  }
  const type = invocationType ?? 'RequestResponse';
  if (type === 'DryRun') return { statusCode: 204, headers: {}, body: '' };
  if (type === 'Event') {
    void run(event).catch(() => undefined);
    return { statusCode: 202, headers: {}, body: '' };
  }
  if (type !== 'RequestResponse') {
    return awsError(400, 'InvalidParameterValueException', {
      Type: 'User',
      message: `X-Amz-Invocation-Type ${JSON.stringify(type)} is not one of RequestResponse, Event, DryRun`,
    });
  }
  const headers = { 'content-type': JSON_TYPE, 'x-amz-executed-version': '$LATEST' };
  try {
    const result = await run(event);
    return { statusCode: 200, headers, body: JSON.stringify(result ?? null) };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    return {
      statusCode: 200,
      headers: { ...headers, 'x-amz-function-error': 'Unhandled' },
      body: JSON.stringify({ errorType: name, errorMessage: message, trace: [] }),
    };
  }
}

/**
 * Turn the model's HTTP answer to `POST /invocations` into SageMaker's `InvokeEndpoint` answer: the body as is
 * on success, a `ModelError` (HTTP 424) carrying the model's status and message otherwise.
 */
export function sagemakerAnswer(
  statusCode: number,
  headers: Readonly<Record<string, string>>,
  body: string,
): WireAnswer {
  if (statusCode >= 200 && statusCode < 300) {
    return {
      statusCode: 200,
      headers: {
        'content-type': headers['content-type'] ?? JSON_TYPE,
        'x-amzn-invoked-production-variant': 'AllTraffic',
      },
      body,
    };
  }
  const kind = statusCode < 500 ? 'client' : 'server';
  return awsError(424, 'ModelError', {
    ErrorCode: `${kind.toUpperCase()}_ERROR_FROM_MODEL`,
    Message: `Received ${kind} error (${statusCode}) from primary with message "${body}".`,
    OriginalStatusCode: statusCode,
    OriginalMessage: body,
  });
}

function awsError(statusCode: number, type: string, body: Record<string, unknown>): WireAnswer {
  return {
    statusCode,
    headers: { 'content-type': JSON_TYPE, 'x-amzn-errortype': type },
    body: JSON.stringify(body),
  };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
