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
  needs?: string | string[];
  environment?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: Record<string, unknown> };
  steps: Step[];
}
interface Workflow {
  on: Record<string, any>;
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

const WORKFLOWS = path.join(PROJECT_ROOT, '.github/workflows');
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

describe.each([
  ['ci.yml', ci],
  ['deploy.yml', deploy],
])('%s', (file, workflow) => {
  test('pins every action to a major version', () => {
    const uses = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((s) => s.uses ?? []));
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
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

  test('installs on Node.js 20 without the ONNX Runtime download', () => {
    expect(workflow.env.ONNXRUNTIME_NODE_INSTALL).toBe('skip');
    for (const job of Object.values(workflow.jobs)) {
      const setupNode = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
      expect(setupNode?.with?.['node-version']).toBe(20);
      expect(runs(job)).toContain('npm ci');
    }
  });
});

describe('ci.yml', () => {
  test('runs on pull requests and on pushes to main', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect(ci.on.push.branches).toEqual(['main']);
  });

  test('builds, lints, tests and synthesizes every stack, in that order', () => {
    const build = ci.jobs.build;
    const order = [
      /^npm ci$/,
      /^npm run build$/,
      /^npm run lint$/,
      /^npm test$/,
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
});

describe('deploy.yml', () => {
  test('runs on pushes to main and on demand', () => {
    expect(Object.keys(deploy.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(deploy.on.push.branches).toEqual(['main']);
  });

  test('has one job per environment, chained with needs in the config’s order', () => {
    expect(Object.keys(deploy.jobs)).toEqual(environments);
    environments.forEach((name, i) => {
      expect(deploy.jobs[name].needs).toEqual(i === 0 ? undefined : environments[i - 1]);
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

  test('never runs two deployments at once nor cancels one half-way', () => {
    expect((deploy as any).concurrency).toEqual({ group: 'deploy', 'cancel-in-progress': false });
  });
});
