import * as fs from 'fs';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import {
  CloudAssembly,
  CloudFormationStackArtifact,
  UNKNOWN_ACCOUNT,
  UNKNOWN_REGION,
} from 'aws-cdk-lib/cx-api';
import { parse as parseYaml, stringify } from 'yaml';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { parseDeploymentConfig, ResolvedConfig } from '../../lib/config';
import { cdkJsonContext, PROJECT_ROOT } from '../helpers/app';
import { AccessModel } from './access-model';
import { CfnResolver, StackTemplate } from './cfn-resolver';
import { SAMPLE_ENVIRONMENT } from './physical-names';

const CONFIG_FILE = path.join(PROJECT_ROOT, 'config/deployments.yaml');

/** The example config, changed in memory (e.g. to enable the pipeline). */
export function exampleConfig(change: (document: Record<string, any>) => void = () => {}): ResolvedConfig {
  const document = parseYaml(fs.readFileSync(CONFIG_FILE, 'utf8'));
  change(document);
  return parseDeploymentConfig(stringify(document), CONFIG_FILE, { baseDir: PROJECT_ROOT });
}

/**
 * Synthesizes the app of a config as `cdk synth` does (the AwsSolutions checks included), with the
 * construct path of each resource in its metadata, and indexes its templates for evaluation in the
 * sample account and region.
 */
export function synthesizeForAccess(config: ResolvedConfig): AccessModel {
  const app = new App({
    context: { ...cdkJsonContext(), 'aws:cdk:enable-path-metadata': true },
    builtinCloudFormationValidation: false,
  });
  addDeploymentStages(app, config);
  // A pipeline deploys copies of the top-level stages' stacks under the same names: keep one of each.
  const stacks = stacksOf(app.synth()).filter(
    (stack, index, all) => all.findIndex((other) => other.stackName === stack.stackName) === index,
  );
  return new AccessModel(new CfnResolver(stacks, SAMPLE_ENVIRONMENT));
}

/** Every stack of an assembly and of the stages nested in it, the shallowest construct paths first. */
function stacksOf(assembly: CloudAssembly): StackTemplate[] {
  const own = assembly.artifacts
    .filter(
      (artifact): artifact is CloudFormationStackArtifact => artifact instanceof CloudFormationStackArtifact,
    )
    .map((artifact) => ({
      stackName: artifact.stackName,
      path: artifact.hierarchicalId,
      template: artifact.template,
      // An environment-agnostic stack deploys to the sample account and region.
      account: artifact.environment.account === UNKNOWN_ACCOUNT ? undefined : artifact.environment.account,
      region: artifact.environment.region === UNKNOWN_REGION ? undefined : artifact.environment.region,
    }));
  return [...own, ...assembly.nestedAssemblies.flatMap((nested) => stacksOf(nested.nestedAssembly))].sort(
    (a, b) => a.path.split('/').length - b.path.split('/').length,
  );
}
