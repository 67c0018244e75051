import { OpsContext } from './context';
import { OpsFailure } from './errors';
import { describeCopies, describeInferenceComponent } from './live-state';
import {
  ComponentAddress,
  describeAddress,
  Invocation,
  invokeModel,
  NoCapacityError,
  RuntimeAddress,
} from './runtime';
import { ModelTarget } from './targets';
import { Observation, pollUntil } from './wait';

interface WakeOptions {
  /** How long to wait for a copy when the component has none; 0 fails at once with the reason. */
  readonly waitMinutes: number;
  /** SageMaker: one production variant (TargetVariant). */
  readonly targetVariant?: string;
}

/**
 * Sends a request as invokeModel does. An inference component scaled to zero refuses it, and that refusal is
 * what makes SageMaker start a copy (NoCapacityError): then waits until a copy runs, showing what it waits for,
 * and sends the request once more.
 */
export async function invokeWaking(
  ctx: OpsContext,
  target: ModelTarget,
  address: RuntimeAddress,
  body: string,
  options: WakeOptions,
): Promise<Invocation> {
  try {
    return await invokeModel(ctx, target, address, body, options.targetVariant);
  } catch (error) {
    if (!(error instanceof NoCapacityError) || options.waitMinutes <= 0) throw error;
    const component = error.address;
    await pollUntil(ctx, {
      label: target.model.name,
      waitMinutes: options.waitMinutes,
      observe: () => observeCopy(ctx, target, component),
    });
    return invokeModel(ctx, target, address, body, options.targetVariant);
  }
}

async function observeCopy(
  ctx: OpsContext,
  target: ModelTarget,
  address: ComponentAddress,
): Promise<Observation<void>> {
  const component = await describeInferenceComponent(ctx, target, address.inferenceComponentName);
  const status = String(component.InferenceComponentStatus);
  if (status === 'Failed' || status === 'Deleting') {
    throw new OpsFailure(
      `${describeAddress(address)} is ${status}: ${component.FailureReason ?? 'SageMaker gave no failure reason'}`,
    );
  }
  if ((component.RuntimeConfig?.CurrentCopyCount ?? 0) > 0) return { done: true, value: undefined };
  const starting = (component.RuntimeConfig?.DesiredCopyCount ?? 0) > 0;
  return {
    done: false,
    waitingFor: starting
      ? `${describeAddress(address)} is starting a copy (${describeCopies(component)}; a new instance takes minutes)`
      : `${describeAddress(address)} has no copy (${describeCopies(component)}); the refused request asks the alarm on NoCapacityInvocationFailures for one`,
  };
}
