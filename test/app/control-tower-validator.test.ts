import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, IPolicyValidationContextBeta1, PolicyValidationPluginReportBeta1, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { runGuardJobs } from '../../lib/app/control-tower-parallel';
import {
  controlTowerRules,
  ControlTowerValidator,
  rulesFor,
  splitJobs,
} from '../../lib/app/control-tower-validator';

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
  const context = {
    templatePaths: [path.join(assembly.directory, 'Probe.template.json')],
  } as IPolicyValidationContextBeta1;
  const findings = (report: PolicyValidationPluginReportBeta1) =>
    report.violations
      .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.resourceLogicalId}`))
      .sort();

  const selected = findings(new ControlTowerValidator().validate(context));
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

test('split runs keep every template once, in order, with their rules', () => {
  const jobs = [
    { rules: ['a.guard', 'b.guard'], templatePaths: ['1', '2', '3', '4', '5', '6'] },
    { rules: ['c.guard'], templatePaths: ['7'] },
  ];
  const split = splitJobs(jobs, 2);
  expect(split.length).toBeGreaterThan(jobs.length);
  expect(split.flatMap((job) => job.templatePaths)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  expect(split.filter((job) => job.rules.includes('a.guard')).flatMap((job) => job.templatePaths)).toEqual([
    '1',
    '2',
    '3',
    '4',
    '5',
    '6',
  ]);
  expect(splitJobs(jobs, 1)).toEqual(jobs);
});

test('runs on several cores report what one run after the other reports, in the same order', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'control-tower-'));
  const app = new App({ outdir });
  for (const name of ['One', 'Two', 'Three']) {
    const stack = new Stack(app, name);
    new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_WEEK });
    new s3.Bucket(stack, 'Bucket');
  }
  const assembly = app.synth({ validateOnSynthesis: false });
  const templatePaths = ['One', 'Two', 'Three'].map((name) =>
    path.join(assembly.directory, `${name}.template.json`),
  );
  const rules = rulesFor(new Set(['AWS::Logs::LogGroup', 'AWS::S3::Bucket'])).map((rule) => rule.file);
  const jobs = [
    { rules, templatePaths: templatePaths.slice(0, 1) },
    { rules, templatePaths: templatePaths.slice(1) },
  ];

  const parallel = runGuardJobs(jobs, 2);
  const sequential = runGuardJobs(jobs, 1);
  expect(parallel).toEqual(sequential);
  expect(parallel[1].violations.map((v) => v.violatingResources[0].templatePath)).toContain(templatePaths[2]);
  fs.rmSync(outdir, { recursive: true, force: true });
});
