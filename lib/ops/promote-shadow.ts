import * as fs from 'node:fs';
import * as path from 'node:path';
import { setYamlValue, YamlPath } from './config-edit';
import { writeValidatedConfig } from './config-write';
import { OpsContext } from './context';
import { EXIT, OpsFailure, UsageError } from './errors';
import { writeJson } from './output';
import { displayPath, loadConfig } from './targets';

interface PromoteShadowOptions {
  readonly config: string;
  readonly env: string;
  readonly model: string;
}

/**
 * `mldeploy promote --shadow`: make a model's shadow challenger its production model in one environment, as a config
 * edit to review and commit. The environment's layer of the model gets the challenger's data as its artifact
 * (`artifact.s3Uri`), the shadow's instance type when it has its own, and `sagemaker.shadow.enabled: false`; the next
 * deploy replaces the endpoint config (a blue/green deployment with the model's rollout and rollback alarms).
 */
export async function promoteShadow(ctx: OpsContext, options: PromoteShadowOptions): Promise<number> {
  const { model: modelName, env } = options;
  const config = loadConfig(options.config, ctx.cwd, [env]);
  const model = config.environments[0].models.find((m) => m.name === modelName);
  if (!model) {
    const known = config.environments[0].models.map((m) => m.name).join(', ');
    throw new UsageError(`--model ${modelName} is not defined in ${options.config}; models: ${known}`);
  }
  const shadow = model.target === 'sagemaker' ? model.sagemaker.shadow : undefined;
  if (!shadow?.enabled || shadow.s3Uri === undefined) {
    throw new OpsFailure(
      `model ${modelName} runs no shadow variant in ${env}; promote --shadow needs sagemaker.shadow.enabled with an s3Uri`,
    );
  }
  const layer: YamlPath = ['models', modelName, 'environments', env];
  const edits: [YamlPath, unknown][] = [
    [[...layer, 'artifact'], { s3Uri: shadow.s3Uri }],
    ...(shadow.instanceType && shadow.instanceType !== model.sagemaker.instanceType
      ? [[[...layer, 'sagemaker', 'instanceType'], shadow.instanceType] as [YamlPath, unknown]]
      : []),
    [[...layer, 'sagemaker', 'shadow', 'enabled'], false],
  ];
  const file = path.resolve(ctx.cwd, options.config);
  const shown = displayPath(ctx.cwd, file);
  const original = fs.readFileSync(file, 'utf8');
  writeValidatedConfig(
    file,
    shown,
    original,
    edits.reduce((text, [field, value]) => setYamlValue(text, field, value), original),
    () => loadConfig(options.config, ctx.cwd, [env]),
  );

  if (ctx.json) {
    writeJson(ctx.stdout, {
      file: shown,
      changes: edits.map(([field, value]) => ({ field: field.join('.'), value })),
    });
  } else {
    ctx.stdout.write(
      [
        `promoted the shadow of ${modelName} in ${env} (${shadow.s3Uri}) to production`,
        ...edits.map(([field, value]) => `${shown}: ${field.join('.')} = ${JSON.stringify(value)}`),
        `next: review and commit the change (git diff ${shown}), then deploy it: npx cdk deploy '${env}/${modelName}'`,
        '',
      ].join('\n'),
    );
  }
  return EXIT.ok;
}
