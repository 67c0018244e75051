import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { DEFAULT_CONFIG_FILE } from '../config';
import { checkProfile } from './aws-environment';
import { cost } from './cost';
import { createContext, defaultDeps, OpsContext, OpsDeps } from './context';
import { EXIT, messageOf, UsageError } from './errors';
import { invoke } from './invoke';
import { baselineCommand } from './baseline-command';
import { promoteShadow } from './promote-shadow';
import { preflight } from './preflight';
import { promote } from './promote';
import { status } from './status';
import { verify } from './verify';

/** Runs a command with a context; returns its exit code. */
type Execute = (json: boolean, command: (ctx: OpsContext) => Promise<number>) => Promise<void>;

const EXAMPLES = `
Examples:
  mldeploy preflight --env prod
  mldeploy status --env prod
  mldeploy verify --env staging --wait-minutes 45
  mldeploy invoke --env dev --model iris-lambda --body models/iris/sample-request.json
  mldeploy promote --model iris-sagemaker --env prod --from-group iris
  mldeploy baseline --model iris --data models/iris/data/iris.csv --target species --out models/iris/drift-baseline.json
  mldeploy cost --env prod

Exit codes: 0 ok, 1 a check failed or the operation was refused, 2 usage error.
Regions come from the environments of the config, credentials from the AWS SDK's default chain.`;

/** The `mldeploy` program; `execute` runs the chosen command. */
function buildProgram(deps: Pick<OpsDeps, 'stdout' | 'stderr'>, execute: Execute): Command {
  const program = new Command('mldeploy')
    .description(
      'Operate the models this CDK app deploys: preflight, status, verify, baseline, invoke, promote, cost.',
    )
    .configureOutput({
      writeOut: (text) => void deps.stdout.write(text),
      writeErr: (text) => void deps.stderr.write(text),
    })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXAMPLES);

  const configOption = ['--config <path>', 'the deployment config', DEFAULT_CONFIG_FILE] as const;
  const jsonOption = ['--json', 'print JSON for machines instead of text'] as const;

  program
    .command('preflight')
    .description(
      'check, read-only, that an environment will deploy in the account the credentials reach: identity, CDK bootstrap, SageMaker and Lambda quotas, images, artifacts, Model Monitor, service-linked roles',
    )
    .requiredOption('--env <env>', 'the environment to check')
    .option(...configOption)
    .option(
      '--assembly <dir>',
      'the synthesized cloud assembly, for the bootstrap version its stacks need',
      'cdk.out',
    )
    .option(...jsonOption)
    .addHelpText(
      'after',
      `
Prints one line per check: PASS, WARN (may not deploy, or could not be checked: the IAM action to grant is named)
or FAIL (will not deploy), with the numbers compared and what to do. Blue/green rollouts count twice the fleet.
Exit codes: 0 nothing failed, 1 a check failed, 2 usage error.`,
    )
    .action((o: { env: string; config: string; assembly: string; json?: boolean }) =>
      execute(!!o.json, (ctx) => preflight(ctx, { config: o.config, env: o.env, assembly: o.assembly })),
    );

  program
    .command('status')
    .description(
      'show what serves each model now: endpoint status and variants (for a model on a shared endpoint, its inference component and copies), or the live alias and its concurrency',
    )
    .option('--env <env>', 'one environment (default: every environment of the config)')
    .option('--model <model>', 'one model (default: every model)')
    .option(...configOption)
    .option(...jsonOption)
    .action((o: { env?: string; model?: string; config: string; json?: boolean }) =>
      execute(!!o.json, (ctx) => status(ctx, { config: o.config, env: o.env, model: o.model })),
    );

  program
    .command('verify')
    .description(
      'check that the last deploy of each model is what serves it, then send its sample request and check the answer',
    )
    .requiredOption('--env <env>', 'the environment to verify')
    .option('--model <model>', 'one model (default: every model)')
    .option(
      '--wait-minutes <minutes>',
      'how long to wait for deploys and traffic shifts to settle',
      parseMinutes,
      30,
    )
    .option(...configOption)
    .option(...jsonOption)
    .action((o: { env: string; model?: string; waitMinutes: number; config: string; json?: boolean }) =>
      execute(!!o.json, (ctx) =>
        verify(ctx, { config: o.config, env: o.env, model: o.model, waitMinutes: o.waitMinutes }),
      ),
    );

  program
    .command('baseline')
    .description(
      'compute the drift baseline of training data (per-feature statistics and bins, the target distribution) as JSON',
    )
    .requiredOption('--model <model>', 'the model the baseline is for')
    .requiredOption(
      '--data <file>',
      'the training data: a CSV file with a header row, or JSON lines (.jsonl)',
    )
    .option('--target <column>', 'the label or target column (default: the last column)')
    .option('--bins <n>', 'bins of a numeric feature', parseBins, 10)
    .option('--out <file>', 'write the baseline here instead of to standard output')
    .action((o: { model: string; data: string; target?: string; bins: number; out?: string }) => {
      baselineCommand(deps, o);
    });

  program
    .command('invoke')
    .description("send a JSON request through a deployed model's runtime API and print the answer")
    .requiredOption('--env <env>', 'the environment')
    .requiredOption('--model <model>', 'the model')
    .requiredOption('--body <file>', 'a file holding the JSON request (a v2 infer request)')
    .option(
      '--async',
      'asynchronous endpoint: upload the body, call InvokeEndpointAsync and wait for the answer',
    )
    .option(
      '--wait-minutes <minutes>',
      'with --async: how long to wait for the answer; for an inference component at zero copies: how long to wait for a copy (0: do not wait)',
      parseMinutes,
      15,
    )
    .option('--variant <name>', 'SageMaker: send the request to this production variant (TargetVariant)')
    .option(...configOption)
    .option(...jsonOption)
    .action(
      (o: {
        env: string;
        model: string;
        body: string;
        config: string;
        json?: boolean;
        async?: boolean;
        variant?: string;
        waitMinutes: number;
      }) =>
        execute(!!o.json, (ctx) =>
          invoke(ctx, {
            config: o.config,
            env: o.env,
            model: o.model,
            body: o.body,
            async: o.async ? { waitMinutes: o.waitMinutes } : undefined,
            variant: o.variant,
            wakeMinutes: o.waitMinutes,
          }),
        ),
    );

  program
    .command('promote')
    .description(
      'point a SageMaker model in one environment at an approved Model Registry package, in the config file (commit it, then deploy)',
    )
    .requiredOption('--model <model>', 'the model (target: sagemaker)')
    .requiredOption('--env <env>', 'the environment')
    .option('--from-group <group>', 'the Model Package Group')
    .option('--shadow', "make the model's shadow variant its production model instead (sagemaker.shadow)")
    .option(
      '--package-arn <arn>',
      'a specific approved package (default: the latest approved one of the group)',
    )
    .option(...configOption)
    .option(...jsonOption)
    .action(
      (o: {
        model: string;
        env: string;
        fromGroup?: string;
        packageArn?: string;
        shadow?: boolean;
        config: string;
        json?: boolean;
      }) =>
        execute(!!o.json, (ctx) => {
          if (o.shadow) {
            if (o.fromGroup || o.packageArn) {
              throw new UsageError(
                '--shadow promotes the shadow variant; it takes no --from-group or --package-arn',
              );
            }
            return promoteShadow(ctx, { config: o.config, env: o.env, model: o.model });
          }
          if (!o.fromGroup) throw new UsageError('promote needs --from-group <group>, or --shadow');
          return promote(ctx, {
            config: o.config,
            env: o.env,
            model: o.model,
            fromGroup: o.fromGroup,
            packageArn: o.packageArn,
          });
        }),
    );

  program
    .command('cost')
    .description(
      'print the monthly minimum and maximum each model costs in each environment, as the config implies',
    )
    .option('--env <env>', 'one environment (default: every environment of the config)')
    .option(...configOption)
    .option(
      '--live',
      'read current prices from the AWS Price List API (pricing:GetProducts) instead of the bundled table',
    )
    .option(...jsonOption)
    .addHelpText(
      'after',
      `
A month is 730 hours. Usage-based items (requests, duration, data capture, logs) are listed, not priced.
Exit codes: 0 ok, 1 a price is missing, 2 usage error.`,
    )
    .action((o: { env?: string; config: string; live?: boolean; json?: boolean }) =>
      execute(!!o.json, (ctx) => cost(ctx, { config: o.config, env: o.env, live: !!o.live })),
    );

  return program;
}

function parseMinutes(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number of minutes (0 or more)');
  return Number(value);
}

function parseBins(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2 || n > 100)
    throw new InvalidArgumentError('a whole number from 2 to 100');
  return n;
}

/**
 * Runs `mldeploy` with `argv` (the arguments after the program name) and returns the exit code:
 * 0 ok, 1 a check failed or an operation was refused, 2 usage error.
 */
export async function runCli(argv: readonly string[], overrides: Partial<OpsDeps> = {}): Promise<number> {
  const deps: OpsDeps = { ...defaultDeps(), ...overrides };
  let exitCode: number = EXIT.ok;
  const execute: Execute = async (json, command) => {
    checkProfile(deps.env);
    const ctx = createContext(deps, { json });
    try {
      exitCode = await command(ctx);
    } finally {
      ctx.close();
    }
  };
  try {
    await buildProgram(deps, execute).parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander has already printed its message (or the help it was asked for).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    deps.stderr.write(`error: ${messageOf(error)}\n`);
    return error instanceof UsageError ? EXIT.usage : EXIT.failed;
  }
}
