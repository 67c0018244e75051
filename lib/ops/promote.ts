import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { getYamlValue, setYamlValue, YamlPath } from './config-edit';
import { writeValidatedConfig } from './config-write';
import { MODEL_PACKAGE_ARN_PATTERN, MODEL_PACKAGE_GROUP_NAME_PATTERN } from '../constructs/private/patterns';
import { requireRegions } from './aws-environment';
import { OpsContext } from './context';
import { EXIT, OpsFailure, UsageError } from './errors';
import { ApprovedPackage, findApprovedPackage } from './model-registry';
import { writeJson } from './output';
import { displayPath, loadConfig } from './targets';

interface PromoteOptions {
  readonly config: string;
  readonly env: string;
  readonly model: string;
  /** Model Package Group to take the latest approved package from. */
  readonly fromGroup: string;
  /** A specific package of the group instead of the latest approved one. */
  readonly packageArn?: string;
}

/** Where an artifact came from: the most specific layer of the config that sets one. */
interface ArtifactLayer {
  readonly path: YamlPath;
  readonly value: unknown;
}

/**
 * `mldeploy promote`: point one SageMaker model in one environment at an approved Model Registry package
 * by editing the config file (a change to review and commit; the next deploy serves it).
 */
export async function promote(ctx: OpsContext, options: PromoteOptions): Promise<number> {
  const { model: modelName, env } = options;
  checkPackageOptions(options);
  const config = loadConfig(options.config, ctx.cwd, [env]);
  const model = config.environments[0].models.find((m) => m.name === modelName);
  if (!model) {
    const known = config.environments[0].models.map((m) => m.name).join(', ');
    throw new UsageError(`--model ${modelName} is not defined in ${options.config}; models: ${known}`);
  }
  if (model.target !== 'sagemaker') {
    throw new OpsFailure(
      `model ${modelName} is served by ${model.target}; only models with target: sagemaker can serve a Model Registry package`,
    );
  }

  const group = config.environments[0].sharedEndpoints.find((shared) => shared.models.includes(modelName));
  if (group) {
    throw new OpsFailure(
      `model ${modelName} is an inference component of shared endpoint ${group.name}, which serves an artifact and an image, not a Model Registry package; set its artifact.s3Uri to the package's ModelDataUrl and sagemaker.image.ecrUri to its image`,
    );
  }

  await requireRegions(ctx, [{ environment: env, region: config.environments[0].region }], options.config);
  const pkg = await findApprovedPackage(ctx, {
    region: config.environments[0].region,
    group: options.fromGroup,
    packageArn: options.packageArn,
  });
  const file = path.resolve(ctx.cwd, options.config);
  const shown = displayPath(ctx.cwd, file);
  const field: YamlPath = ['models', modelName, 'environments', env, 'artifact'];
  const next = { modelPackage: { arn: pkg.arn, modelDataUri: pkg.modelDataUri, image: pkg.image } };
  const original = fs.readFileSync(file, 'utf8');
  const previous = currentArtifact(original, modelName, env);
  const changed = !(
    previous &&
    isDeepStrictEqual(previous.path, field) &&
    isDeepStrictEqual(previous.value, next)
  );

  if (changed) {
    writeValidatedConfig(file, shown, original, setYamlValue(original, field, next), () =>
      loadConfig(options.config, ctx.cwd, [env]),
    );
  }

  if (ctx.json) {
    writeJson(ctx.stdout, {
      file: shown,
      field: field.join('.'),
      changed,
      package: pkg,
      old: previous ? { field: previous.path.join('.'), value: previous.value } : null,
      new: next,
    });
  } else {
    ctx.stdout.write(describeChange({ pkg, shown, field, previous, next, changed, env, modelName }));
  }
  return EXIT.ok;
}

/**
 * `--from-group` (a group name or its ARN) and `--package-arn` checked with the config's own patterns, before any
 * AWS call: what promote writes must load again.
 */
function checkPackageOptions(options: PromoteOptions): void {
  const { fromGroup, packageArn } = options;
  const groupName = fromGroup.includes(':model-package-group/')
    ? fromGroup.slice(fromGroup.indexOf(':model-package-group/') + ':model-package-group/'.length)
    : fromGroup;
  // 1–63 characters ("CreateModelPackageGroup", ModelPackageGroupName, Amazon SageMaker API Reference).
  if (!MODEL_PACKAGE_GROUP_NAME_PATTERN.test(groupName)) {
    throw new UsageError(
      `--from-group ${JSON.stringify(fromGroup)} is not a Model Package Group name: use 1 to 63 letters, ` +
        'digits and hyphens (or the group ARN, …:model-package-group/NAME)',
    );
  }
  if (packageArn !== undefined && !MODEL_PACKAGE_ARN_PATTERN.test(packageArn)) {
    throw new UsageError(
      `--package-arn ${JSON.stringify(packageArn)} is not a versioned model package ARN; expected ` +
        'arn:aws:sagemaker:REGION:ACCOUNT:model-package/GROUP/VERSION, e.g. ' +
        'arn:aws:sagemaker:eu-west-1:123456789012:model-package/iris/3',
    );
  }
}

/** The artifact in effect: a layer that sets `artifact` replaces it whole, so the most specific one wins. */
function currentArtifact(text: string, model: string, env: string): ArtifactLayer | undefined {
  const layers: YamlPath[] = [
    ['models', model, 'environments', env, 'artifact'],
    ['models', model, 'artifact'],
    ['environments', env, 'defaults', 'artifact'],
    ['defaults', 'artifact'],
  ];
  for (const layer of layers) {
    const value = getYamlValue(text, layer);
    if (value !== undefined && value !== null) return { path: layer, value };
  }
  return undefined;
}

interface Change {
  readonly pkg: ApprovedPackage;
  readonly shown: string;
  readonly field: YamlPath;
  readonly previous?: ArtifactLayer;
  readonly next: unknown;
  readonly changed: boolean;
  readonly env: string;
  readonly modelName: string;
}

function describeChange(change: Change): string {
  const { pkg, field } = change;
  const version = pkg.version === undefined ? '' : `, version ${pkg.version}`;
  const heading = `model package ${pkg.arn} (group ${pkg.group ?? '?'}${version}, Approved)`;
  if (!change.changed) {
    return `${heading} is already ${change.modelName}'s artifact in ${change.env}: ${change.shown} unchanged\n`;
  }
  const inherited =
    change.previous && !isDeepStrictEqual(change.previous.path, field)
      ? `   (in effect from ${change.previous.path.join('.')})`
      : '';
  const old = change.previous ? flatten(change.previous.value) : ['(none)'];
  return [
    `promoted ${heading} to ${change.modelName} in ${change.env}`,
    `${change.shown}: ${field.join('.')}`,
    ...old.map((line, i) => `  - ${line}${i === 0 ? inherited : ''}`),
    ...flatten(change.next).map((line) => `  + ${line}`),
    `next: review and commit the change (git diff ${change.shown}), then deploy it: npx cdk deploy '${change.env}/${change.modelName}'`,
    '',
  ].join('\n');
}

/** `{modelPackage: {arn: x}}` → [`modelPackage.arn: x`] */
function flatten(value: unknown, prefix = ''): string[] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, inner]) => flatten(inner, prefix ? `${prefix}.${key}` : key));
  }
  return [`${prefix}: ${typeof value === 'string' ? value : JSON.stringify(value)}`];
}
