import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, Output } from '@aws-sdk/client-cloudformation';
import { ECRClient } from '@aws-sdk/client-ecr';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { PricingClient } from '@aws-sdk/client-pricing';
import { S3Client } from '@aws-sdk/client-s3';
import {
  DescribeInferenceComponentCommand,
  DescribeInferenceComponentOutput,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { runCli } from '../../lib/ops/cli';
import { clientsWith, type ClientFactory } from '../../lib/ops/clients';
import type { SpinnerFactory } from '../../lib/ops/progress';
import { PROJECT_ROOT } from '../helpers/app';

export { PROJECT_ROOT };
export const EXAMPLE_CONFIG = path.join(PROJECT_ROOT, 'config/deployments.yaml');

function stubEveryClient() {
  return {
    cloudFormation: mockClient(CloudFormationClient),
    sageMaker: mockClient(SageMakerClient),
    sageMakerRuntime: mockClient(SageMakerRuntimeClient),
    lambda: mockClient(LambdaClient),
    sts: mockClient(STSClient),
    ssm: mockClient(SSMClient),
    serviceQuotas: mockClient(ServiceQuotasClient),
    ecr: mockClient(ECRClient),
    iam: mockClient(IAMClient),
    s3: mockClient(S3Client),
    pricing: mockClient(PricingClient),
  };
}

/** The stubs of every AWS client of the CLI, while a test file has them (`stubAwsClients`). */
export const mocks = {} as ReturnType<typeof stubEveryClient>;
let stubbed = false;

/**
 * Replaces every AWS client of the CLI for the calling test file: calls never leave the process. Test files
 * share one module cache per worker, so the stubs, which sit on the clients' prototypes, come off after the
 * file; left on, they would answer another file's real calls to a local server.
 */
export function stubAwsClients(): void {
  Object.assign(mocks, stubEveryClient());
  stubbed = true;
  afterAll(() => {
    for (const mock of Object.values(mocks)) mock.restore();
    stubbed = false;
  });
}

export function resetMocks(): void {
  for (const mock of Object.values(mocks)) mock.reset();
}

// The example config's names (project mldeploy) in prod.
export const SAGEMAKER_STACK = 'mldeploy-prod-iris-sagemaker';
export const ENDPOINT = 'mldeploy-iris-sagemaker-prod';
export const CONFIG_V1 = 'IrisSagemakerEndpointConfig-v1AbCdEf';
export const CONFIG_V2 = 'IrisSagemakerEndpointConfig-v2GhIjKl';
export const LAMBDA_STACK = 'mldeploy-prod-iris-lambda';
export const FUNCTION = 'mldeploy-prod-iris-lambda-InferenceFunction1A2B3C-xYz987';

// examples/inference-components.yaml in prod: models iris and iris-candidate share the endpoint of group `shared`.
export const SHARED_CONFIG = 'examples/inference-components.yaml';
export const SHARED_STACK = 'mldeploy-prod-shared';
export const SHARED_ENDPOINT = 'mldeploy-shared-prod';
export const COMPONENT = 'mldeploy-iris-prod';
export const CANDIDATE_COMPONENT = 'mldeploy-iris-candidate-prod';

/** The shared endpoint's stack as SharedEndpointStack's outputs describe it. */
export function givenSharedEndpointStack(status = 'UPDATE_COMPLETE') {
  givenStack(
    SHARED_STACK,
    { EndpointName: SHARED_ENDPOINT, InferenceComponentNames: `${COMPONENT},${CANDIDATE_COMPONENT}` },
    status,
  );
}

/** DescribeInferenceComponent of the iris component (fixture), with `changes` applied; each call answers the next. */
export function givenInferenceComponent(...changes: Partial<DescribeInferenceComponentOutput>[]) {
  const answers = (changes.length > 0 ? changes : [{}]).map(
    (change) =>
      ({ ...fixture('describe-inference-component.json'), ...change }) as DescribeInferenceComponentOutput,
  );
  let stub = mocks.sageMaker.on(DescribeInferenceComponentCommand, { InferenceComponentName: COMPONENT });
  for (const answer of answers.slice(0, -1)) stub = stub.resolvesOnce(answer);
  stub.resolves(answers[answers.length - 1]);
}

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Every wait the CLI asked for, in milliseconds. */
  readonly sleeps: number[];
  /** The region of every set of clients the CLI created. */
  readonly regions: (string | undefined)[];
}

export interface RunOptions {
  /** Pretend stderr is an interactive terminal. */
  readonly tty?: boolean;
  /** Its width. @default 80 on a terminal */
  readonly columns?: number;
  readonly spinner?: SpinnerFactory;
  readonly cwd?: string;
  /** The environment the CLI reads (AWS_PROFILE, …). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Creates the clients of a region. @default clients with region eu-west-1 when the config sets none */
  readonly clients?: ClientFactory;
}

/** Runs `mldeploy` in-process with a fake clock: sleeping advances it instantly. */
export async function mldeploy(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  if (!stubbed) throw new Error('call stubAwsClients() in this test file before running mldeploy');
  let clock = Date.UTC(2025, 5, 1, 12, 0, 0);
  let stdout = '';
  let stderr = '';
  const sleeps: number[] = [];
  const regions: (string | undefined)[] = [];
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const code = await runCli(args, {
    env: options.env ?? process.env,
    clients: (region) => {
      regions.push(region);
      if (options.clients) return options.clients(region);
      return clientsWith({ region: region ?? 'eu-west-1', credentials });
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    random: () => 0.5,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: {
      write: (text: string) => (stderr += text),
      isTTY: options.tty ?? false,
      columns: options.columns ?? (options.tty ? 80 : undefined),
    },
    cwd: options.cwd ?? PROJECT_ROOT,
    createSpinner:
      options.spinner ??
      (() => {
        throw new Error('no spinner expected');
      }),
  });
  return { code, stdout, stderr, sleeps, regions };
}

/** A stack as DescribeStacks reports it. */
export function givenStack(
  name: string,
  outputs: Record<string, string>,
  status = 'UPDATE_COMPLETE',
  reason?: string,
) {
  const Outputs: Output[] = Object.entries(outputs).map(([OutputKey, OutputValue]) => ({
    OutputKey,
    OutputValue,
  }));
  mocks.cloudFormation.on(DescribeStacksCommand, { StackName: name }).resolves({
    Stacks: [
      {
        StackName: name,
        StackStatus: status as any,
        StackStatusReason: reason,
        CreationTime: new Date(0),
        Outputs,
      },
    ],
  });
}

export function givenNoStack(name: string) {
  mocks.cloudFormation
    .on(DescribeStacksCommand, { StackName: name })
    .rejects(awsError('ValidationError', `Stack with id ${name} does not exist`));
}

export function givenSageMakerStack(status = 'UPDATE_COMPLETE') {
  givenStack(SAGEMAKER_STACK, { EndpointName: ENDPOINT, EndpointConfigName: CONFIG_V2 }, status);
}

export function givenLambdaStack(status = 'UPDATE_COMPLETE') {
  givenStack(
    LAMBDA_STACK,
    {
      FunctionName: FUNCTION,
      LiveVersion: '7',
      LiveAliasArn: `arn:aws:lambda:eu-west-1:123456789012:function:${FUNCTION}:live`,
    },
    status,
  );
}

/** A service error as the SDK throws it. */
export function awsError(name: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
  });
}

export function fixture(name: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8'));
}

export const bytes = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

// Removed when the worker exits, and with the run's temporary folder: a hook per test file would only be
// registered by the first file that loads this module, since test files share one module cache per worker.
const tempDirs: string[] = [];
process.on('exit', () => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A file in a temporary folder, removed when the worker exits. */
export function tempFile(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldeploy-'));
  tempDirs.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** A copy of the example config with `edit` applied, in a temporary folder; artifact paths still resolve (cwd = project root). */
export function tempConfig(edit: (text: string) => string = (text) => text): string {
  return tempFile('deployments.yaml', edit(fs.readFileSync(EXAMPLE_CONFIG, 'utf8')));
}

export const SAMPLE_REQUEST = fs.readFileSync(
  path.join(PROJECT_ROOT, 'models/iris/sample-request.json'),
  'utf8',
);
