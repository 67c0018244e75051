import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  IPolicyValidationContextBeta1,
  IPolicyValidationPluginBeta1,
  PolicyValidationPluginReportBeta1,
} from 'aws-cdk-lib';
import { GUARD_PLUGIN_NAME } from '../constructs/private/guard';
import { GuardJob, runGuardJobs } from './control-tower-parallel';

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
 * report nothing, so leaving it out changes no result. The runs share the machine's cores (cfn-guard costs
 * milliseconds per resource and rule, which adds up to minutes for hundreds of templates), and their findings
 * come back in the order one run after the other gives. Findings are reported, and acknowledged, under the
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
    const jobs = [...groups.values()].flatMap(({ types, templatePaths }) => {
      const rules = rulesFor(types).map((rule) => rule.file);
      return rules.length === 0 ? [] : [{ rules, templatePaths }];
    });
    const reports = runGuardJobs(splitJobs(jobs, os.availableParallelism()));
    return {
      success: reports.every((report) => report.success),
      violations: reports.flatMap((report) => report.violations),
    };
  }
}

/**
 * Splits the runs so that every core gets about two runs' worth of work (templates × rules), keeping each run's
 * templates in order: the pieces of a run, one after the other, report what the whole run reports. One core
 * keeps the runs whole, since each cfn-guard start costs a tenth of a second.
 */
export function splitJobs(jobs: readonly GuardJob[], parallelism: number): GuardJob[] {
  if (parallelism <= 1) return [...jobs];
  const cost = (job: GuardJob) => job.templatePaths.length * job.rules.length;
  const target = jobs.reduce((sum, job) => sum + cost(job), 0) / (parallelism * 2);
  return jobs.flatMap((job) => {
    const pieces = Math.min(job.templatePaths.length, Math.max(1, Math.round(cost(job) / target)));
    const size = Math.ceil(job.templatePaths.length / pieces);
    return Array.from({ length: Math.ceil(job.templatePaths.length / size) }, (_, i) => ({
      rules: job.rules,
      templatePaths: job.templatePaths.slice(i * size, (i + 1) * size),
    }));
  });
}
