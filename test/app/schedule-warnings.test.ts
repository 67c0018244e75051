import { Match } from 'aws-cdk-lib/assertions';
import { stringify } from 'yaml';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { parseDeploymentConfig } from '../../lib/config';
import { newApp, PROJECT_ROOT, UNIT_STAGES } from '../helpers/app';
import { annotationsOf } from '../helpers/annotations';

// A one-time scaling action dated in the past is valid for AWS but can no longer run: synthesis warns.
const CONFIG = {
  project: 'acme',
  environments: { prod: {} },
  models: {
    churn: {
      target: 'sagemaker',
      artifact: { path: 'models/iris/repository' },
      sagemaker: { instanceType: 'ml.c5.xlarge', initialInstanceCount: 2 },
      scaling: {
        enabled: true,
        minInstances: 2,
        maxInstances: 4,
        schedules: [
          { name: 'launch', schedule: 'at(2001-01-01T09:00:00)', minInstances: 3, maxInstances: 4 },
          { name: 'weekdays', schedule: 'cron(0 7 ? * MON-FRI *)', minInstances: 2, maxInstances: 4 },
        ],
      },
    },
  },
};

const [stage] = addDeploymentStages(
  newApp(),
  parseDeploymentConfig(stringify(CONFIG), 'deployments.yaml', { baseDir: PROJECT_ROOT }),
  UNIT_STAGES,
);

test('the model stack carries a warning for the past one-time schedule only', () => {
  const annotations = annotationsOf(stage.models[0]);
  annotations.hasWarning(
    '*',
    Match.stringLikeRegexp(
      '^scaling\\.schedules\\.0 \\(launch\\) of model churn in prod: at\\(2001-01-01T09:00:00\\) \\(UTC\\) is in the past, so this one-time scaling action will not run; remove it or set a future time',
    ),
  );
  expect(annotations.findWarning('*', Match.stringLikeRegexp('weekdays'))).toHaveLength(0);
});
