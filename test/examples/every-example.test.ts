import * as fs from 'fs';
import * as path from 'path';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { loadDeploymentConfig } from '../../lib/config';
import { newApp, PROJECT_ROOT } from '../helpers/app';

// Every config of examples/ as `cdk synth` builds it: cdk-nag, the Control Tower controls and aws-cdk-lib's
// built-in CloudFormation validation all on, each throwing on an unacknowledged finding. The unit suites of the
// examples check their templates with cdk-nag alone.
const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const configs = fs.readdirSync(EXAMPLES).filter((file) => file.endsWith('.yaml'));

test('examples/ holds configs', () => {
  expect(configs.length).toBeGreaterThanOrEqual(3);
});

test.each(configs)('examples/%s synthesizes with every check on', (file) => {
  const config = loadDeploymentConfig(path.join(EXAMPLES, file), { baseDir: PROJECT_ROOT });
  const app = newApp({ validateTemplates: true });
  addDeploymentStages(app, config);
  expect(app.synth().nestedAssemblies.length).toBe(config.environments.length);
});
