import * as fs from 'node:fs';
import { parse } from 'yaml';
import { getYamlValue, setYamlValue } from '../../lib/ops/config-edit';
import { EXAMPLE_CONFIG } from './support';

const PACKAGE = { modelPackage: { arn: 'arn:x', modelDataUri: 's3://b/k', image: 'img:1' } };
const FIELD = ['models', 'fraud', 'environments', 'prod', 'artifact'];

describe('setting a value in the config text', () => {
  test('replaces an artifact in place, keeping the comments and the lines around it', () => {
    const text = [
      'models:',
      '  fraud:',
      '    environments:',
      '      prod:',
      '        # Where prod takes the model from.',
      '        artifact:',
      '          path: models/fraud # the local build',
      '        rollout: { strategy: canary }',
      '  # The next model.',
      '  churn:',
      '    target: lambda',
      '',
    ].join('\n');

    expect(setYamlValue(text, FIELD, PACKAGE)).toBe(
      [
        'models:',
        '  fraud:',
        '    environments:',
        '      prod:',
        '        # Where prod takes the model from.',
        '        artifact:',
        '          modelPackage:',
        '            arn: arn:x',
        '            modelDataUri: s3://b/k',
        '            image: img:1',
        '        rollout: { strategy: canary }',
        '  # The next model.',
        '  churn:',
        '    target: lambda',
        '',
      ].join('\n'),
    );
  });

  test('replaces a flow-style artifact with its trailing comment', () => {
    const text =
      'models:\n  fraud:\n    environments:\n      prod:\n        artifact: { path: x } # old\n        tags: [a, b]\n';

    expect(setYamlValue(text, FIELD, PACKAGE)).toBe(
      'models:\n  fraud:\n    environments:\n      prod:\n        artifact:\n          modelPackage:\n            arn: arn:x\n            modelDataUri: s3://b/k\n            image: img:1\n        tags: [a, b]\n',
    );
  });

  test('adds the artifact after the last entry of the environment', () => {
    const text =
      'models:\n  fraud:\n    environments:\n      prod:\n        scaling:\n          enabled: true # on\n  churn: {}\n';

    expect(setYamlValue(text, FIELD, PACKAGE)).toBe(
      'models:\n  fraud:\n    environments:\n      prod:\n        scaling:\n          enabled: true # on\n        artifact:\n          modelPackage:\n            arn: arn:x\n            modelDataUri: s3://b/k\n            image: img:1\n  churn: {}\n',
    );
  });

  test('creates the environment entry, and the environments mapping, when missing', () => {
    const withoutEnvironment =
      'models:\n  fraud:\n    environments:\n      dev:\n        scaling: { enabled: false }\n';
    const withoutEnvironments = 'models:\n  fraud:\n    target: sagemaker\n';

    expect(setYamlValue(withoutEnvironment, FIELD, PACKAGE)).toBe(
      'models:\n  fraud:\n    environments:\n      dev:\n        scaling: { enabled: false }\n      prod:\n        artifact:\n          modelPackage:\n            arn: arn:x\n            modelDataUri: s3://b/k\n            image: img:1\n',
    );
    expect(setYamlValue(withoutEnvironments, FIELD, PACKAGE)).toBe(
      'models:\n  fraud:\n    target: sagemaker\n    environments:\n      prod:\n        artifact:\n          modelPackage:\n            arn: arn:x\n            modelDataUri: s3://b/k\n            image: img:1\n',
    );
  });

  test('fills an environment entry that holds nothing', () => {
    const text = 'models:\n  fraud:\n    environments:\n      prod:\n      dev: {}\n';

    expect(parse(setYamlValue(text, FIELD, PACKAGE))).toEqual({
      models: { fraud: { environments: { prod: { artifact: PACKAGE }, dev: {} } } },
    });
  });

  test('edits a flow-style mapping through the Document API, keeping comments', () => {
    const text =
      '# Deployments\nmodels:\n  fraud: { environments: { prod: { artifact: { path: x } } } } # all on one line\n';

    const edited = setYamlValue(text, FIELD, PACKAGE);

    expect(parse(edited)).toEqual({ models: { fraud: { environments: { prod: { artifact: PACKAGE } } } } });
    expect(edited).toContain('# Deployments\n');
    expect(edited).toContain('# all on one line');
  });

  test('changes nothing else in the example config', () => {
    const original = fs.readFileSync(EXAMPLE_CONFIG, 'utf8');

    const edited = setYamlValue(
      original,
      ['models', 'iris-sagemaker', 'environments', 'prod', 'artifact'],
      PACKAGE,
    );

    const added = edited
      .split('\n')
      .filter((line, i, lines) => lines.indexOf(line) === i && !original.includes(line));
    expect(added).toEqual([
      '        artifact:',
      '          modelPackage:',
      '            arn: arn:x',
      '            modelDataUri: s3://b/k',
      '            image: img:1',
    ]);
    expect(edited.replace(/\n {8}artifact:\n(?: {10,}.*\n)+/, '\n')).toBe(original);
  });

  test('reads a value, or undefined when the file does not set it', () => {
    const text = 'models:\n  fraud:\n    artifact: { path: x }\n';

    expect(getYamlValue(text, ['models', 'fraud', 'artifact'])).toEqual({ path: 'x' });
    expect(getYamlValue(text, FIELD)).toBeUndefined();
  });
});
