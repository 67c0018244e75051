import { InvokeCommand } from '@aws-sdk/client-lambda';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { OpsContext } from './context';
import { OpsFailure } from './errors';
import { requireOutputs, StackState } from './stack-outputs';
import { ModelTarget } from './targets';

/** Where a deployed model answers, from its stack's outputs. */
export type RuntimeAddress =
  | { readonly target: 'sagemaker'; readonly endpointName: string }
  | { readonly target: 'lambda'; readonly functionName: string };

export const LIVE_ALIAS = 'live';

export function runtimeAddress(stack: StackState, target: ModelTarget): RuntimeAddress {
  return target.model.target === 'sagemaker'
    ? { target: 'sagemaker', endpointName: requireOutputs(stack, target, ['EndpointName']).EndpointName }
    : { target: 'lambda', functionName: requireOutputs(stack, target, ['FunctionName']).FunctionName };
}

/** `endpoint my-endpoint` or `function my-function:live`. */
export function describeAddress(address: RuntimeAddress): string {
  return address.target === 'sagemaker'
    ? `endpoint ${address.endpointName}`
    : `function ${address.functionName}:${LIVE_ALIAS}`;
}

interface Invocation {
  /** The parsed JSON answer. */
  readonly answer: unknown;
  /** Why the answer is an error (a failed function, a 4xx/5xx envelope); absent for a normal answer. */
  readonly error?: string;
  readonly latencyMs: number;
}

/**
 * Sends a JSON body through the model's runtime API, as a caller would: SageMaker Runtime InvokeEndpoint,
 * or Lambda Invoke of the live alias.
 */
export async function invokeModel(
  ctx: OpsContext,
  target: ModelTarget,
  address: RuntimeAddress,
  body: string,
  targetVariant?: string,
): Promise<Invocation> {
  const clients = ctx.clientsFor(target.region);
  const payload = new TextEncoder().encode(body);
  const started = ctx.now();
  if (address.target === 'sagemaker') {
    const output = await ctx.aws(
      { action: 'sagemaker:InvokeEndpoint', resource: describeAddress(address) },
      () =>
        clients.sageMakerRuntime.send(
          new InvokeEndpointCommand({
            EndpointName: address.endpointName,
            ContentType: 'application/json',
            Accept: 'application/json',
            Body: payload,
            // One production variant of several, instead of the weighted choice ("InvokeEndpoint", TargetVariant,
            // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpoint.html).
            TargetVariant: targetVariant,
          }),
        ),
    );
    const answer = parseAnswer(output.Body, address);
    return { answer, latencyMs: ctx.now() - started };
  }
  const output = await ctx.aws({ action: 'lambda:InvokeFunction', resource: describeAddress(address) }, () =>
    clients.lambda.send(
      new InvokeCommand({ FunctionName: `${address.functionName}:${LIVE_ALIAS}`, Payload: payload }),
    ),
  );
  const answer = parseAnswer(output.Payload, address);
  return { answer, error: lambdaError(answer, output.FunctionError), latencyMs: ctx.now() - started };
}

function parseAnswer(bytes: Uint8Array | undefined, address: RuntimeAddress): unknown {
  const text = bytes ? new TextDecoder().decode(bytes) : '';
  try {
    return JSON.parse(text);
  } catch {
    const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    throw new OpsFailure(
      `${describeAddress(address)} answered something that is not JSON: ${JSON.stringify(shown)}`,
    );
  }
}

/** The function crashed (FunctionError), or the handler answered a 4xx/5xx envelope `{statusCode, error}`. */
function lambdaError(answer: unknown, functionError: string | undefined): string | undefined {
  const fields = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
  if (functionError) {
    const type = typeof fields.errorType === 'string' ? `${fields.errorType}: ` : '';
    return `the function failed (${functionError}): ${type}${String(fields.errorMessage ?? JSON.stringify(answer))}`;
  }
  if (typeof fields.statusCode === 'number') {
    return `the handler answered ${fields.statusCode}: ${String(fields.error ?? JSON.stringify(answer))}`;
  }
  return undefined;
}
