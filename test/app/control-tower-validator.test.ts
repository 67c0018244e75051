import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, IPolicyValidationContextBeta1, PolicyValidationPluginReportBeta1, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { controlTowerRules, ControlTowerValidator, rulesFor } from '../../lib/app/control-tower-validator';

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
