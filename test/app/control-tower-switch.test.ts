import * as path from 'path';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Template } from 'aws-cdk-lib/assertions';
import { CONTROL_TOWER_CHECKS_CONTEXT, runApp } from '../../bin/run-app';
import { addDeploymentStages, DeploymentStagesOptions } from '../../lib/app/deployment-app';
import { EnvironmentStage } from '../../lib/app/environment-stage';
import { loadDeploymentConfig, ResolvedConfig } from '../../lib/config';
import { newApp, PROJECT_ROOT } from '../helpers/app';

const EXAMPLE = path.join(PROJECT_ROOT, 'config/deployments.yaml');
const config = loadDeploymentConfig(EXAMPLE, { environments: ['dev'] });

/** An app whose one stage holds an alarm without actions (CT.CLOUDWATCH.PR.1) and a log group without a key. */
function appWithFinding(options: DeploymentStagesOptions) {
  const app = newApp();
  const probe = new EnvironmentStage(app, 'probe', { project: 'p', environment: config.environments[0] });
  const topic = new sns.Topic(probe.platform, 'Probe', { enforceSSL: true });
  new cloudwatch.Alarm(probe.platform, 'Silent', {
    metric: topic.metricNumberOfMessagesPublished(),
    threshold: 1,
    evaluationPeriods: 1,
  });
  new logs.LogGroup(probe.platform, 'Plain');
  addDeploymentStages(app, { ...config, environments: [] }, options);
  return { app, probe };
}

// By default this app's synth fails on CT.CLOUDWATCH.PR.1: test/app/example-app.test.ts (test:e2e, where the
// controls' engine is built once per worker) checks it.
test('with the check off the same app synthesizes, and its templates still get what the controls need', () => {
  const { app, probe } = appWithFinding({ controlTowerChecks: false });
  expect(() => app.synth()).not.toThrow();
  const logGroups = Template.fromStack(probe.platform).findResources('AWS::Logs::LogGroup');
  expect(Object.values(logGroups).map((group) => Object.keys(group.Properties))).toEqual([
    expect.arrayContaining(['KmsKeyId']),
  ]);
});

describe('-c controlTowerChecks', () => {
  function build(context: Record<string, string>) {
    let seen: DeploymentStagesOptions | undefined;
    let stderr = '';
    const app = newApp();
    for (const [key, value] of Object.entries({ config: EXAMPLE, env: 'dev', ...context })) {
      app.node.setContext(key, value);
    }
    const code = runApp(
      app,
      (text) => (stderr += text),
      (_app: unknown, _config: ResolvedConfig, options: DeploymentStagesOptions) => (seen = options),
    );
    return { code, stderr, seen };
  }

  test.each([
    [{}, true],
    [{ [CONTROL_TOWER_CHECKS_CONTEXT]: 'true' }, true],
    [{ [CONTROL_TOWER_CHECKS_CONTEXT]: 'false' }, false],
  ])('%j asks the stages for checks: %s', (context, expected) => {
    expect(build(context)).toEqual({ code: 0, stderr: '', seen: { controlTowerChecks: expected } });
  });

  test('a value other than true or false is refused with the allowed values', () => {
    expect(build({ [CONTROL_TOWER_CHECKS_CONTEXT]: 'no' })).toEqual({
      code: 1,
      stderr: '-c controlTowerChecks=no: must be true or false\n',
      seen: undefined,
    });
  });
});
