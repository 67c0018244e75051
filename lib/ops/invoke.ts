import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireRegions } from './aws-environment';
import { OpsContext } from './context';
import { EXIT, messageOf, OpsFailure, UsageError } from './errors';
import { writeJson } from './output';
import { invokeWaking } from './component-wake';
import { describeAddress, runtimeAddress } from './runtime';
import { notDeployedReason, readStack, StackState } from './stack-outputs';
import { invokeAsync } from './invoke-async';
import { ModelTarget, selectTargets } from './targets';

interface InvokeOptions {
  readonly config: string;
  readonly env: string;
  readonly model: string;
  /** A file holding the JSON request body. */
  readonly body: string;
  /** Asynchronous endpoints: upload the body, call InvokeEndpointAsync and wait this many minutes for the answer. */
  readonly async?: { readonly waitMinutes: number; readonly contentType?: string };
  /** SageMaker: the production variant to send the request to (TargetVariant). */
  readonly variant?: string;
  /** An inference component scaled to zero: how long to wait for a copy, then send again. @default 0 */
  readonly wakeMinutes?: number;
}

/** `mldeploy invoke`: send a JSON body through the deployed model's runtime API and print the answer. */
export async function invoke(ctx: OpsContext, options: InvokeOptions): Promise<number> {
  const body = readBody(path.resolve(ctx.cwd, options.body), options.body);
  const [target] = selectTargets({
    config: options.config,
    cwd: ctx.cwd,
    environments: [options.env],
    model: options.model,
  });
  await requireRegions(ctx, [target], options.config);
  const stack = await readStack(ctx, target);
  if (!stack) throw new OpsFailure(notDeployedReason(stack, target));
  if (options.async) return invokeAsyncAndPrint(ctx, target, stack, body, options.async);
  if (options.variant !== undefined && target.model.target !== 'sagemaker') {
    throw new UsageError(
      `--variant picks a SageMaker production variant; ${target.model.name} runs on ${target.model.target}`,
    );
  }
  if (options.variant !== undefined && target.sharedEndpoint) {
    throw new UsageError(
      `--variant picks a production variant; ${target.model.name} is an inference component of shared endpoint ${target.sharedEndpoint.name}, whose one variant belongs to the endpoint`,
    );
  }
  const address = runtimeAddress(stack, target);
  const invocation = await invokeWaking(ctx, target, address, body, {
    waitMinutes: options.wakeMinutes ?? 0,
    targetVariant: options.variant,
  });

  if (ctx.json) {
    writeJson(ctx.stdout, invocation.answer);
  } else {
    ctx.stdout.write(
      `${describeAddress(address)} answered in ${Math.round(invocation.latencyMs)} ms:\n` +
        `${JSON.stringify(invocation.answer, null, 2)}\n`,
    );
  }
  if (invocation.error === undefined) return EXIT.ok;
  ctx.stderr.write(`${describeAddress(address)}: ${invocation.error}\n`);
  return EXIT.failed;
}

async function invokeAsyncAndPrint(
  ctx: OpsContext,
  target: ModelTarget,
  stack: StackState,
  body: string,
  options: NonNullable<InvokeOptions['async']>,
): Promise<number> {
  if (target.model.target !== 'sagemaker') {
    throw new UsageError(
      `--async needs a SageMaker model with sagemaker.async enabled; ${target.model.name} runs on ${target.model.target}`,
    );
  }
  if (target.sharedEndpoint) {
    throw new UsageError(
      `--async needs an asynchronous endpoint; ${target.model.name} is an inference component of shared endpoint ${target.sharedEndpoint.name}, which answers InvokeEndpoint only`,
    );
  }
  const result = await invokeAsync(ctx, target, stack, new TextEncoder().encode(body), {
    contentType: options.contentType ?? 'application/json',
    waitMinutes: options.waitMinutes,
  });
  if (ctx.json) {
    writeJson(ctx.stdout, {
      inferenceId: result.inferenceId,
      location: result.outputLocation,
      failed: result.failed,
      answer: parseIfJson(result.text),
    });
  } else {
    const verb = result.failed ? 'failed' : 'answered';
    ctx.stdout.write(
      `request ${result.inferenceId} ${verb} after ${Math.round(result.latencyMs / 1000)} s (${result.outputLocation}):\n${result.text}\n`,
    );
  }
  return result.failed ? EXIT.failed : EXIT.ok;
}

function parseIfJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function readBody(file: string, given: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--body ${given} cannot be read (${messageOf(error)})`);
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--body ${given} is not valid JSON (${messageOf(error)})`);
  }
  return text;
}
