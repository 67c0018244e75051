import { awsClients, cachedClients, ClientFactory, OpsClients } from './clients';
import { nanospinner, OutputStream, Progress, SpinnerFactory, startProgress } from './progress';
import { CallTarget, withRetry } from './retry';

/** Everything a command touches outside its own code; tests replace any of it. */
export interface OpsDeps {
  readonly clients: ClientFactory;
  readonly sleep: (ms: number) => Promise<void>;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Jitter source in [0, 1). */
  readonly random: () => number;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Directory that `--config` and the config's artifact paths are relative to. */
  readonly cwd: string;
  readonly createSpinner: SpinnerFactory;
  /** The environment the AWS SDK reads (AWS_PROFILE, AWS_REGION, …). */
  readonly env: NodeJS.ProcessEnv;
}

export function defaultDeps(): OpsDeps {
  return {
    clients: awsClients,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: Date.now,
    random: Math.random,
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    createSpinner: nanospinner,
    env: process.env,
  };
}

/** What a running command uses: its dependencies plus the --json choice, retried AWS calls and progress. */
export interface OpsContext extends OpsDeps {
  readonly json: boolean;
  clientsFor(region: string | undefined): OpsClients;
  /** Runs one AWS call with retries; failures name the action and the resource. */
  aws<T>(target: CallTarget, call: () => Promise<T>): Promise<T>;
  progress(text: string): Progress;
  /** Closes the clients' connections. */
  close(): void;
}

export function createContext(deps: OpsDeps, options: { json: boolean }): OpsContext {
  const clients = cachedClients(deps.clients);
  return {
    ...deps,
    json: options.json,
    clientsFor: clients.get,
    aws: (target, call) => withRetry(call, target, { sleep: deps.sleep, random: deps.random }),
    progress: (text) =>
      startProgress(text, { stderr: deps.stderr, json: options.json, createSpinner: deps.createSpinner }),
    close: clients.destroyAll,
  };
}
