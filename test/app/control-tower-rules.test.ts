import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, IPolicyValidationContext, PolicyValidationPluginReport, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import {
  controlMessages,
  controlTowerRules,
  evaluateControlTowerRules,
  guardEngines,
  rulesFor,
} from '../../lib/app/control-tower-rules';

test('every bundled Control Tower rule names the resource types it reports on', () => {
  const rules = controlTowerRules();
  expect(rules.length).toBeGreaterThan(200);
  expect(rules.filter((rule) => rule.reportsOn.length === 0)).toEqual([]);
});

test('only the rules that report on a resource type present are run', () => {
  const names = rulesFor(new Set(['AWS::Logs::LogGroup'])).map((rule) => path.basename(rule.file));
  expect(names).toEqual(['ct-cloudwatch-pr-2.guard', 'ct-cloudwatch-pr-3.guard']);
  expect(rulesFor(new Set(['AWS::CloudWatch::Dashboard']))).toEqual([]);
});

test('reports exactly what the full rule set reports', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'control-tower-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Probe');
  new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_WEEK });
  new s3.Bucket(stack, 'Bucket');
  new sqs.Queue(stack, 'Queue');
  const assembly = app.synth({ validateOnSynthesis: false });
  const context = contextOf([path.join(assembly.directory, 'Probe.template.json')]);
  const findings = (report: PolicyValidationPluginReport) =>
    report.violations
      .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.resourceLogicalId}`))
      .sort();

  const selected = findings(evaluateControlTowerRules(context.stackTemplates));
  expect(selected).toEqual(findings(new CfnGuardValidator().validate(context)));
  expect(selected).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^cloudwatch_log_group_retention_period_check Logs/),
      expect.stringMatching(/^s3_bucket_object_lock_enabled_check Bucket/),
      expect.stringMatching(/^sqs_\w+ Queue/),
    ]),
  );
  fs.rmSync(outdir, { recursive: true, force: true });
});

/** What aws-cdk-lib hands a plugin for these templates, each as the stack of the same name. */
function contextOf(templatePaths: string[]): IPolicyValidationContext {
  return {
    templatePaths,
    stackTemplates: templatePaths.map((templatePath) => ({
      templatePath,
      stackConstructPath: path.basename(templatePath, '.template.json'),
      accountId: undefined,
      region: undefined,
    })),
    appConstruct: new App(),
  };
}

/** Synthesizes one stack per entry (without validation) and returns the template paths, in order. */
function synthesize(stacks: Record<string, (stack: Stack) => void>): {
  outdir: string;
  templatePaths: string[];
} {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'control-tower-'));
  const app = new App({ outdir });
  for (const [name, declare] of Object.entries(stacks)) declare(new Stack(app, name));
  const assembly = app.synth({ validateOnSynthesis: false });
  return {
    outdir,
    templatePaths: Object.keys(stacks).map((name) => path.join(assembly.directory, `${name}.template.json`)),
  };
}

test('each finding names its control, the fix, and the template it was found in', () => {
  const { outdir, templatePaths } = synthesize({
    Quiet: (stack) => new sqs.Queue(stack, 'Queue', { encryption: sqs.QueueEncryption.KMS_MANAGED }),
    Loud: (stack) => new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_WEEK }),
  });
  const report = evaluateControlTowerRules(contextOf(templatePaths).stackTemplates);

  expect(report.success).toBe(false);
  const retention = report.violations.find(
    (v) => v.ruleName === 'cloudwatch_log_group_retention_period_check',
  )!;
  expect(retention.description).toMatch(/^\[CT\.CLOUDWATCH\.PR\.2\]: Require an Amazon CloudWatch log group/);
  expect(retention.fix).toMatch(/RetentionInDays/);
  expect(retention.violatingResources).toEqual([
    expect.objectContaining({
      templatePath: templatePaths[1],
      resourceLogicalId: expect.stringMatching(/^Logs/),
    }),
  ]);
  // The engine's own schema checks are aws-cdk-lib's validation's to report, not the controls'.
  expect(report.violations.map((v) => v.ruleName).filter((name) => /^[EWIF]\d+$/.test(name))).toEqual([]);
  fs.rmSync(outdir, { recursive: true, force: true });
});

test('templates holding nothing any rule selects pass without reaching the engine', () => {
  const { outdir, templatePaths } = synthesize({
    Unchecked: (stack) => new cloudwatch.Dashboard(stack, 'Dashboard'),
  });
  const build = jest.spyOn(guardEngines, 'build');
  const report = evaluateControlTowerRules(contextOf(templatePaths).stackTemplates);
  expect(report).toEqual({ success: true, violations: [] });
  expect(build).not.toHaveBeenCalled();
  fs.rmSync(outdir, { recursive: true, force: true });
  build.mockRestore();
});

test('the engine is built once and grown only when a synth needs a rule it lacks', () => {
  const previous = guardEngines.current;
  guardEngines.current = undefined;
  const build = jest.spyOn(guardEngines, 'build');
  try {
    // Types no stack of this project holds: the tests' engine starts with the rules of those it does.
    const tableRules = rulesFor(new Set(['AWS::DynamoDB::Table'])).map((rule) => rule.file);
    const queueRules = rulesFor(new Set(['AWS::SQS::Queue'])).map((rule) => rule.file);
    const first = guardEngines.for(tableRules);
    expect(guardEngines.for(tableRules.slice(0, 1))).toBe(first);
    const grown = guardEngines.for(queueRules);
    expect(grown).not.toBe(first);
    expect([...grown!.rules]).toEqual(expect.arrayContaining([...tableRules, ...queueRules]));
    expect(guardEngines.for(tableRules)).toBe(grown);
    expect(build).toHaveBeenCalledTimes(2);
    expect(guardEngines.for([])).toBeUndefined();
  } finally {
    build.mockRestore();
    guardEngines.current = previous;
  }
});

test('every rule that reports names its control and its fix', () => {
  const rules = controlTowerRules().map((rule) => rule.file);
  const messages = controlMessages(rules);
  expect(messages.size).toBeGreaterThan(200);
  for (const [name, message] of messages) {
    expect([name, message.description]).toEqual([
      name,
      expect.stringMatching(/^\[CT\.[A-Z0-9-]+\.PR\.\d+\]: \S/),
    ]);
    expect([name, message.fix]).toEqual([name, expect.stringMatching(/\S/)]);
  }
});
