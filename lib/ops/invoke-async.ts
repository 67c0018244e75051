import { randomUUID } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { InvokeEndpointAsyncCommand } from '@aws-sdk/client-sagemaker-runtime';
import { ASYNC_STACK_OUTPUTS } from '../../contract/stack-outputs';
import { OpsContext } from './context';
import { OpsFailure } from './errors';
import { errorCode } from './retry';
import { requireOutputs, StackState } from './stack-outputs';
import { ModelTarget } from './targets';
import { pollUntil } from './wait';

/** What an asynchronous invocation ended with: the answer, or the failure SageMaker wrote. */
export interface AsyncInvocation {
  readonly inferenceId: string;
  readonly outputLocation: string;
  /** The answer's text, or the failure's. */
  readonly text: string;
  readonly failed: boolean;
  /** From the upload to the answer, waiting included. */
  readonly latencyMs: number;
}

interface S3Location {
  readonly Bucket: string;
  readonly Key: string;
}

/**
 * Sends a request to an asynchronous endpoint as a caller does: upload the body under the model's input prefix,
 * call InvokeEndpointAsync with its location, and watch the output and failure locations SageMaker answers with until
 * one appears ("InvokeEndpointAsync", Amazon SageMaker Runtime API Reference,
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpointAsync.html; "Check prediction
 * results", https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-check-predictions.html). An endpoint at
 * zero instances starts one first, which takes minutes: the wait says so.
 */
export async function invokeAsync(
  ctx: OpsContext,
  target: ModelTarget,
  stack: StackState,
  body: Uint8Array,
  options: { readonly contentType: string; readonly waitMinutes: number },
): Promise<AsyncInvocation> {
  const outputs = requireOutputs(stack, target, ['EndpointName', ASYNC_STACK_OUTPUTS.input]);
  const endpointName = outputs.EndpointName;
  const { s3, sageMakerRuntime } = ctx.clientsFor(target.region);
  const inferenceId = randomUUID();
  const input = parseS3Uri(`${outputs[ASYNC_STACK_OUTPUTS.input]}${inferenceId}`);
  const started = ctx.now();

  await ctx.aws({ action: 's3:PutObject', resource: s3Uri(input) }, () =>
    s3.send(new PutObjectCommand({ ...input, Body: body, ContentType: options.contentType })),
  );
  const answer = await ctx.aws(
    { action: 'sagemaker:InvokeEndpointAsync', resource: `endpoint ${endpointName}` },
    () =>
      sageMakerRuntime.send(
        new InvokeEndpointAsyncCommand({
          EndpointName: endpointName,
          InputLocation: s3Uri(input),
          ContentType: options.contentType,
          InferenceId: inferenceId,
        }),
      ),
  );
  if (!answer.OutputLocation) {
    throw new OpsFailure(`endpoint ${endpointName} accepted the request but named no output location`);
  }
  const output = parseS3Uri(answer.OutputLocation);
  const failure = answer.FailureLocation ? parseS3Uri(answer.FailureLocation) : undefined;

  const settled = await pollUntil(ctx, {
    label: `${target.model.name} (${target.environment})`,
    waitMinutes: options.waitMinutes,
    intervalMs: 5_000,
    observe: async () => {
      if (await exists(ctx, s3, output)) return { done: true, value: { location: output, failed: false } };
      if (failure && (await exists(ctx, s3, failure))) {
        return { done: true, value: { location: failure, failed: true } };
      }
      return {
        done: false,
        waitingFor: `request ${inferenceId} is queued or running on ${endpointName} (an endpoint at zero instances starts one first)`,
      };
    },
  });
  const text = await ctx.aws({ action: 's3:GetObject', resource: s3Uri(settled.location) }, async () => {
    const object = await s3.send(new GetObjectCommand({ ...settled.location }));
    return object.Body ? object.Body.transformToString() : '';
  });
  return {
    inferenceId,
    outputLocation: s3Uri(settled.location),
    text,
    failed: settled.failed,
    latencyMs: ctx.now() - started,
  };
}

async function exists(ctx: OpsContext, s3: S3Client, location: S3Location): Promise<boolean> {
  return ctx.aws({ action: 's3:GetObject', resource: s3Uri(location) }, async () => {
    try {
      await s3.send(new HeadObjectCommand({ ...location }));
      return true;
    } catch (error) {
      // HeadObject answers 404 (NotFound) for a key not written yet.
      if (errorCode(error) === 'NotFound' || errorCode(error) === 'NoSuchKey') return false;
      throw error;
    }
  });
}

export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new OpsFailure(`${uri} is not an s3://bucket/key location`);
  return { Bucket: match[1], Key: match[2] };
}

function s3Uri(location: S3Location): string {
  return `s3://${location.Bucket}/${location.Key}`;
}
