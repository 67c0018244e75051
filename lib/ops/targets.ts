import * as fs from 'node:fs';
import * as path from 'node:path';
import { EnvironmentSelectionError, loadDeploymentConfig, ResolvedConfig, ResolvedModel } from '../config';
import type { ResolvedSharedEndpoint } from '../config/types';
import { UsageError } from './errors';

/** One model in one environment, and where it is deployed. */
export interface ModelTarget {
  readonly project: string;
  readonly environment: string;
  /** The environment's region; undefined uses the SDK's default chain. */
  readonly region?: string;
  readonly model: ResolvedModel;
  /** The shared endpoint serving the model as an inference component, if one lists it. */
  readonly sharedEndpoint?: ResolvedSharedEndpoint;
  /** CloudFormation stack `<project>-<env>-<model>`, or the shared endpoint's `<project>-<env>-<name>`. */
  readonly stackName: string;
}

interface TargetSelection {
  /** Path of the config file as given, relative to `cwd` unless absolute. */
  readonly config: string;
  readonly cwd: string;
  /** Environments to include; every environment of the file when absent. */
  readonly environments?: readonly string[];
  /** One model; every model when absent. */
  readonly model?: string;
}

/** A file as the user should see it: relative to `cwd` when inside it, absolute otherwise. */
export function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative)
    ? relative
    : path.resolve(cwd, file);
}

/** CloudFormation stack of a model: `<project>-<env>-<model>`. */
export function stackNameOf(project: string, environment: string, model: string): string {
  return `${project}-${environment}-${model}`;
}

/** Loads the config (validating it in full) with the config's paths relative to `cwd`. */
export function loadConfig(file: string, cwd: string, environments?: readonly string[]): ResolvedConfig {
  const resolved = path.resolve(cwd, file);
  if (!fs.existsSync(resolved)) {
    throw new UsageError(`--config ${file} does not exist (paths are relative to ${cwd})`);
  }
  try {
    return loadDeploymentConfig(resolved, { baseDir: cwd, environments });
  } catch (error) {
    if (error instanceof EnvironmentSelectionError) throw new UsageError(`--env: ${error.message}`);
    throw error;
  }
}

/** The models to work on, environment by environment, in the order of the file. */
export function selectTargets(selection: TargetSelection): ModelTarget[] {
  const config = loadConfig(selection.config, selection.cwd, selection.environments);
  const targets = config.environments.flatMap((environment) =>
    environment.models
      .filter((model) => selection.model === undefined || model.name === selection.model)
      .map((model) => {
        const sharedEndpoint = environment.sharedEndpoints.find((group) => group.models.includes(model.name));
        return {
          project: config.project,
          environment: environment.name,
          region: environment.region,
          model,
          sharedEndpoint,
          stackName: stackNameOf(config.project, environment.name, sharedEndpoint?.name ?? model.name),
        };
      }),
  );
  if (selection.model !== undefined && targets.length === 0) {
    const models = config.environments[0]?.models.map((m) => m.name) ?? [];
    throw new UsageError(
      `--model ${selection.model} is not defined in ${selection.config}; models: ${models.join(', ')}`,
    );
  }
  return targets;
}
