import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireRegions } from './aws-environment';
import { OpsContext } from './context';
import { EXIT, messageOf, OpsFailure, UsageError } from './errors';
import { writeJson } from './output';
import { describeAddress, invokeModel, runtimeAddress } from './runtime';
import { notDeployedReason, readStack } from './stack-outputs';
import { selectTargets } from './targets';

interface InvokeOptions {
  readonly config: string;
  readonly env: string;
  readonly model: string;
  /** A file holding the JSON request body. */
  readonly body: string;
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
  const address = runtimeAddress(stack, target);
  const invocation = await invokeModel(ctx, target, address, body);

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
