import type { ExpectedModel } from '../../contract/infer-response';
import { modelVersionOfArtifact } from '../../contract/names';
import { OpsContext } from './context';
import { OpsFailure } from './errors';
import {
  additionalWeights,
  describeCopies,
  describeEndpoint,
  describeInferenceComponent,
  describeRouting,
  getLiveAlias,
} from './live-state';
import { componentAddress, describeAddress, LIVE_ALIAS, RuntimeAddress } from './runtime';
import { notDeployedReason, readStack, requireOutputs, stackPhase, StackState } from './stack-outputs';
import { ModelTarget } from './targets';
import { Observation } from './wait';

/**
 * One look at whether the last deploy of a model is what serves it: its stack finished, and the endpoint
 * config or Lambda version the stack put in service is the one in service. Fails (OpsFailure) when it
 * never will be; reports what it waits for otherwise.
 */
type LiveObserver = (setState: (state: string) => void) => Promise<Observation<LiveModel>>;

/** Where a settled deploy answers, and what its answers must say about the model. */
export interface LiveModel {
  readonly address: RuntimeAddress;
  readonly expected: ExpectedModel;
}

/**
 * Statuses an endpoint passes through ("DescribeEndpoint", EndpointStatus, Amazon SageMaker API Reference):
 * RollingBack undoes a failed autoscaling change and "returns to an InService status" when done.
 */
const SAGEMAKER_SETTLING = new Set(['Creating', 'Updating', 'SystemUpdating', 'RollingBack']);

/**
 * Statuses of an inference component on its way to InService ("DescribeInferenceComponent",
 * InferenceComponentStatus: InService | Creating | Updating | Failed | Deleting,
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeInferenceComponent.html).
 */
const COMPONENT_SETTLING = new Set(['Creating', 'Updating']);

export function liveObserver(ctx: OpsContext, target: ModelTarget): LiveObserver {
  return async (setState) => {
    const stack = await readStack(ctx, target);
    const phase = stack ? stackPhase(stack.status) : 'not-deployed';
    if (!stack || phase === 'not-deployed') {
      setState(stack ? stack.status : 'not deployed');
      throw new OpsFailure(notDeployedReason(stack, target));
    }
    if (phase === 'in-progress') {
      setState(stack.status);
      return { done: false, waitingFor: `stack ${stack.name} is ${stack.status}` };
    }
    if (target.model.target === 'lambda') return observeAlias(ctx, target, stack, setState);
    return target.sharedEndpoint
      ? observeComponent(ctx, target, stack, setState)
      : observeEndpoint(ctx, target, stack, setState);
  };
}

async function observeEndpoint(
  ctx: OpsContext,
  target: ModelTarget,
  stack: StackState,
  setState: (state: string) => void,
): Promise<Observation<LiveModel>> {
  const outputs = requireOutputs(stack, target, ['EndpointName', 'EndpointConfigName']);
  const endpoint = await describeEndpoint(ctx, target, outputs.EndpointName);
  const status = String(endpoint.EndpointStatus);
  setState(status);
  const name = `endpoint ${outputs.EndpointName}`;
  if (SAGEMAKER_SETTLING.has(status)) return { done: false, waitingFor: `${name} is ${status}` };
  if (status !== 'InService') {
    throw new OpsFailure(
      `${name} is ${status}: ${endpoint.FailureReason ?? 'SageMaker gave no failure reason'}`,
    );
  }
  if (endpoint.EndpointConfigName !== outputs.EndpointConfigName) {
    throw new OpsFailure(
      `SageMaker rolled back: ${name} is in service on endpoint config ${endpoint.EndpointConfigName}, not ${outputs.EndpointConfigName} that the last deploy of stack ${stack.name} put in service`,
    );
  }
  // The container names the model in its answers (Triton: its model repository's name), not the config.
  return {
    done: true,
    value: { address: { target: 'sagemaker', endpointName: outputs.EndpointName }, expected: {} },
  };
}

/**
 * A model on a shared endpoint: the endpoint is in service and so is the model's inference component, on that
 * endpoint. A component at zero copies is in service too; the sample request then wakes it (component-wake.ts).
 */
async function observeComponent(
  ctx: OpsContext,
  target: ModelTarget,
  stack: StackState,
  setState: (state: string) => void,
): Promise<Observation<LiveModel>> {
  const address = componentAddress(stack, target);
  const endpoint = await describeEndpoint(ctx, target, address.endpointName);
  const endpointStatus = String(endpoint.EndpointStatus);
  const endpointLabel = `endpoint ${address.endpointName}`;
  if (endpointStatus !== 'InService') {
    setState(endpointStatus);
    if (SAGEMAKER_SETTLING.has(endpointStatus)) {
      return { done: false, waitingFor: `${endpointLabel} is ${endpointStatus}` };
    }
    throw new OpsFailure(
      `${endpointLabel} is ${endpointStatus}: ${endpoint.FailureReason ?? 'SageMaker gave no failure reason'}`,
    );
  }
  const component = await describeInferenceComponent(ctx, target, address.inferenceComponentName);
  const status = String(component.InferenceComponentStatus);
  setState(`${status}, ${describeCopies(component)}`);
  const name = describeAddress(address);
  if (COMPONENT_SETTLING.has(status)) return { done: false, waitingFor: `${name} is ${status}` };
  if (status !== 'InService') {
    throw new OpsFailure(
      `${name} is ${status}: ${component.FailureReason ?? 'SageMaker gave no failure reason'}`,
    );
  }
  if (component.EndpointName !== address.endpointName) {
    throw new OpsFailure(
      `inference component ${address.inferenceComponentName} is on endpoint ${component.EndpointName}, not ${address.endpointName} of stack ${stack.name}`,
    );
  }
  return { done: true, value: { address, expected: {} } };
}

async function observeAlias(
  ctx: OpsContext,
  target: ModelTarget,
  stack: StackState,
  setState: (state: string) => void,
): Promise<Observation<LiveModel>> {
  const outputs = requireOutputs(stack, target, ['FunctionName', 'LiveVersion']);
  const alias = await getLiveAlias(ctx, target, outputs.FunctionName);
  setState(`${LIVE_ALIAS} → ${describeRouting(alias).replace(/^version /, '')}`);
  const name = `alias ${LIVE_ALIAS} of function ${outputs.FunctionName}`;
  if (Object.keys(additionalWeights(alias)).length > 0) {
    return {
      done: false,
      waitingFor: `${name} is shifting traffic: ${describeRouting(alias)}`,
    };
  }
  if (alias.FunctionVersion !== outputs.LiveVersion) {
    throw new OpsFailure(
      `CodeDeploy rolled back or another deploy ran: ${name} points at version ${alias.FunctionVersion}, not version ${outputs.LiveVersion} that the last deploy of stack ${stack.name} put there`,
    );
  }
  // What the pre-traffic hook expected of this version before it took traffic: the app serves the model under its
  // config name and its artifact's short digest.
  const sha256 = stack.outputs.ArtifactSha256;
  return {
    done: true,
    value: {
      address: { target: 'lambda', functionName: outputs.FunctionName },
      expected: {
        name: target.model.name,
        version: sha256 === undefined ? undefined : modelVersionOfArtifact(sha256),
      },
    },
  };
}
