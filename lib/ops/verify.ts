import * as fs from 'node:fs';
import { requireRegions } from './aws-environment';
import { OpsContext } from './context';
import { EXIT, messageOf, OpsFailure } from './errors';
import { formatTable, writeJson } from './output';
import { checkChatAnswer, describeChatAnswer } from './chat-answer';
import { checkInferResponse, describeOutputs, OutputSummary } from './response-shape';
import { invokeWaking } from './component-wake';
import { describeAddress } from './runtime';
import { displayPath, ModelTarget, selectTargets } from './targets';
import { LiveModel, liveObserver } from './verify-live';
import { pollUntil } from './wait';

interface VerifyOptions {
  readonly config: string;
  readonly env: string;
  readonly model?: string;
  readonly waitMinutes: number;
}

/** The verdict on one model. */
interface ModelVerification {
  readonly model: string;
  readonly target: string;
  readonly stack: string;
  readonly ok: boolean;
  /** Endpoint status, `live → 7`, a stack status or `not deployed`. */
  readonly state: string;
  /** `ok: …`, `ok; invoke skipped: …` or `FAILED`. */
  readonly check: string;
  readonly reason?: string;
  /** The outputs of the sample request's answer. */
  readonly outputs?: readonly OutputSummary[];
}

/**
 * `mldeploy verify`: for each model of an environment, wait for its last deploy to settle, check that it is
 * what serves the model, and send the model's sample request through the runtime API.
 */
export async function verify(ctx: OpsContext, options: VerifyOptions): Promise<number> {
  const targets = selectTargets({
    config: options.config,
    cwd: ctx.cwd,
    environments: [options.env],
    model: options.model,
  });
  await requireRegions(ctx, targets, options.config);
  const results: ModelVerification[] = [];
  for (const target of targets) results.push(await verifyModel(ctx, target, options.waitMinutes));
  const failed = results.filter((result) => !result.ok);

  if (ctx.json) {
    writeJson(ctx.stdout, { environment: options.env, ok: failed.length === 0, models: results });
  } else {
    const rows = results.map((r) => [r.model, r.target, r.state, r.check]);
    ctx.stdout.write(formatTable(['MODEL', 'TARGET', 'STATE', 'CHECK'], rows));
    if (failed.length === 0)
      ctx.stdout.write(`verified ${results.length} of ${results.length} models in ${options.env}\n`);
  }
  if (failed.length === 0) return EXIT.ok;
  ctx.stderr.write(
    `verify failed for ${failed.length} of ${results.length} models in ${options.env}:\n` +
      failed.map((r) => ` - ${r.model}: ${r.reason}\n`).join(''),
  );
  return EXIT.failed;
}

async function verifyModel(
  ctx: OpsContext,
  target: ModelTarget,
  waitMinutes: number,
): Promise<ModelVerification> {
  const { model } = target;
  const base = { model: model.name, target: model.target, stack: target.stackName };
  let state = 'unknown';
  const deadline = ctx.now() + waitMinutes * 60_000;
  try {
    const observe = liveObserver(ctx, target);
    const live = await pollUntil(ctx, {
      label: model.name,
      waitMinutes,
      observe: () => observe((s) => (state = s)),
    });
    const sample = model.target === 'sagemaker' ? model.sagemaker.sampleRequest : model.lambda.sampleRequest;
    if (sample === undefined) {
      return {
        ...base,
        ok: true,
        state,
        check: `ok; invoke skipped: no ${model.target}.sampleRequest in the config`,
      };
    }
    // What is left of the wait, for an inference component at zero copies to start one.
    const wakeMinutes = Math.max(1, Math.ceil((deadline - ctx.now()) / 60_000));
    if (model.target === 'sagemaker' && model.sagemaker.llm) {
      const chat = await checkChatSample(ctx, target, live, sample, wakeMinutes);
      return { ...base, ok: true, state, check: `ok: ${chat}` };
    }
    const outputs = await checkSample(ctx, target, live, sample, wakeMinutes);
    return { ...base, ok: true, state, check: `ok: ${describeOutputs(outputs)}`, outputs };
  } catch (error) {
    return { ...base, ok: false, state, check: 'FAILED', reason: messageOf(error) };
  }
}

/** A model served by an LLM image answers its short chat prompt with a chat completion. */
async function checkChatSample(
  ctx: OpsContext,
  target: ModelTarget,
  { address }: LiveModel,
  sampleFile: string,
  wakeMinutes: number,
): Promise<string> {
  const shown = displayPath(ctx.cwd, sampleFile);
  const invocation = await invokeWaking(ctx, target, address, fs.readFileSync(sampleFile, 'utf8'), {
    waitMinutes: wakeMinutes,
  });
  if (invocation.error) throw new OpsFailure(`${describeAddress(address)}: ${invocation.error}`);
  const chat = checkChatAnswer(invocation.answer);
  if (!chat.ok) {
    throw new OpsFailure(
      `the answer of ${describeAddress(address)} to ${shown} is not a chat completion: ${chat.problems.join('; ')}`,
    );
  }
  return describeChatAnswer(chat);
}

async function checkSample(
  ctx: OpsContext,
  target: ModelTarget,
  { address, expected }: LiveModel,
  sampleFile: string,
  wakeMinutes: number,
): Promise<readonly OutputSummary[]> {
  const shown = displayPath(ctx.cwd, sampleFile);
  const body = fs.readFileSync(sampleFile, 'utf8');
  try {
    JSON.parse(body);
  } catch (error) {
    throw new OpsFailure(`the sample request ${shown} is not valid JSON (${messageOf(error)})`);
  }
  const invocation = await invokeWaking(ctx, target, address, body, { waitMinutes: wakeMinutes });
  if (invocation.error) throw new OpsFailure(`${describeAddress(address)}: ${invocation.error}`);
  const shape = checkInferResponse(invocation.answer, expected);
  if (!shape.ok) {
    throw new OpsFailure(
      `the answer of ${describeAddress(address)} to ${shown} is not a v2 infer response: ${shape.problems.join('; ')}`,
    );
  }
  return shape.outputs;
}
