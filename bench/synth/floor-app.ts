/**
 * The floor of a synthesis: rebuilds every template of a synthesized cloud assembly as raw L1 resources
 * (`CfnResource` with its type and properties, and the template's conditions, mappings, parameters, rules and
 * outputs) in a bare app with the same context and the same built-in CloudFormation validation setting, then
 * synthesizes it. No L2 construct, aspect, asset, token or plugin beyond aws-cdk-lib's own runs, so the time is
 * what aws-cdk-lib needs to write and validate that many templates. Prints one JSON line like synth-app.ts.
 * Usage: tsx bench/synth/floor-app.ts ASSEMBLY_DIR OUTDIR on|off
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  App,
  CfnCondition,
  CfnDeletionPolicy,
  CfnMapping,
  CfnOutput,
  CfnParameter,
  CfnResource,
  CfnRule,
  DefaultStackSynthesizer,
  Stack,
  Stage,
} from 'aws-cdk-lib';
import { benchContext } from './bench-context';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface StackTemplate {
  readonly id: string;
  readonly stackName: string;
  readonly template: Json;
}

const [assemblyDir, outdir, validation] = process.argv.slice(2);

/** Every stack template of each nested assembly (one per stage) of a cloud assembly directory. */
function readAssembly(dir: string): Map<string, StackTemplate[]> {
  const stages = new Map<string, StackTemplate[]>();
  const manifest = readJson(path.join(dir, 'manifest.json'));
  for (const artifact of Object.values<Json>(manifest.artifacts)) {
    if (artifact.type !== 'cdk:cloud-assembly') continue;
    const stageDir = path.join(dir, artifact.properties.directoryName);
    const stacks = Object.entries<Json>(readJson(path.join(stageDir, 'manifest.json')).artifacts)
      .filter(([, a]) => a.type === 'aws:cloudformation:stack')
      .map(([id, a]) => ({
        id,
        stackName: a.properties.stackName ?? id,
        template: readJson(path.join(stageDir, a.properties.templateFile)),
      }));
    stages.set(artifact.properties.displayName, stacks);
  }
  return stages;
}

function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
}

/** Declares one template's content in a stack, as L1 elements only. */
function declareTemplate(stack: Stack, template: Json): number {
  stack.templateOptions.description = template.Description;
  for (const [name, mapping] of Object.entries<Json>(template.Mappings ?? {})) {
    new CfnMapping(stack, name, { mapping });
  }
  const conditions = new Map<string, CfnCondition>();
  for (const [name, expression] of Object.entries<Json>(template.Conditions ?? {})) {
    conditions.set(name, new CfnCondition(stack, name, { expression: expression as never }));
  }
  // The default synthesizer adds the bootstrap version parameter and rule itself.
  for (const [name, p] of Object.entries<Json>(template.Parameters ?? {})) {
    if (name === 'BootstrapVersion') continue;
    new CfnParameter(stack, name, {
      type: p.Type,
      default: p.Default,
      description: p.Description,
      allowedValues: p.AllowedValues,
      noEcho: p.NoEcho,
    });
  }
  for (const [name, rule] of Object.entries<Json>(template.Rules ?? {})) {
    if (name === 'CheckBootstrapVersion') continue;
    new CfnRule(stack, name, { ruleCondition: rule.RuleCondition, assertions: rule.Assertions });
  }
  const resources = new Map<string, CfnResource>();
  for (const [logicalId, r] of Object.entries<Json>(template.Resources ?? {})) {
    const resource = new CfnResource(stack, logicalId, { type: r.Type, properties: r.Properties });
    if (r.DeletionPolicy) resource.cfnOptions.deletionPolicy = r.DeletionPolicy as CfnDeletionPolicy;
    if (r.UpdateReplacePolicy)
      resource.cfnOptions.updateReplacePolicy = r.UpdateReplacePolicy as CfnDeletionPolicy;
    if (r.Condition) resource.cfnOptions.condition = conditions.get(r.Condition);
    if (r.Metadata) resource.cfnOptions.metadata = r.Metadata;
    resources.set(logicalId, resource);
  }
  for (const [logicalId, r] of Object.entries<Json>(template.Resources ?? {})) {
    for (const target of [r.DependsOn ?? []].flat() as string[]) {
      resources.get(logicalId)!.addResourceDependency(resources.get(target)!);
    }
  }
  for (const [name, o] of Object.entries<Json>(template.Outputs ?? {})) {
    new CfnOutput(stack, name, {
      value: o.Value,
      description: o.Description,
      exportName: o.Export?.Name,
      condition: o.Condition ? conditions.get(o.Condition) : undefined,
    });
  }
  return resources.size;
}

const stages = readAssembly(assemblyDir);
const started = performance.now();
const app = new App({
  outdir,
  context: benchContext(),
  builtinCloudFormationValidation: validation !== 'off',
});
let resources = 0;
let stacks = 0;
for (const [stageName, templates] of stages) {
  const stage = new Stage(app, stageName);
  for (const { id, stackName, template } of templates) {
    const stack = new Stack(stage, id, {
      stackName,
      synthesizer: new DefaultStackSynthesizer(),
    });
    resources += declareTemplate(stack, template);
    stacks += 1;
  }
}
const built = performance.now();
app.synth();
const done = performance.now();

console.log(
  JSON.stringify({
    stacks,
    resources,
    constructMs: Math.round(built - started),
    synthMs: Math.round(done - built),
    workMs: Math.round(done - started),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
