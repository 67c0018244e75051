import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { loadDeploymentConfig } from '../../lib/config';
import { PROJECT_ROOT } from '../helpers/app';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  needs?: string | string[];
  environment?: string;
  permissions?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix: Record<string, unknown> };
  steps: Step[];
}
interface Workflow {
  on: Record<string, any>;
  concurrency?: unknown;
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

const WORKFLOWS = path.join(PROJECT_ROOT, '.github/workflows');
const packageJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
/** The Node.js lines CI tests and the README supports. */
const SUPPORTED_NODE_LINES = [22, 24];
const text = (file: string) => fs.readFileSync(path.join(WORKFLOWS, file), 'utf8');
const ci = parse(text('ci.yml')) as Workflow;
const deploy = parse(text('deploy.yml')) as Workflow;
const environments = loadDeploymentConfig(path.join(PROJECT_ROOT, 'config/deployments.yaml'), {
  baseDir: PROJECT_ROOT,
}).environmentNames;

const runs = (job: Job) => job.steps.flatMap((step) => (step.run ? [step.run.trim()] : []));
const indexOfRun = (job: Job, pattern: RegExp) => runs(job).findIndex((run) => pattern.test(run));
const credentialsStep = (job: Job) =>
  job.steps.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));

/**
 * The first major version of each action whose action.yml runs on `node24`: GitHub's runners retire
 * Node 20 for actions in 2026 ("Deprecation of Node 20 on GitHub Actions runners",
 * https://github.blog/changelog/2025-09-19-deprecation-of-node-20-on-github-actions-runners/).
 * Release notes: actions/checkout v5.0.0 and actions/setup-node v5.0.0 ("Upgrade action to use
 * node24"), aws-actions/configure-aws-credentials v6.0.0 ("Update action to use node24").
 */
const NODE24_MAJOR: Record<string, number> = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'aws-actions/configure-aws-credentials': 6,
};

describe.each([
  ['ci.yml', ci],
  ['deploy.yml', deploy],
])('%s', (file, workflow) => {
  test('pins every action to a major version that runs on Node 24', () => {
    const uses = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((s) => s.uses ?? []));
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) {
      const [, name, major] = /^([\w.-]+\/[\w.-]+)@v(\d+)$/.exec(action) ?? [];
      expect({ action, known: name in NODE24_MAJOR }).toEqual({ action, known: true });
      expect({ action, node24: Number(major) >= NODE24_MAJOR[name] }).toEqual({ action, node24: true });
    }
  });

  test('uses no long-lived AWS credentials, only OIDC roles', () => {
    const source = text(file);
    expect(source).not.toMatch(/secrets\./);
    expect(source).not.toMatch(
      /aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/,
    );
    for (const job of Object.values(workflow.jobs)) {
      const credentials = credentialsStep(job);
      if (!credentials) continue;
      expect(credentials.with!['role-to-assume']).toMatch(/^\$\{\{ vars\.[A-Z_]+ \}\}$/);
      expect(job.permissions).toEqual(expect.objectContaining({ 'id-token': 'write', contents: 'read' }));
    }
  });

  test('reads the repository only, unless a job asks for more', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
  });

  test('installs without the ONNX Runtime download, on Node.js 22 unless the job tests every supported line', () => {
    expect(workflow.env.ONNXRUNTIME_NODE_INSTALL).toBe('skip');
    for (const job of Object.values(workflow.jobs)) {
      const setupNode = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
      const version = setupNode?.with?.['node-version'];
      if (job === ci.jobs.build) {
        expect(version).toBe('${{ matrix.node-version }}');
      } else {
        // As the CodeBuild projects do (lib/app/pipeline-stack.ts).
        expect(version).toBe(22);
      }
      expect(runs(job)).toContain('npm ci');
    }
  });
});

describe('ci.yml', () => {
  test('builds and tests on every supported Node.js line, reporting each one', () => {
    const build = ci.jobs.build;
    expect(build.strategy!.matrix['node-version']).toEqual(SUPPORTED_NODE_LINES);
    expect(build.strategy!['fail-fast']).toBe(false);
  });

  test('declares the Node.js versions the dependencies run on, and the README names the tested lines', () => {
    // The narrowest engines range in the pinned dependency tree (ESLint 10's; Jest 30 also leaves out
    // the odd lines). npm only warns outside it unless engine-strict is set.
    const range = '^20.19.0 || ^22.13.0 || >=24';
    expect(packageJson.engines).toEqual({ node: range });
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`Node.js ${SUPPORTED_NODE_LINES.join(' and ')} are supported`);
    expect(readme).toContain(range);
  });

  test('runs on pull requests and on pushes to main', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect(ci.on.push.branches).toEqual(['main']);
  });

  test('builds, lints, tests, runs the end-to-end checks and synthesizes every stack, in that order', () => {
    const build = ci.jobs.build;
    const order = [
      /^npm ci$/,
      /^npm run build$/,
      /^npm run lint$/,
      /^npm test$/,
      /^npm run test:e2e$/,
      /^npx cdk synth .*'\*\*'$/,
    ].map((pattern) => indexOfRun(build, pattern));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('diffs every environment of the config on same-repository pull requests, with an OIDC role', () => {
    const diff = ci.jobs.diff;
    expect(diff.if).toContain("github.event_name == 'pull_request'");
    expect(diff.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(diff.needs).toBe('build');
    // The diff goes to the job summary: no write access to the pull request is needed.
    expect(diff.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
    expect(diff.strategy!.matrix.environment).toEqual(environments);
    expect(credentialsStep(diff)!.with!['role-to-assume']).toBe('${{ vars.AWS_DIFF_ROLE_ARN }}');
    const script = runs(diff).find((run) => run.includes('cdk diff'))!;
    expect(script).toContain('npx cdk diff "${ENVIRONMENT}/*"');
    expect(script).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });

  test('diffs read-only: templates compared with the lookup role, no change set', () => {
    const diff = ci.jobs.diff;
    const script = runs(diff).find((run) => run.includes('cdk diff'))!;
    // `npx cdk diff --help` (aws-cdk CLI 2.1148): "auto" and "change-set" create a change set with the
    // deploy role; "template compares templates directly and uses the lookup role".
    expect(script).toMatch(/npx cdk diff \S+ --method template /);
    expect(script).not.toMatch(/--change-set\b|--changeset\b|--method[ =](auto|change-set)/);
    // Nothing in the job writes to AWS or asks for a token beyond the OIDC exchange.
    expect(runs(diff).join('\n')).not.toMatch(/cdk deploy|cdk bootstrap|aws /);
    expect(Object.keys(diff.permissions!).sort()).toEqual(['contents', 'id-token']);
    // The setup the file documents gives the diff role the lookup roles only.
    const header = text('ci.yml').split('\nname:')[0];
    expect(header).toContain('sts:AssumeRole on\n#     arn:aws:iam::*:role/cdk-*-lookup-role-*');
    expect(header).toContain('--trust-for-lookup');
    expect(header).not.toMatch(/may assume the CDK bootstrap lookup and deploy roles/);
  });
});

describe('deploy.yml', () => {
  test('runs on pushes to main and on demand', () => {
    expect(Object.keys(deploy.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(deploy.on.push.branches).toEqual(['main']);
  });

  test('tests the commit first: build, lint, test and synth in a job the first deployment needs', () => {
    const job = deploy.jobs.test;
    expect(job.if).toBe("vars.DEPLOY_WITH_GITHUB_ACTIONS == 'true'");
    expect(job.permissions).toBeUndefined();
    expect(credentialsStep(job)).toBeUndefined();
    // The same checks as ci.yml's build job, in the same order.
    expect(runs(job)).toEqual(runs(ci.jobs.build));
    expect(deploy.jobs[environments[0]].needs).toBe('test');
  });

  test('has one job per environment, chained with needs in the config’s order', () => {
    expect(Object.keys(deploy.jobs)).toEqual(['test', ...environments]);
    environments.forEach((name, i) => {
      expect(deploy.jobs[name].needs).toEqual(i === 0 ? 'test' : environments[i - 1]);
    });
  });

  test('runs each job in its GitHub environment, so its protection rules and variables apply', () => {
    for (const name of environments) {
      expect(deploy.jobs[name].environment).toBe(name);
      expect(deploy.jobs[name].permissions).toEqual({ 'id-token': 'write', contents: 'read' });
      expect(credentialsStep(deploy.jobs[name])!.with).toMatchObject({
        'role-to-assume': '${{ vars.AWS_DEPLOY_ROLE_ARN }}',
        'aws-region': '${{ vars.AWS_REGION }}',
      });
    }
  });

  test.each(environments)('deploys %s with its AWS credentials, then verifies it', (name) => {
    const job = deploy.jobs[name];
    const credentials = job.steps.indexOf(credentialsStep(job)!);
    const deployStep = job.steps.findIndex(
      (s) => s.run === `npx cdk deploy '${name}/*' --require-approval never`,
    );
    const verifyStep = job.steps.findIndex((s) => s.run === `npm run -s mldeploy -- verify --env ${name}`);
    expect(credentials).toBeGreaterThan(-1);
    expect(deployStep).toBeGreaterThan(credentials);
    expect(verifyStep).toBeGreaterThan(deployStep);
  });

  test.each(environments)(
    'runs `mldeploy preflight --env %s` on a fresh synth after the credentials and before the deploy',
    (name) => {
      const job = deploy.jobs[name];
      const index = (run: string) => job.steps.findIndex((s) => s.run === run);
      const credentials = job.steps.indexOf(credentialsStep(job)!);
      const synth = index(`npx cdk synth --quiet '${name}/*'`);
      const preflight = index(`npm run -s mldeploy -- preflight --env ${name}`);
      const deployStep = index(`npx cdk deploy '${name}/*' --require-approval never`);
      expect(synth).toBeGreaterThan(credentials);
      expect(preflight).toBe(synth + 1);
      expect(deployStep).toBe(preflight + 1);
      // A failing preflight fails the job: nothing may let the deploy run after it.
      expect(job.steps[preflight]).not.toHaveProperty('continue-on-error');
      expect(job.steps[deployStep]).not.toHaveProperty('if');
      expect(job).not.toHaveProperty('continue-on-error');
    },
  );

  test('deploys each environment once at a time, never cancelled half-way, without holding up the others', () => {
    // A workflow-level group would let a run waiting for prod's reviewers hold back every later
    // run's dev and staging deployments.
    expect(deploy.concurrency).toBeUndefined();
    for (const name of environments) {
      expect(deploy.jobs[name].concurrency).toEqual({ group: `deploy-${name}`, 'cancel-in-progress': false });
    }
    expect(deploy.jobs.test.concurrency).toBeUndefined();
  });
});
