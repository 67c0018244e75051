import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { runApp, selectedEnvironments, userMistake } from '../../bin/run-app';
import { ContainerImage, SageMakerEndpoint } from '../../lib/constructs/sagemaker';
import { ModelArtifact } from '../../lib/constructs/storage/model-artifact';
import { PROJECT_ROOT } from '../helpers/app';

/** A stack trace line, as Node prints them. */
const STACK_LINE = /^ {4}at /m;

const EXAMPLE = path.join(PROJECT_ROOT, 'config/deployments.yaml');
const HEADER = 'project: acme\nenvironments:\n  dev: {}\n  prod: {}\nmodels:\n';
const SAGEMAKER = '  churn:\n    target: sagemaker\n    artifact: { path: models/iris/repository }\n';

/** Config files with user mistakes that used to reach synthesis and crash with a stack trace. */
const BAD_FILES: Record<string, { text: string; message: RegExp }> = {
  'timeout-within-waits.yaml': {
    text:
      HEADER + SAGEMAKER + '    rollout: { strategy: canary, bakeMinutes: 10, maxExecutionMinutes: 15 }\n',
    message:
      /models\.churn\.rollout\.maxExecutionMinutes: 15 must be longer than the rollout's waits.*\(line 9\)/,
  },
  'waits-over-8-hours.yaml': {
    text: HEADER + SAGEMAKER + '    rollout: { strategy: linear, linearStepPercent: 10, bakeMinutes: 60 }\n',
    message: /models\.churn\.rollout\.bakeMinutes: 60 makes the rollout wait .* 28800 s .*\(line 9\)/,
  },
  'lambda-folder.yaml': {
    text: HEADER + '  fraud:\n    target: lambda\n    artifact: { path: models/iris/repository }\n',
    message: /models\.fraud\.artifact\.path: "models\/iris\/repository" is a folder; .*\(line 8\)/,
  },
  'triton-region.yaml': {
    text: HEADER.replace('dev: {}', 'dev: { region: mx-central-1 }') + SAGEMAKER,
    message: /environments\.dev\.region: "mx-central-1" has no NVIDIA Triton image for SageMaker.*\(line 3\)/,
  },
  'billion-laughs.yaml': {
    text:
      'project: acme\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n' +
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
    message: /\(root\): YAML aliases expand to more than 100 nodes.*\(line 3\)/,
  },
  'duplicate-key.yaml': {
    text: HEADER + SAGEMAKER + '    description: one\n    description: two\n',
    message: /models\.churn\.description: duplicate key "description" \(first at line 9\).*\(line 10\)/,
  },
  'empty-folder.yaml': {
    text: HEADER + '  churn:\n    target: sagemaker\n    artifact: { path: EMPTY_FOLDER }\n',
    message: /models\.churn\.artifact\.path: ".*" is a folder with no files in it; .*\(line 8\)/,
  },
  'unquoted-triton.yaml': {
    text: HEADER + SAGEMAKER + '    sagemaker: { image: { triton: 24.10 } }\n',
    message:
      /models\.churn\.sagemaker\.image\.triton: 24\.10 was read as the number 24\.1; quote it: '24\.10'.*\(line 9\)/,
  },
};

let dir: string;
let empty: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-test-'));
  empty = fs.mkdtempSync(path.join(os.tmpdir(), 'empty-artifact-'));
  for (const [name, { text }] of Object.entries(BAD_FILES)) {
    fs.writeFileSync(path.join(dir, name), text.replace('EMPTY_FOLDER', empty));
  }
});

afterAll(() => {
  for (const folder of [dir, empty]) fs.rmSync(folder, { recursive: true, force: true });
});

/** Runs the app entry in-process with CDK context, as `cdk synth -c …` would. */
function run(context: Record<string, string>, build?: Parameters<typeof runApp>[2]) {
  let stderr = '';
  const app = new App({ context, outdir: path.join(dir, 'cdk.out') });
  const code = runApp(app, (text) => (stderr += text), build);
  return { code, stderr };
}

describe('bin/app.ts on a config with a user mistake', () => {
  test.each(Object.keys(BAD_FILES))('%s: exits 1 with file, path and line, and no stack trace', (name) => {
    const file = path.join(dir, name);
    const { code, stderr } = run({ config: file });
    expect(code).toBe(1);
    expect(stderr).toContain(`Invalid deployment config (${file}):\n - `);
    expect(stderr).toMatch(BAD_FILES[name].message);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  test('a file that cannot be read says so', () => {
    const { code, stderr } = run({ config: path.join(dir, 'missing.yaml') });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^Invalid deployment config \(.*missing\.yaml\):\n - \(root\): cannot read the file/,
    );
    expect(stderr).not.toMatch(STACK_LINE);
  });
});

describe('environment selection', () => {
  test.each([[''], [','], [' , ']])('-c env=%j is an error listing the environments', (env) => {
    const { code, stderr } = run({ config: EXAMPLE, env });
    expect(code).toBe(1);
    expect(stderr).toBe(
      `No environment selected (an empty -c env=); name one or more of ${EXAMPLE}'s environments: dev, staging, prod\n`,
    );
  });

  test('an unknown environment lists the known ones', () => {
    const { code, stderr } = run({ config: EXAMPLE, env: 'dev,qa' });
    expect(code).toBe(1);
    expect(stderr).toBe(`Unknown environment "qa"; ${EXAMPLE} defines: dev, staging, prod\n`);
  });

  test('names are split on commas, blanks dropped; no context selects every environment', () => {
    expect(selectedEnvironments('dev, prod,')).toEqual(['dev', 'prod']);
    expect(selectedEnvironments('')).toEqual([]);
    expect(selectedEnvironments(undefined)).toBeUndefined();
  });
});

describe('construct validation errors while building', () => {
  test('a construct of this library reports its path and every problem, without a stack trace', () => {
    const { code, stderr } = run({ config: EXAMPLE, env: 'dev' }, (app) => {
      const stack = new Stack(app, 'Library');
      new SageMakerEndpoint(stack, 'Churn', {
        endpointName: 'churn',
        image: ContainerImage.fromEcrUri('111111111111.dkr.ecr.eu-west-1.amazonaws.com/churn:1'),
        modelData: ModelArtifact.fromS3Uri(stack, 'Model', 's3://models/churn/model.tar.gz'),
        serverless: { memorySizeMb: 2048, maxConcurrency: 5 },
        rollout: { strategy: 'canary' },
      });
    });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'Invalid SageMakerEndpoint Library/Churn:\n - rollout.strategy "canary" is not available for serverless endpoints (SageMaker offers no deployment guardrails there); use allAtOnce\n',
    );
  });

  test('an aws-cdk-lib validation error reports the construct path and its message', () => {
    const { code, stderr } = run({ config: EXAMPLE, env: 'dev' }, (app) => {
      new s3.Bucket(new Stack(app, 'Library'), 'Data', { bucketName: 'Not_A_Bucket' });
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Library\/Data: Invalid S3 bucket name \(value: Not_A_Bucket\)/);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  test('an unexpected exception is a bug: it is thrown on, with its stack', () => {
    const bug = new TypeError('cannot read properties of undefined');
    expect(userMistake(bug)).toBeUndefined();
    expect(() =>
      run({ config: EXAMPLE, env: 'dev' }, () => {
        throw bug;
      }),
    ).toThrow(bug);
  });
});
