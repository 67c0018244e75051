import * as fs from 'fs';
import * as path from 'path';
import {
  IPolicyValidationContextBeta1,
  IPolicyValidationPluginBeta1,
  PolicyValidationPluginReportBeta1,
} from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { GUARD_PLUGIN_NAME } from '../constructs/private/guard';

const PACKAGE_DIR = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
/** The AWS Control Tower proactive controls bundled with the plugin, one cfn-guard rule file each. */
const CONTROL_TOWER_RULES_DIR = path.join(PACKAGE_DIR, 'rules', 'control-tower', 'cfn-guard');

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

/**
 * The cfn-guard plugin with the AWS Control Tower proactive controls, run only with the rules that report on a
 * resource type the templates hold, once per set of templates of the same kind. cfn-guard parses every rule file for every template, which makes the full
 * set of 237 rules cost seconds per template whatever it contains; a rule whose resource types are absent can
 * report nothing, so leaving it out changes no result. Findings are reported, and acknowledged, under the
 * plugin's own name.
 */
export class ControlTowerValidator implements IPolicyValidationPluginBeta1 {
  readonly name = GUARD_PLUGIN_NAME;
  readonly version = (
    JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }
  ).version;

  validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    // Templates of the same kind (platform, SageMaker model, Lambda model, dashboard) hold the same resource
    // types: one cfn-guard run per kind, with only the rules that can report on them.
    const groups = new Map<string, { types: Set<string>; templatePaths: string[] }>();
    for (const templatePath of context.templatePaths) {
      const template = JSON.parse(fs.readFileSync(templatePath, 'utf8')) as {
        Resources?: Record<string, { Type: string }>;
      };
      const types = new Set(Object.values(template.Resources ?? {}).map((resource) => resource.Type));
      const key = [...types].sort().join(',');
      const group = groups.get(key) ?? { types, templatePaths: [] };
      group.templatePaths.push(templatePath);
      groups.set(key, group);
    }
    const reports = [...groups.values()].flatMap(({ types, templatePaths }) => {
      const rules = rulesFor(types).map((rule) => rule.file);
      if (rules.length === 0) return [];
      return [
        new CfnGuardValidator({ controlTowerRulesEnabled: false, rules }).validate({
          ...context,
          templatePaths,
        }),
      ];
    });
    return {
      success: reports.every((report) => report.success),
      violations: reports.flatMap((report) => report.violations),
    };
  }
}
