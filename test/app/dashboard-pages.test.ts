import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { stringify } from 'yaml';
import { MODELS_PER_DASHBOARD } from '../../lib/app/dashboard-stack';
import { EnvironmentStage } from '../../lib/app/environment-stage';
import { parseDeploymentConfig } from '../../lib/config';
import { newApp, PROJECT_ROOT } from '../helpers/app';

test('an environment with more models than a dashboard holds gets further dashboard pages', () => {
  const models = Object.fromEntries(
    Array.from({ length: MODELS_PER_DASHBOARD + 1 }, (_, i) => [
      `model-${i}`,
      { target: 'lambda', artifact: { path: 'models/iris/repository/iris/1/model.onnx' } },
    ]),
  );
  const yaml = stringify({ project: 'big', environments: { prod: {} }, models });
  const [environment] = parseDeploymentConfig(yaml, 'big.yaml', { baseDir: PROJECT_ROOT }).environments;

  const stage = new EnvironmentStage(newApp(), 'prod', { project: 'big', environment });

  expect(
    stage.dashboards.map((stack) => [
      stack.stackName,
      (stack.dashboard.dashboard.node.defaultChild as cloudwatch.CfnDashboard).dashboardName,
    ]),
  ).toEqual([
    ['big-prod-dashboard', 'big-prod-models'],
    ['big-prod-dashboard-2', 'big-prod-models-2'],
  ]);
  expect(stage.dashboards[1].dependencies.map((stack) => stack.node.id)).toEqual([
    `model-${MODELS_PER_DASHBOARD}`,
  ]);
  expect(stage.dashboards[0].dependencies).toHaveLength(MODELS_PER_DASHBOARD);
});
