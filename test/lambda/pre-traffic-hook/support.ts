import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const TARGET_VERSION_ARN =
  'arn:aws:lambda:eu-west-1:123456789012:function:mldeploy-prod-iris-lambda:7';
export const SAMPLE_REQUEST = readFileSync(
  path.resolve(__dirname, '../../../models/iris/sample-request.json'),
  'utf8',
);

export function fixture<T = Record<string, any>>(name: string): T {
  return JSON.parse(readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')) as T;
}

/** The real answer of the inference handler to the Iris sample request. */
export const irisAnswer = () => fixture('iris-infer-response.json');
export const hookEvent = () =>
  fixture<{ DeploymentId: string; LifecycleEventHookExecutionId: string }>('codedeploy-hook-event.json');

/** An InvokeCommand output carrying a JSON payload. */
export function invokeOutput(payload: unknown, functionError?: string) {
  return {
    StatusCode: 200,
    ExecutedVersion: '7',
    FunctionError: functionError,
    Payload: new TextEncoder().encode(typeof payload === 'string' ? payload : JSON.stringify(payload)),
  } as any;
}
