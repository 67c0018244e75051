import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { OpsContext } from './context';
import { OpsFailure } from './errors';
import { errorCode } from './retry';
import { ModelTarget } from './targets';

/** A model stack as CloudFormation reports it. */
export interface StackState {
  readonly name: string;
  readonly status: string;
  readonly statusReason?: string;
  readonly outputs: Readonly<Record<string, string>>;
}

/** Whether the stack's outputs describe a finished deploy, one under way, or one that did not land. */
type StackPhase = 'deployed' | 'in-progress' | 'not-deployed';

const DEPLOYED = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'IMPORT_COMPLETE',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
]);
const IN_PROGRESS = new Set(['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS', 'IMPORT_IN_PROGRESS']);

export function stackPhase(status: string): StackPhase {
  if (DEPLOYED.has(status)) return 'deployed';
  if (IN_PROGRESS.has(status)) return 'in-progress';
  return 'not-deployed';
}

/** The model's stack, or undefined when it does not exist. */
export async function readStack(ctx: OpsContext, target: ModelTarget): Promise<StackState | undefined> {
  const { cloudFormation } = ctx.clientsFor(target.region);
  const answer = await ctx.aws(
    { action: 'cloudformation:DescribeStacks', resource: `stack ${target.stackName}` },
    () =>
      cloudFormation
        .send(new DescribeStacksCommand({ StackName: target.stackName }))
        .catch((error: unknown) => {
          // CloudFormation's way of saying "no such stack".
          if (
            errorCode(error) === 'ValidationError' &&
            /does not exist/.test(String((error as Error).message))
          ) {
            return undefined;
          }
          throw error;
        }),
  );
  const stack = answer?.Stacks?.[0];
  if (!stack) return undefined;
  return {
    name: target.stackName,
    status: String(stack.StackStatus),
    statusReason: stack.StackStatusReason,
    outputs: Object.fromEntries(
      (stack.Outputs ?? []).flatMap((o) =>
        o.OutputKey && o.OutputValue !== undefined ? [[o.OutputKey, o.OutputValue]] : [],
      ),
    ),
  };
}

/** Why a stack that is not deployed cannot be checked. */
export function notDeployedReason(stack: StackState | undefined, target: ModelTarget): string {
  if (!stack) {
    // A shared endpoint's stack is the stage's `<group>` stack, which holds every model it lists.
    const stackId = target.sharedEndpoint?.name ?? target.model.name;
    return `stack ${target.stackName} does not exist; deploy it with npx cdk deploy '${target.environment}/${stackId}'`;
  }
  const why = stack.statusReason ? `: ${stack.statusReason}` : '';
  if (/ROLLBACK/.test(stack.status)) {
    const rolling = /IN_PROGRESS$/.test(stack.status)
      ? 'is rolling the last deploy back'
      : 'rolled the last deploy back';
    return `stack ${stack.name} is ${stack.status}: CloudFormation ${rolling}${why}`;
  }
  return `stack ${stack.name} is ${stack.status}${why}`;
}

/** The named outputs of a deployed stack; fails naming the ones missing. */
export function requireOutputs<K extends string>(
  stack: StackState,
  target: ModelTarget,
  keys: readonly K[],
): Record<K, string> {
  const missing = keys.filter((key) => stack.outputs[key] === undefined);
  if (missing.length > 0) {
    throw new OpsFailure(
      `stack ${stack.name} has no output ${missing.join(', ')}; is it a ${target.model.target} model stack of this project? Redeploy it with this version of the app`,
    );
  }
  return Object.fromEntries(keys.map((key) => [key, stack.outputs[key]])) as Record<K, string>;
}
