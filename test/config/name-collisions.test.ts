import { parseDeploymentConfig } from '../../lib/config';
import { PROJECT_ROOT } from '../helpers/app';

const LAMBDA_MODEL = '    target: lambda\n    artifact: { path: models/iris/repository/iris/1/model.onnx }\n';

function errorOf(environments: string[], models: string[]): string {
  const text =
    'project: acme\nenvironments:\n' +
    environments.map((name) => `  ${name}: {}\n`).join('') +
    'models:\n' +
    models.map((name) => `  ${name}:\n${LAMBDA_MODEL}`).join('');
  try {
    parseDeploymentConfig(text, 'test.yaml', { baseDir: PROJECT_ROOT });
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('names built from hyphen-joined parts', () => {
  test('two models whose endpoint and alarm names meet across environments are refused', () => {
    expect(errorOf(['eu', 'prod-eu'], ['iris', 'iris-prod'])).toBe(
      'Invalid deployment config (test.yaml):\n' +
        ' - models.iris-prod: gives the endpoint and alarms of model iris-prod in environment eu the name ' +
        '"acme-iris-prod-eu", which is already the endpoint and alarms of model iris in environment prod-eu; ' +
        'rename the model or the environment (line 9)',
    );
  });

  test('a model named like an environment stack is refused', () => {
    expect(errorOf(['dev'], ['dashboard'])).toBe(
      'Invalid deployment config (test.yaml):\n' +
        ' - models.dashboard: gives the stack of model dashboard in environment dev the name "acme-dev-dashboard", ' +
        'which is already the dashboard stack of environment dev; rename the model or the environment (line 5)',
    );
  });

  test('endpoint names and stack names are different kinds of name and may be equal', () => {
    // Model `a` in environment `a`: endpoint acme-a-a and stack acme-a-a live in different services.
    expect(errorOf(['a'], ['a'])).toBe('');
  });
});
