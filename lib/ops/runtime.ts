import { InvokeCommand } from '@aws-sdk/client-lambda';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { endpointName as physicalName } from '../config';
import { OpsContext } from './context';
import { messageOf, OpsFailure } from './errors';
import { AwsCallError } from './retry';
import { requireOutputs, StackState } from './stack-outputs';
import { ModelTarget } from './targets';

/**
 * Where a deployed model answers, from its stack's outputs: an endpoint, an inference component on a shared
 * endpoint (InvokeEndpoint then names both), or a function.
 */
export type RuntimeAddress =
  | {
      readonly target: 'sagemaker';
      readonly endpointName: string;
      /** The model's inference component on a shared endpoint; absent for an endpoint of its own. */
      readonly inferenceComponentName?: string;
    }
  | { readonly target: 'lambda'; readonly functionName: string };

/** A model's inference component and the shared endpoint that hosts it. */
export type ComponentAddress = Extract<RuntimeAddress, { target: 'sagemaker' }> & {
  readonly inferenceComponentName: string;
};

export const LIVE_ALIAS = 'live';

/** Output of a shared endpoint's stack: its components' names, comma-separated. */
export const COMPONENT_NAMES_OUTPUT = 'InferenceComponentNames';

export function runtimeAddress(stack: StackState, target: ModelTarget): RuntimeAddress {
  if (target.model.target !== 'sagemaker') {
    return { target: 'lambda', functionName: requireOutputs(stack, target, ['FunctionName']).FunctionName };
  }
  if (target.sharedEndpoint) return componentAddress(stack, target);
  return { target: 'sagemaker', endpointName: requireOutputs(stack, target, ['EndpointName']).EndpointName };
}

/**
 * A model on a shared endpoint: the endpoint of the stack's output, and the model's component
 * `<project>-<model>-<env>` (the name SharedEndpointStack gives it), which the stack must list.
 */
export function componentAddress(stack: StackState, target: ModelTarget): ComponentAddress {
  const outputs = requireOutputs(stack, target, ['EndpointName', COMPONENT_NAMES_OUTPUT]);
  const listed = outputs[COMPONENT_NAMES_OUTPUT].split(',').filter((name) => name !== '');
  const component = physicalName(target.project, target.model.name, target.environment);
  if (!listed.includes(component)) {
    throw new OpsFailure(
      `stack ${stack.name} lists no inference component ${component} for model ${target.model.name} (${COMPONENT_NAMES_OUTPUT}: ${listed.join(', ') || 'none'}); deploy it with npx cdk deploy '${target.environment}/${target.sharedEndpoint?.name}'`,
    );
  }
  return { target: 'sagemaker', endpointName: outputs.EndpointName, inferenceComponentName: component };
}

/** `endpoint my-endpoint`, `inference component my-model on endpoint my-endpoint` or `function my-function:live`. */
export function describeAddress(address: RuntimeAddress): string {
  if (address.target === 'lambda') return `function ${address.functionName}:${LIVE_ALIAS}`;
  return address.inferenceComponentName === undefined
    ? `endpoint ${address.endpointName}`
    : `inference component ${address.inferenceComponentName} on endpoint ${address.endpointName}`;
}

/**
 * InvokeEndpoint found no copy of the inference component: it scaled to zero. SageMaker answers a
 * ValidationError ("Inference Component has no capacity to process this request. ApplicationAutoScaling may be
 * in-progress (if configured) …", "Unlock cost savings with the new scale down to zero feature in SageMaker
 * Inference", https://aws.amazon.com/blogs/machine-learning/unlock-cost-savings-with-the-new-scale-down-to-zero-feature-in-sagemaker-inference/);
 * the failed request counts in NoCapacityInvocationFailures, whose alarm makes the step-scaling policy add a copy,
 * and "the provisioning process takes several minutes. During that time, any attempts to invoke the endpoint will
 * produce an error" ("Scale an endpoint to zero instances",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html).
 */
export class NoCapacityError extends OpsFailure {
  constructor(readonly address: ComponentAddress) {
    super(
      `${describeAddress(address)} has no copy running (it scaled to zero): SageMaker refused the request, and starts a copy once the alarm on NoCapacityInvocationFailures sees it, which takes minutes; send the request again then`,
    );
  }
}

function isNoCapacity(error: unknown): boolean {
  return (
    error instanceof AwsCallError &&
    error.code === 'ValidationError' &&
    /no capacity/i.test(messageOf(error.cause))
  );
}

export interface Invocation {
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
    const output = await ctx
      .aws({ action: 'sagemaker:InvokeEndpoint', resource: describeAddress(address) }, () =>
        clients.sageMakerRuntime.send(
          new InvokeEndpointCommand({
            EndpointName: address.endpointName,
            // An endpoint that hosts inference components answers only requests naming one ("InvokeEndpoint",
            // InferenceComponentName, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpoint.html).
            InferenceComponentName: address.inferenceComponentName,
            ContentType: 'application/json',
            Accept: 'application/json',
            Body: payload,
            // One production variant of several, instead of the weighted choice (same page, TargetVariant).
            TargetVariant: targetVariant,
          }),
        ),
      )
      .catch((error: unknown) => {
        const componentName = address.inferenceComponentName;
        if (componentName !== undefined && isNoCapacity(error)) {
          throw new NoCapacityError({ ...address, inferenceComponentName: componentName });
        }
        throw error;
      });
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
