import {
  PutLifecycleEventHookExecutionStatusCommand,
  type CodeDeployClient,
} from '@aws-sdk/client-codedeploy';
import { InvokeCommand, type InvokeCommandOutput, type LambdaClient } from '@aws-sdk/client-lambda';
import { inferResponseProblems, type ExpectedModel } from '../../contract/infer-response';

/** What CodeDeploy passes to a Lambda lifecycle hook. */
interface LifecycleHookEvent {
  readonly DeploymentId: string;
  readonly LifecycleEventHookExecutionId: string;
}

type HookStatus = 'Succeeded' | 'Failed';

interface HookResult {
  readonly status: HookStatus;
  /** Why the new version was refused; empty when it succeeded. */
  readonly problems: readonly string[];
}

interface PreTrafficHookOptions {
  readonly lambda: Pick<LambdaClient, 'send'>;
  readonly codedeploy: Pick<CodeDeployClient, 'send'>;
  /** ARN of the function version about to receive traffic (`...:function:<name>:<version>`). */
  readonly targetVersionArn: string;
  /** The v2 infer request sent to the new version, as JSON text. */
  readonly sampleRequest: string;
  /** What the answer must say about the model. */
  readonly expected?: ExpectedModel;
  /** Where the outcome is logged. @default one JSON line on stdout */
  readonly log?: (entry: Record<string, unknown>) => void;
}

/** The event is not a CodeDeploy lifecycle hook event; nothing can be reported back. */
export class HookEventError extends Error {
  public override readonly name = 'HookEventError';
}

/**
 * The BeforeAllowTraffic hook: invokes the new version with the sample request and tells CodeDeploy
 * `Succeeded` only when the answer is a valid v2 infer response, `Failed` otherwise (an error, a 4xx/5xx
 * answer, a malformed response, an invoke that could not be made). A failed hook stops the deployment
 * before any traffic reaches the new version.
 */
export function createPreTrafficHook(
  options: PreTrafficHookOptions,
): (event: unknown) => Promise<HookResult> {
  const log = options.log ?? ((entry) => console.log(JSON.stringify(entry)));
  const payload = new TextEncoder().encode(options.sampleRequest);

  return async (event) => {
    const { DeploymentId, LifecycleEventHookExecutionId } = hookEvent(event);
    const started = Date.now();
    let problems: string[];
    try {
      const output = await options.lambda.send(
        new InvokeCommand({
          FunctionName: options.targetVersionArn,
          InvocationType: 'RequestResponse',
          Payload: payload,
        }),
      );
      problems = answerProblems(output, options.expected);
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      problems = [`invoking ${options.targetVersionArn} failed: ${name}: ${message}`];
    }
    const status: HookStatus = problems.length === 0 ? 'Succeeded' : 'Failed';
    log({
      level: status === 'Succeeded' ? 'INFO' : 'ERROR',
      message: status === 'Succeeded' ? 'new version answered correctly' : 'new version refused',
      deploymentId: DeploymentId,
      target: options.targetVersionArn,
      durationMs: Date.now() - started,
      problems,
    });
    await options.codedeploy.send(
      new PutLifecycleEventHookExecutionStatusCommand({
        deploymentId: DeploymentId,
        lifecycleEventHookExecutionId: LifecycleEventHookExecutionId,
        status,
      }),
    );
    return { status, problems };
  };
}

function answerProblems(output: InvokeCommandOutput, expected?: ExpectedModel): string[] {
  const text = output.Payload === undefined ? '' : new TextDecoder().decode(output.Payload);
  if (output.FunctionError !== undefined) {
    return [`the new version failed (${output.FunctionError}): ${text.slice(0, 500)}`];
  }
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return [`the answer is not JSON: ${JSON.stringify(text.slice(0, 200))}`];
  }
  return inferResponseProblems(answer, expected);
}

function hookEvent(event: unknown): LifecycleHookEvent {
  const fields = typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {};
  const { DeploymentId, LifecycleEventHookExecutionId } = fields;
  if (typeof DeploymentId !== 'string' || typeof LifecycleEventHookExecutionId !== 'string') {
    throw new HookEventError(
      'expected a CodeDeploy lifecycle hook event with string DeploymentId and LifecycleEventHookExecutionId',
    );
  }
  return { DeploymentId, LifecycleEventHookExecutionId };
}
