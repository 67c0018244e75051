import * as fs from 'fs';
import * as path from 'path';
import {
  BUILT_IN_BUCKET_DEFAULTS,
  BUILT_IN_OBJECT_LOCK_DEFAULTS,
  BUILT_IN_CAPTURE_BUCKET_DEFAULTS,
  BUILT_IN_MODEL_DEFAULTS,
} from './defaults';
import { ConfigError, ConfigIssue, describeValue, EnvironmentSelectionError, formatPath } from './errors';
import { lambdaArtifactIssues } from './lambda-artifact-check';
import { ConfigPath, isPlainObject, mergeLayers, MergedSettings, originOf, SettingsLayer } from './merge';
import { LMI_REGISTRY, TGI_REGISTRY, TRITON_REGISTRY } from '../constructs/sagemaker/container-image';
import { regionalImageProblem } from '../constructs/sagemaker/regional-image';
import { CheckedSettings, constructRuleViolations } from './construct-rules';
import { scheduleRangeViolations } from './sagemaker-rules';
import type { Settings } from './rule-kit';
import { checkModelRules, endpointName, RuleContext, RuleViolation } from './rules';
import {
  DeploymentConfigFile,
  deploymentConfigSchema,
  ModelSettingsLayer,
  modelSettingsShape,
} from './schema';
import { toConfigIssues } from './schema-issues';
import {
  resolveSharedEndpoints,
  sharedEndpointIssues,
  sharedEndpointMemberViolations,
  sharedEndpointOfModels,
  strayComponentViolation,
} from './shared-endpoints';
import {
  ArtifactSource,
  ModelSettings,
  ResolvedConfig,
  ResolvedEnvironment,
  ResolvedModel,
  Subscriptions,
} from './types';
import { YamlSource } from './yaml-source';

export const DEFAULT_CONFIG_FILE = 'config/deployments.yaml';

export interface LoadOptions {
  /** Directory that artifact paths are relative to. @default process.cwd() */
  readonly baseDir?: string;
  /** Environments to resolve; an empty list is an error that lists them. @default every environment in the file */
  readonly environments?: readonly string[];
}

const BUILT_IN: ConfigPath = ['(built-in default)'];
const SETTINGS_KEYS = Object.keys(modelSettingsShape);

/** Reads, validates and resolves a deployment config file; throws one ConfigError listing every problem. */
export function loadDeploymentConfig(file: string, options: LoadOptions = {}): ResolvedConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [
      { path: [], message: `cannot read the file (${(error as Error).message})` },
    ]);
  }
  return parseDeploymentConfig(text, file, options);
}

/** Validates and resolves config text; `file` is only used in messages. */
export function parseDeploymentConfig(text: string, file: string, options: LoadOptions = {}): ResolvedConfig {
  const source = new YamlSource(text);
  const fail = (issues: ConfigIssue[]): never => {
    const located = dedupe(issues).map((issue) => ({
      ...issue,
      line: issue.line ?? source.lineOf(issue.path),
    }));
    // Top to bottom, as the user reads the file; issues without a line (file-wide) first.
    throw new ConfigError(
      file,
      located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    );
  };
  if (source.syntaxIssues.length > 0) fail(source.syntaxIssues);

  const converted = source.toJS();
  if ('issue' in converted) fail([converted.issue]);
  const data = (converted as { data: unknown }).data;
  const parsed = deploymentConfigSchema.safeParse(data, { reportInput: true });
  const issues = parsed.success
    ? []
    : toConfigIssues(deploymentConfigSchema, parsed.error.issues, (at) => source.sourceOf(at));
  if (!isPlainObject(data)) fail(issues.length ? issues : [{ path: [], message: 'must be a mapping' }]);

  const raw = data as Record<string, unknown>;
  const environmentNames = isPlainObject(raw.environments) ? Object.keys(raw.environments) : [];
  const models = isPlainObject(raw.models) ? raw.models : {};
  const project = typeof raw.project === 'string' ? raw.project : '';
  const baseDir = options.baseDir ?? process.cwd();

  const merged = new Map<string, MergedSettings>();
  const sharedEndpointOf = sharedEndpointOfModels(raw);
  for (const [modelName, model] of Object.entries(models)) {
    if (!isPlainObject(model)) continue;
    issues.push(...unknownEnvironmentOverrides(modelName, model, environmentNames));
    for (const environment of environmentNames) {
      const settings = mergeLayers(layersFor(raw, modelName, model, environment));
      merged.set(`${modelName}/${environment}`, settings);
      const context = { project, environment, model: modelName, target: model.target };
      issues.push(...ruleIssues(settings, context, checkModelRules(settings.value, context)));
      // A model a shared endpoint lists has no endpoint of its own: its component's rules run in sharedEndpointRules.
      if (!sharedEndpointOf.has(modelName)) issues.push(...constructRuleIssues(settings, context, baseDir));
      issues.push(...artifactPathIssues(settings, baseDir));
      issues.push(...sampleRequestPathIssues(settings, baseDir));
      issues.push(...lambdaArtifactIssues(settings, model.target, baseDir));
      issues.push(...baselinePathIssues(settings, baseDir));
      issues.push(
        ...ruleIssues(settings, context, sharedEndpointRules(settings, sharedEndpointOf.get(modelName))),
      );
    }
  }
  issues.push(...sharedEndpointIssues(raw, merged, environmentNames));
  issues.push(...imageRegionIssues(raw, merged));
  issues.push(
    ...nameCollisionIssues(
      project,
      Object.keys(models),
      environmentNames,
      isPlainObject(raw.sharedEndpoints) ? Object.keys(raw.sharedEndpoints) : [],
    ),
  );
  if (issues.length > 0 || !parsed.success) fail(issues);

  const config = parsed.data as DeploymentConfigFile;
  const selected = selectEnvironments(environmentNames, options.environments, file);
  return {
    file,
    project: config.project,
    environmentNames,
    environments: selected.map((name) => resolveEnvironment(config, name, merged, baseDir)),
    pipeline: config.pipeline?.enabled ? config.pipeline : undefined,
  };
}

function selectEnvironments(known: string[], wanted: readonly string[] | undefined, file: string): string[] {
  if (wanted === undefined) return known;
  if (wanted.length === 0) {
    throw new EnvironmentSelectionError(
      `No environment selected (an empty -c env=); name one or more of ${file}'s environments: ${known.join(', ')}`,
    );
  }
  const unknown = wanted.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new EnvironmentSelectionError(
      `Unknown environment ${unknown.map((n) => JSON.stringify(n)).join(', ')}; ${file} defines: ${known.join(', ')}`,
    );
  }
  return known.filter((name) => wanted.includes(name));
}

function layersFor(
  raw: Record<string, unknown>,
  modelName: string,
  model: Record<string, unknown>,
  environment: string,
): SettingsLayer[] {
  const environmentConfig = isPlainObject(raw.environments) ? raw.environments[environment] : undefined;
  const overrides = isPlainObject(model.environments) ? model.environments[environment] : undefined;
  const modelSettings = Object.fromEntries(
    Object.entries(model).filter(([key]) => SETTINGS_KEYS.includes(key)),
  );
  return [
    { path: BUILT_IN, value: BUILT_IN_MODEL_DEFAULTS },
    { path: ['defaults'], value: raw.defaults },
    {
      path: ['environments', environment, 'defaults'],
      value: isPlainObject(environmentConfig) ? environmentConfig.defaults : undefined,
    },
    { path: ['models', modelName], value: modelSettings },
    { path: ['models', modelName, 'environments', environment], value: overrides },
  ];
}

function unknownEnvironmentOverrides(
  modelName: string,
  model: Record<string, unknown>,
  environmentNames: string[],
): ConfigIssue[] {
  if (!isPlainObject(model.environments)) return [];
  return Object.keys(model.environments)
    .filter((name) => !environmentNames.includes(name))
    .map((name) => ({
      path: ['models', modelName, 'environments', name],
      message: `unknown environment; defined environments: ${environmentNames.join(', ')}`,
    }));
}

function ruleIssues(
  settings: MergedSettings,
  context: RuleContext,
  violations: readonly RuleViolation[],
): ConfigIssue[] {
  return violations.map((violation) => {
    const blamed = originOf(settings, [...violation.field]) ?? ['models', context.model, ...violation.field];
    const blamedLayer = formatPath(blamed.slice(0, blamed.length - violation.field.length));
    const setElsewhere = (violation.related ?? []).flatMap((field) => {
      const origin = originOf(settings, [...field]);
      const layer = origin && formatPath(origin.slice(0, origin.length - field.length));
      return origin && layer !== blamedLayer ? [`${field.join('.')} from ${formatPath(origin)}`] : [];
    });
    const notes = setElsewhere.length ? ` [${setElsewhere.join('; ')}]` : '';
    // A value from a shared layer can break one model in one environment only: say which.
    const shared = blamed[0] !== 'models';
    const scope = shared ? ` (model ${context.model}, environment ${context.environment})` : '';
    return { path: blamed, message: `${violation.message}${notes}${scope}` };
  });
}

/** A model on a shared endpoint drops what a component cannot have; any other model must not describe a component. */
function sharedEndpointRules(settings: MergedSettings, group: string | undefined): RuleViolation[] {
  if (group !== undefined) {
    return sharedEndpointMemberViolations(
      settings.value,
      group,
      (field) => originOf(settings, [...field])?.[0] === 'models',
    );
  }
  return [strayComponentViolation(settings)].filter((violation) => violation !== undefined);
}

function artifactPathIssues(settings: MergedSettings, baseDir: string): ConfigIssue[] {
  const artifact = settings.value.artifact;
  if (!isPlainObject(artifact) || typeof artifact.path !== 'string') return [];
  const resolved = path.resolve(baseDir, artifact.path);
  const problem = !fs.existsSync(resolved)
    ? `does not exist (paths are relative to ${baseDir})`
    : isEmptyFolder(resolved)
      ? 'is a folder with no files in it; an artifact folder is published whole, so it must hold the model'
      : undefined;
  if (problem === undefined) return [];
  return [
    {
      path: originOf(settings, ['artifact', 'path']) ?? ['artifact', 'path'],
      message: `${describeValue(artifact.path)} ${problem}`,
    },
  ];
}

function isEmptyFolder(folder: string): boolean {
  if (!fs.statSync(folder).isDirectory()) return false;
  return !fs.readdirSync(folder, { recursive: true, withFileTypes: true }).some((entry) => entry.isFile());
}

/** A local monitoring baseline must hold the two files Model Monitor reads. */
function baselinePathIssues(settings: MergedSettings, baseDir: string): ConfigIssue[] {
  const sagemaker = settings.value.sagemaker;
  const monitoring = isPlainObject(sagemaker) ? sagemaker.monitoring : undefined;
  if (!isPlainObject(monitoring) || typeof monitoring.baselinePath !== 'string') return [];
  const folder = path.resolve(baseDir, monitoring.baselinePath);
  const missing = BASELINE_FILES.filter((file) => !fs.existsSync(path.join(folder, file)));
  if (missing.length === 0) return [];
  return [
    {
      path: originOf(settings, BASELINE_PATH_FIELD) ?? BASELINE_PATH_FIELD,
      message: `${describeValue(monitoring.baselinePath)} must be a folder holding ${BASELINE_FILES.join(' and ')}; missing: ${missing.join(', ')} (paths are relative to ${baseDir})`,
    },
  ];
}

const BASELINE_FILES = ['statistics.json', 'constraints.json'];
const BASELINE_PATH_FIELD = ['sagemaker', 'monitoring', 'baselinePath'];

/** Sample requests (the Lambda pre-traffic hook's, the SageMaker verify step's) must exist. */
function sampleRequestPathIssues(settings: MergedSettings, baseDir: string): ConfigIssue[] {
  return ['lambda', 'sagemaker'].flatMap((section): ConfigIssue[] => {
    const value = settings.value[section];
    if (!isPlainObject(value) || typeof value.sampleRequest !== 'string') return [];
    if (fs.existsSync(path.resolve(baseDir, value.sampleRequest))) return [];
    return [
      {
        path: originOf(settings, [section, 'sampleRequest']) ?? [section, 'sampleRequest'],
        message: `${describeValue(value.sampleRequest)} does not exist (paths are relative to ${baseDir})`,
      },
    ];
  });
}

/**
 * The construct rules (endpoint, scaling, rollout, Lambda), run on the props the app layer would build from
 * these settings. They need well-typed settings: a section that fails the schema is replaced by its built-in
 * default for the run, and problems that involve it are dropped (its schema errors are reported already), so
 * every other problem still shows in the same pass.
 */
function constructRuleIssues(settings: MergedSettings, context: RuleContext, baseDir: string): ConfigIssue[] {
  const invalid = new Set(
    Object.entries(modelSettingsShape)
      .filter(([key, schema]) => !schema.optional().safeParse(settings.value[key]).success)
      .map(([key]) => key),
  );
  // A schedule without the range of its variant passes the schema, but no scaling props can be built from it.
  if (context.target === 'sagemaker' && scheduleRangeViolations(settings.value).length > 0)
    invalid.add('scaling');
  const checked = {
    ...settings.value,
    ...Object.fromEntries(
      [...invalid].map((key) => [key, (BUILT_IN_MODEL_DEFAULTS as unknown as Settings)[key]]),
    ),
  } as unknown as CheckedSettings;
  const name = endpointName(context.project, context.model, context.environment);
  const violations = constructRuleViolations(checked, context, name, {
    isDirectory: artifactIsDirectory(checked.artifact, baseDir),
  }).filter((violation) =>
    [violation.field, ...(violation.related ?? [])].every((field) => !invalid.has(field[0])),
  );
  return ruleIssues(settings, context, violations);
}

function artifactIsDirectory(artifact: unknown, baseDir: string): boolean {
  if (!isPlainObject(artifact)) return false;
  if (typeof artifact.s3Uri === 'string') return artifact.s3Uri.endsWith('/');
  if (typeof artifact.path !== 'string') return false;
  const file = path.resolve(baseDir, artifact.path);
  return fs.existsSync(file) && fs.statSync(file).isDirectory();
}

/** The AWS-published images a config may name, each under its key of `sagemaker.image`. */
const REGIONAL_IMAGES = [
  { key: 'triton', registry: TRITON_REGISTRY },
  { key: 'lmi', registry: LMI_REGISTRY },
  { key: 'tgi', registry: TGI_REGISTRY },
] as const;

/** A region given for an environment must have the AWS-published images (Triton, LMI, TGI) its SageMaker models run. */
function imageRegionIssues(
  raw: Record<string, unknown>,
  merged: ReadonlyMap<string, MergedSettings>,
): ConfigIssue[] {
  const environments = isPlainObject(raw.environments) ? raw.environments : {};
  return Object.entries(environments).flatMap(([environment, config]): ConfigIssue[] => {
    const region = isPlainObject(config) ? config.region : undefined;
    if (typeof region !== 'string') return [];
    return REGIONAL_IMAGES.flatMap(({ key, registry }): ConfigIssue[] => {
      const problem = regionalImageProblem(registry, region);
      if (!problem) return [];
      const users = [...merged.entries()].flatMap(([modelKey, settings]) => {
        const [model, env] = modelKey.split('/');
        const sagemaker = settings.value.sagemaker;
        const artifact = settings.value.artifact;
        const runsImage =
          isPlainObject(sagemaker) && isPlainObject(sagemaker.image) && sagemaker.image[key] !== undefined;
        const target =
          isPlainObject(raw.models) && isPlainObject(raw.models[model])
            ? raw.models[model].target
            : undefined;
        const packaged = isPlainObject(artifact) && artifact.modelPackage !== undefined;
        return env === environment && target === 'sagemaker' && runsImage && !packaged ? [model] : [];
      });
      if (users.length === 0) return [];
      return [
        {
          path: ['environments', environment, 'region'],
          message: `${describeValue(region)} ${problem}; models ${users.join(', ')} run it (sagemaker.image.${key}): give them sagemaker.image.ecrUri with your own copy, or choose another region`,
        },
      ];
    });
  });
}

function dedupe(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${formatPath(issue.path)}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function resolveEnvironment(
  config: DeploymentConfigFile,
  name: string,
  merged: ReadonlyMap<string, MergedSettings>,
  baseDir: string,
): ResolvedEnvironment {
  const environment = config.environments[name];
  return {
    name,
    account: environment.account,
    region: environment.region,
    tags: { ...config.tags, ...environment.tags },
    notifications: {
      critical: subscriptions(environment.notifications?.critical),
      warning: subscriptions(environment.notifications?.warning),
    },
    modelBucket: {
      ...BUILT_IN_BUCKET_DEFAULTS,
      ...environment.modelBucket,
      objectLock: { ...BUILT_IN_OBJECT_LOCK_DEFAULTS, ...environment.modelBucket?.objectLock },
    },
    captureBucket: { ...BUILT_IN_CAPTURE_BUCKET_DEFAULTS, ...environment.captureBucket },
    requiresApproval: environment.requiresApproval ?? false,
    sharedEndpoints: resolveSharedEndpoints(config.sharedEndpoints, name),
    models: Object.entries(config.models).map(([modelName, model]): ResolvedModel => {
      const settings = merged.get(`${modelName}/${name}`)!.value as unknown as ModelSettings & {
        artifact: ArtifactSettings;
      };
      return {
        name: modelName,
        environment: name,
        target: model.target!,
        description: model.description,
        sagemaker: {
          ...settings.sagemaker,
          monitoring: {
            ...settings.sagemaker.monitoring,
            baselinePath:
              settings.sagemaker.monitoring.baselinePath &&
              path.resolve(baseDir, settings.sagemaker.monitoring.baselinePath),
          },
          sampleRequest:
            settings.sagemaker.sampleRequest && path.resolve(baseDir, settings.sagemaker.sampleRequest),
        },
        lambda: {
          ...settings.lambda,
          sampleRequest:
            settings.lambda.sampleRequest && path.resolve(baseDir, settings.lambda.sampleRequest),
        },
        scaling: settings.scaling,
        rollout: settings.rollout,
        customAlarms: settings.customAlarms,
        monitoring: {
          ...settings.monitoring,
          baselinePath:
            settings.monitoring.baselinePath && path.resolve(baseDir, settings.monitoring.baselinePath),
        },
        artifact: resolveArtifact(settings.artifact, baseDir),
        chat: settings.chat,
        guardrail: settings.guardrail,
      };
    }),
  };
}

type ArtifactSettings = NonNullable<ModelSettingsLayer['artifact']>;

function resolveArtifact(artifact: ArtifactSettings, baseDir: string): ArtifactSource {
  if (artifact.path !== undefined) return { kind: 'local', path: path.resolve(baseDir, artifact.path) };
  if (artifact.modelPackage !== undefined) return { kind: 'modelPackage', ...artifact.modelPackage };
  return { kind: 's3', uri: artifact.s3Uri!, sha256: artifact.sha256 };
}

function subscriptions(given: { emails?: string[]; httpsUrls?: string[] } | undefined): Subscriptions {
  return { emails: given?.emails ?? [], httpsUrls: given?.httpsUrls ?? [] };
}

/**
 * Names built from hyphen-joined parts can collide: model `iris` in environment `prod-eu` and model
 * `iris-prod` in environment `eu` both give `<project>-iris-prod-eu`. Two endpoints, alarm sets or stacks
 * with one name would overwrite or refuse each other (SageMaker endpoint and CloudWatch alarm names are
 * unique per account and region; so are CloudFormation stack names), so every such pair is refused.
 */
function nameCollisionIssues(
  project: string,
  models: string[],
  environments: string[],
  sharedEndpoints: string[],
): ConfigIssue[] {
  if (!project) return [];
  // Stack names and endpoint/alarm names live in different services: only names of one kind can collide.
  const owners = { stack: new Map<string, string>(), resource: new Map<string, string>() };
  const issues: ConfigIssue[] = [];
  const claim = (kind: keyof typeof owners, name: string, owner: string, path: ConfigPath) => {
    const first = owners[kind].get(name);
    if (first === undefined) owners[kind].set(name, owner);
    else {
      issues.push({
        path,
        message: `gives ${owner} the name ${JSON.stringify(name)}, which is already ${first}; rename the model or the environment`,
      });
    }
  };
  for (const environment of environments) {
    for (const stack of ['platform', 'dashboard']) {
      claim(
        'stack',
        `${project}-${environment}-${stack}`,
        `the ${stack} stack of environment ${environment}`,
        [],
      );
    }
  }
  for (const model of models) {
    for (const environment of environments) {
      const path = ['models', model];
      const where = `model ${model} in environment ${environment}`;
      claim(
        'resource',
        endpointName(project, model, environment),
        `the endpoint and alarms of ${where}`,
        path,
      );
      claim('stack', `${project}-${environment}-${model}`, `the stack of ${where}`, path);
    }
  }
  // A shared endpoint is named like a model's endpoint and has a stack like a model's.
  for (const group of sharedEndpoints) {
    for (const environment of environments) {
      const path = ['sharedEndpoints', group];
      const where = `shared endpoint ${group} in environment ${environment}`;
      claim('resource', endpointName(project, group, environment), `the endpoint of ${where}`, path);
      claim('stack', `${project}-${environment}-${group}`, `the stack of ${where}`, path);
    }
  }
  return issues;
}
