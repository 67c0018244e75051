import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadDeploymentConfig } from '../../lib/config';
import { PREFLIGHT_ACTIONS, preflightPermissions } from '../../lib/ops/preflight/permissions';
import { PROJECT_ROOT, tempConfig } from './support';

const PREFLIGHT_DIR = path.join(PROJECT_ROOT, 'lib/ops/preflight');

/** The IAM actions the checks name for their AWS calls (ctx.aws targets), from the source. */
function calledActions(): string[] {
  const files = [
    ...fs
      .readdirSync(PREFLIGHT_DIR)
      .filter((name) => name.endsWith('.ts') && name !== 'permissions.ts')
      .map((name) => path.join(PREFLIGHT_DIR, name)),
    // readStack, for the deployed functions' names.
    path.join(PROJECT_ROOT, 'lib/ops/stack-outputs.ts'),
  ];
  const actions = files.flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(/'([a-z0-9-]+:[A-Z][A-Za-z]+)'/g)].map((m) => m[1]),
  );
  return [...new Set(actions)].sort();
}

/** Every module specifier the file imports, following its relative imports inside lib/ through the whole graph. */
function importGraph(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^import (?!type )[^;]*? from '([^']+)';/gms)].map((m) => m[1]);
  return specifiers.flatMap((specifier) => {
    if (!specifier.startsWith('.')) return [specifier];
    const target = path.resolve(path.dirname(file), specifier);
    const resolved = fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts');
    return [specifier, ...importGraph(resolved, seen)];
  });
}

describe('the permissions preflight needs', () => {
  test('load no AWS SDK client, since the app layer reads them at synth', () => {
    const imports = importGraph(path.join(PREFLIGHT_DIR, 'permissions.ts'));
    expect(imports).toContain('./autoscaling-roles');
    expect(imports.filter((specifier) => specifier.startsWith('@aws-sdk/'))).toEqual([]);
    // The detection works: the check that calls IAM imports its client.
    expect(importGraph(path.join(PREFLIGHT_DIR, 'service-linked-roles.ts'))).toContain('@aws-sdk/client-iam');
  });

  test('name every action the checks call, except sts:GetCallerIdentity, which needs no permission', () => {
    expect(calledActions()).toEqual([...PREFLIGHT_ACTIONS, 'sts:GetCallerIdentity'].sort());
  });

  test('cover every action for an environment that uses every feature, and only the listed ones', () => {
    // staging: iris-sagemaker from a Model Registry package with Model Monitor, iris-lambda from an S3 folder.
    const config = tempConfig((text) =>
      text
        .replace(
          '    environments:\n      prod:\n        sagemaker:\n',
          '    environments:\n      staging:\n        sagemaker:\n          monitoring: { enabled: true, baselinePath: models/iris/baseline }\n' +
            '          dataCapture: { enabled: true }\n' +
            '        scaling: { enabled: true, minInstances: 1, maxInstances: 2 }\n' +
            '        artifact:\n          modelPackage:\n            arn: arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris/7\n' +
            '            modelDataUri: s3://ml-registry-123456789012/iris/7/model.tar.gz\n' +
            '            image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/iris-triton:24.09-py3\n      prod:\n        sagemaker:\n',
        )
        .replace(
          '      path: models/iris/repository/iris/1/model.onnx\n',
          `      s3Uri: s3://team-models/iris/model.onnx\n      sha256: ${'a'.repeat(64)}\n`,
        ),
    );
    const [staging] = loadDeploymentConfig(config, {
      baseDir: PROJECT_ROOT,
      environments: ['staging'],
    }).environments;

    const permissions = preflightPermissions('mldeploy', staging, 'eu-west-1');

    // Every action but s3:ListBucket, for S3 folders, which a Lambda model never has (below).
    expect([...new Set(permissions.flatMap((p) => p.actions))].sort()).toEqual(
      PREFLIGHT_ACTIONS.filter((a) => a !== 's3:ListBucket').sort(),
    );
    expect(permissions.find((p) => p.sid === 'ReadModelImages')?.resources).toEqual([
      'arn:{partition}:ecr:eu-west-1:123456789012:repository/iris-triton',
    ]);
    expect(permissions.find((p) => p.sid === 'ReadArtifacts')?.resources).toEqual([
      'arn:{partition}:s3:::ml-registry-123456789012/iris/7/model.tar.gz',
      'arn:{partition}:s3:::team-models/iris/model.onnx',
    ]);
  });

  test('list the bucket of an artifact folder', () => {
    const config = tempConfig((text) =>
      text.replace(
        '      path: models/iris/repository\n',
        '      s3Uri: s3://team-models/iris/repository/\n',
      ),
    );
    const [prod] = loadDeploymentConfig(config, {
      baseDir: PROJECT_ROOT,
      environments: ['prod'],
    }).environments;

    expect(
      preflightPermissions('mldeploy', prod, 'eu-west-1').find((p) => p.sid === 'ListArtifactFolders'),
    ).toEqual({
      sid: 'ListArtifactFolders',
      actions: ['s3:ListBucket'],
      resources: ['arn:{partition}:s3:::team-models'],
    });
  });

  test("read the Triton image in the registry account of the environment's region", () => {
    const [prod] = loadDeploymentConfig(path.join(PROJECT_ROOT, 'config/deployments.yaml'), {
      baseDir: PROJECT_ROOT,
      environments: ['prod'],
    }).environments;

    expect(
      preflightPermissions('mldeploy', prod, 'ap-east-1').find((p) => p.sid === 'ReadModelImages'),
    ).toEqual({
      sid: 'ReadModelImages',
      actions: ['ecr:BatchGetImage'],
      resources: ['arn:{partition}:ecr:{region}:871362719292:repository/sagemaker-tritonserver'],
    });
    // Region unknown at synth: any registry account, the Triton repository only.
    expect(
      preflightPermissions('mldeploy', prod, undefined).find((p) => p.sid === 'ReadModelImages')?.resources,
    ).toEqual(['arn:{partition}:ecr:{region}:*:repository/sagemaker-tritonserver']);
  });
});
