import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { parseDeploymentConfig } from '../../lib/config';
import { newApp, PROJECT_ROOT, UNIT_STAGES } from '../helpers/app';

test('a one-time copy schedule already past is a warning on the shared endpoint’s stack', () => {
  const config = parseDeploymentConfig(
    [
      'project: acme',
      'environments:',
      '  dev: { region: eu-west-1 }',
      'sharedEndpoints:',
      '  shared: { models: [churn], instanceType: ml.m5.xlarge, maxInstances: 1 }',
      'models:',
      '  churn:',
      '    target: sagemaker',
      '    artifact: { path: models/iris/repository }',
      '    sagemaker:',
      '      component:',
      '        maxCopies: 2',
      "        schedules: [{ name: launch, schedule: 'at(2020-01-01T00:00:00)', minCopies: 1, maxCopies: 2 }]",
    ].join('\n'),
    'test.yaml',
    { baseDir: PROJECT_ROOT },
  );
  const [stage] = addDeploymentStages(newApp(), config, UNIT_STAGES);
  Annotations.fromStack(stage.sharedEndpoints[0]).hasWarning(
    '*',
    Match.stringLikeRegexp(
      'sagemaker\\.component\\.schedules\\.0 \\(launch\\) of model churn in dev: at\\(2020-01-01T00:00:00\\) \\(UTC\\) is in the past',
    ),
  );
});
