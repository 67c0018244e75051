import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { mldeploy, PROJECT_ROOT, resetMocks, stubAwsClients, tempFile } from './support';

stubAwsClients();

const EXAMPLE = fs.readFileSync(path.join(PROJECT_ROOT, 'examples/shadow.yaml'), 'utf8');

beforeEach(resetMocks);

test('makes the shadow the production model of the environment, in the config file', async () => {
  const file = tempFile('shadow.yaml', EXAMPLE);

  const run = await mldeploy([
    'promote',
    '--config',
    file,
    '--env',
    'prod',
    '--model',
    'iris-shadow',
    '--shadow',
  ]);

  expect(run.code).toBe(0);
  const edited = parse(fs.readFileSync(file, 'utf8'));
  expect(edited.models['iris-shadow'].environments.prod).toEqual({
    artifact: { s3Uri: 's3://acme-model-candidates/iris/2025-06-01/' },
    sagemaker: { instanceType: 'ml.c5.xlarge', shadow: { enabled: false } },
  });
  // The rest of the model is untouched: the next promotion starts from the same file.
  expect(edited.models['iris-shadow'].sagemaker.shadow.s3Uri).toBe(
    's3://acme-model-candidates/iris/2025-06-01/',
  );
  expect(run.stdout).toContain(
    'promoted the shadow of iris-shadow in prod (s3://acme-model-candidates/iris/2025-06-01/) to production',
  );
  expect(run.stdout).toContain('next: review and commit the change');
});

test('refuses a model without a shadow and leaves the file alone', async () => {
  const file = tempFile(
    'no-shadow.yaml',
    EXAMPLE.replace('enabled: true\n        # The challenger', 'enabled: false\n        # The challenger'),
  );
  const before = fs.readFileSync(file, 'utf8');

  const run = await mldeploy([
    'promote',
    '--config',
    file,
    '--env',
    'prod',
    '--model',
    'iris-shadow',
    '--shadow',
  ]);

  expect(run.code).toBe(1);
  expect(run.stderr).toContain('model iris-shadow runs no shadow variant in prod');
  expect(fs.readFileSync(file, 'utf8')).toBe(before);
});

test('refuses --shadow with --from-group', async () => {
  const run = await mldeploy([
    'promote',
    '--config',
    'examples/shadow.yaml',
    '--env',
    'prod',
    '--model',
    'iris-shadow',
    '--shadow',
    '--from-group',
    'iris',
  ]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(
    '--shadow promotes the shadow variant; it takes no --from-group or --package-arn',
  );
});
