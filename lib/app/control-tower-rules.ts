import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CloudFormationValidatePlugin,
  IPolicyValidationContext,
  PolicyValidationPluginReport,
  PolicyValidationStack,
  PolicyViolatingResource,
  PolicyViolation,
} from 'aws-cdk-lib';

const PACKAGE_DIR = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
/** The AWS Control Tower proactive controls bundled with the plugin, one cfn-guard rule file each. */
const CONTROL_TOWER_RULES_DIR = path.join(PACKAGE_DIR, 'rules', 'control-tower', 'cfn-guard');
export const RULES_VERSION = (
  JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }
).version;
const DOCUMENTATION_URL =
  'https://docs.aws.amazon.com/controltower/latest/controlreference/proactive-controls.html';

interface ControlTowerRule {
  readonly file: string;
  /** The resource types the rule reports on, from its "Reports on:" header. */
  readonly reportsOn: readonly string[];
}

/**
 * Every bundled rule with the resource types it reports on. A rule whose header names no type is kept for
 * every template, so that a header this parser does not understand can only cost time, never a check.
 */
export function controlTowerRules(dir = CONTROL_TOWER_RULES_DIR): ControlTowerRule[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.guard'))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const header = /^# Reports on:\n((?:#[^\n]*\n)+?)#\s*\n/m.exec(text)?.[1] ?? '';
      return { file: path.join(dir, file), reportsOn: header.match(/AWS::\w+::\w+/g) ?? [] };
    });
}

/** The rules that can report on at least one resource of the given types. */
export function rulesFor(types: ReadonlySet<string>, rules = controlTowerRules()): ControlTowerRule[] {
  return rules.filter((rule) => rule.reportsOn.length === 0 || rule.reportsOn.some((t) => types.has(t)));
}

/** What a rule file says of the control it checks: `[CT.…]: what it requires` and `[FIX]: how to meet it`. */
interface ControlMessage {
  readonly description: string;
  readonly fix?: string;
}

/**
 * The control each rule of the files checks, by rule name, from the message of its first block
 * (`rule name when … { … << [CT.X.PR.n]: … [FIX]: … >> }`). Rules without a message are helpers that report
 * nothing themselves.
 */
export function controlMessages(ruleFiles: readonly string[]): Map<string, ControlMessage> {
  const messages = new Map<string, ControlMessage>();
  for (const file of ruleFiles) {
    const text = fs.readFileSync(file, 'utf8');
    for (const [, name, body] of text.matchAll(/^rule\s+(\w+)\s+when\b[\s\S]*?<<([\s\S]*?)>>/gm)) {
      if (messages.has(name)) continue;
      const lines = body
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.length > 0);
      const fix = lines.find((line) => line.startsWith('[FIX]:'));
      messages.set(name, {
        description: lines.filter((line) => line !== fix).join(' '),
        fix: fix?.replace(/^\[FIX\]:\s*/, ''),
      });
    }
  }
  return messages;
}

/**
 * Evaluates the AWS Control Tower proactive controls over a set of templates with the cfn-guard engine that
 * aws-cdk-lib's own template validation embeds (`CloudFormationValidatePlugin` with the rule files as `guardRules`),
 * in the calling thread. Findings are reported under the name of the package that bundles the rules.
 *
 * The engine is built once per thread: it loads every CloudFormation resource schema and parses the rules, seconds
 * that would otherwise be paid on each evaluation. It is built with the rules that report on a resource type the
 * templates hold (a rule costs time on every template, whether or not it finds its type), and rebuilt only when a
 * later evaluation needs a rule it lacks. Each template is handed to it holding only the resources of types some
 * rule selects: every bundled rule looks at one resource at a time (`Resources.*[ Type == … ]`), so the others
 * cannot change a finding and would only cost the engine time.
 */
export function evaluateControlTowerRules(
  stackTemplates: readonly PolicyValidationStack[],
): PolicyValidationPluginReport {
  const templates = stackTemplates.map((stack) => ({
    stack,
    template: JSON.parse(fs.readFileSync(stack.templatePath, 'utf8')) as CloudFormationTemplate,
  }));
  const types = new Set(
    templates.flatMap(({ template }) => Object.values(template.Resources ?? {}).map((r) => r.Type)),
  );
  const engine = guardEngines.for(rulesFor(types).map((rule) => rule.file));
  if (engine === undefined) return { success: true, violations: [] };

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-deploy-control-tower-'));
  try {
    const originals = new Map<string, string>();
    const selected = templates.flatMap(({ stack, template }, index) => {
      const resources = Object.entries(template.Resources ?? {}).filter(([, r]) =>
        engine.selects.has(r.Type),
      );
      if (resources.length === 0) return [];
      const scratchPath = path.join(scratch, `${index}.template.json`);
      fs.writeFileSync(scratchPath, JSON.stringify({ Resources: Object.fromEntries(resources) }));
      originals.set(scratchPath, stack.templatePath);
      return [{ ...stack, templatePath: scratchPath }];
    });
    if (selected.length === 0) return { success: true, violations: [] };
    const report = engine.plugin.validate({
      templatePaths: selected.map((s) => s.templatePath),
      stackTemplates: selected,
      // The engine reads the templates alone; the construct tree stays in the thread that built it.
      appConstruct: undefined as unknown as IPolicyValidationContext['appConstruct'],
    });
    const violations = report.violations.flatMap((violation): PolicyViolation[] => {
      // The engine also checks each template against the resource schemas; aws-cdk-lib's own validation
      // reports those, so only the controls' findings are kept.
      const control = engine.controls.get(violation.ruleName);
      if (control === undefined) return [];
      return [
        {
          ruleName: violation.ruleName,
          // Said outright: once an acknowledgement removes part of a report, aws-cdk-lib decides whether the
          // synth fails from the severities of what is left, and a finding without one would pass.
          severity: 'error',
          description: control.description,
          fix: control.fix,
          ruleMetadata: { DocumentationUrl: DOCUMENTATION_URL },
          violatingResources: violation.violatingResources.map((resource) => ({
            ...resource,
            templatePath:
              (resource.templatePath && originals.get(resource.templatePath)) ?? resource.templatePath,
          })),
        },
      ];
    });
    return { success: violations.length === 0, violations: mergeByRule(violations) };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

interface CloudFormationTemplate {
  readonly Resources?: Record<string, { readonly Type: string }>;
}

/**
 * The engine splits a rule's findings by the detail of what failed, a resource once per detail; a report lists
 * each control once, with every resource that fails it once, as the cfn-guard plugin did.
 */
export function mergeByRule(violations: readonly PolicyViolation[]): PolicyViolation[] {
  const byRule = new Map<
    string,
    { violation: PolicyViolation; resources: Map<string, PolicyViolatingResource> }
  >();
  for (const violation of violations) {
    const entry = byRule.get(violation.ruleName) ?? { violation, resources: new Map() };
    byRule.set(violation.ruleName, entry);
    for (const resource of violation.violatingResources) {
      const key = `${resource.templatePath}\0${resource.resourceLogicalId ?? resource.constructPath}`;
      const known = entry.resources.get(key);
      entry.resources.set(
        key,
        known === undefined
          ? resource
          : { ...known, locations: [...new Set([...known.locations, ...resource.locations])] },
      );
    }
  }
  return [...byRule.values()].map(({ violation, resources }) => ({
    ...violation,
    violatingResources: [...resources.values()],
  }));
}

/** An engine with a set of rule files, and what it needs from a template. */
export interface GuardEngine {
  readonly rules: ReadonlySet<string>;
  readonly plugin: CloudFormationValidatePlugin;
  /** The resource types any of its rules selects: the rest of a template is left out. */
  readonly selects: ReadonlySet<string>;
  readonly controls: ReadonlyMap<string, ControlMessage>;
}

/** Builds an engine for a set of rule files. */
export function buildGuardEngine(ruleFiles: readonly string[]): GuardEngine {
  const contents = ruleFiles.map((file) => ({
    name: path.basename(file),
    content: fs.readFileSync(file, 'utf8'),
  }));
  return {
    rules: new Set(ruleFiles),
    plugin: new CloudFormationValidatePlugin({ includeDefaultRules: false, guardRules: contents }),
    selects: new Set(contents.flatMap(({ content }) => content.match(/AWS::\w+::\w+/g) ?? [])),
    controls: controlMessages(ruleFiles),
  };
}

/** The process's engine: kept while it has every rule asked for, rebuilt with the union of both sets otherwise. */
export const guardEngines = {
  current: undefined as GuardEngine | undefined,
  build: buildGuardEngine,
  for(ruleFiles: readonly string[]): GuardEngine | undefined {
    if (ruleFiles.length === 0) return undefined;
    const current = this.current;
    if (current !== undefined && ruleFiles.every((file) => current.rules.has(file))) return current;
    this.current = this.build([...new Set([...(current?.rules ?? []), ...ruleFiles])].sort());
    return this.current;
  },
};
