import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  App,
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  Stack,
  Stage,
  Validations,
} from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { evaluateControlTowerRules } from '../../lib/app/control-tower-rules';
import { ControlTowerThread } from '../../lib/app/control-tower-thread';
import { ControlTowerValidator } from '../../lib/app/control-tower-validator';

const tempApp = (context: Record<string, unknown> = {}) =>
  new App({
    outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'control-tower-')),
    context: { '@aws-cdk/core:validationReportJson': false, ...context },
    builtinCloudFormationValidation: false,
  });

/** A log group kept a week and not encrypted: CT.CLOUDWATCH.PR.2 and PR.3 find it. */
const shortLivedLogs = (stack: Stack, id = 'Logs') =>
  new logs.LogGroup(stack, id, { retention: logs.RetentionDays.ONE_WEEK });

const findings = (report: PolicyValidationPluginReport) =>
  report.violations
    .flatMap((v) =>
      v.violatingResources.map(
        (r) => `${v.ruleName} ${path.basename(r.templatePath!)} ${r.resourceLogicalId}`,
      ),
    )
    .sort();

test('reports, from its thread, what the rules find in this thread', () => {
  const app = tempApp();
  shortLivedLogs(new Stack(app, 'Logs'));
  new s3.Bucket(new Stack(app, 'Bucket'), 'Bucket');
  const assembly = app.synth({ validateOnSynthesis: false });
  const context: IPolicyValidationContext = {
    templatePaths: assembly.stacks.map((s) => s.templateFullPath),
    stackTemplates: assembly.stacks.map((s) => ({
      stackConstructPath: s.hierarchicalId,
      templatePath: s.templateFullPath,
      accountId: undefined,
      region: undefined,
    })),
    appConstruct: app,
  };

  const report = new ControlTowerValidator().validate(context);
  expect(report.success).toBe(false);
  expect(findings(report)).toEqual(findings(evaluateControlTowerRules(context.stackTemplates)));
  expect(findings(report)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^cloudwatch_log_group_retention_period_check Logs\.template\.json Logs/),
      expect.stringMatching(/^s3_bucket_object_lock_enabled_check Bucket\.template\.json Bucket/),
    ]),
  );
});

test('a finding nobody acknowledged fails the synth, even beside acknowledged ones', () => {
  const build = (acknowledgeBoth: boolean) => {
    const app = tempApp();
    const stage = new Stage(app, 'Env');
    Validations.of(stage).addPlugins(new ControlTowerValidator());
    const stack = new Stack(stage, 'Stack');
    const acknowledged = shortLivedLogs(stack, 'Acknowledged');
    const unacknowledged = shortLivedLogs(stack, 'Unacknowledged');
    for (const group of acknowledgeBoth ? [acknowledged, unacknowledged] : [acknowledged]) {
      for (const rule of [
        'cloudwatch_log_group_retention_period_check',
        'cloudwatch_log_group_encrypted_check',
      ]) {
        Validations.of(group).acknowledge({ id: `cdk-validator-cfnguard::${rule}`, reason: 'a test' });
      }
    }
    return () => app.synth();
  };
  expect(build(false)).toThrow(/Unacknowledged/);
  expect(build(true)).not.toThrow();
});

describe('checking stages as they are written', () => {
  /** An app with two checked stages and a stack of its own, each with a finding; the plugin on the app. */
  function appWithStages() {
    const app = tempApp();
    const checked = ['Dev', 'Prod'].map((name) => new Stage(app, name));
    for (const stage of checked) shortLivedLogs(new Stack(stage, 'Model'));
    shortLivedLogs(new Stack(app, 'Pipeline'));
    const thread = new ControlTowerThread();
    const evaluate = jest.spyOn(thread, 'evaluate');
    // A plugin that runs before the controls' one, as aws-cdk-lib's own validation does.
    let evaluationsBeforeValidation = -1;
    const earlier: IPolicyValidationPlugin = {
      name: 'earlier',
      validate: () => {
        evaluationsBeforeValidation = evaluate.mock.calls.length;
        return { success: true, violations: [] };
      },
    };
    const validator = new ControlTowerValidator(thread);
    validator.checkAsWritten(checked);
    Validations.of(app).addPlugins(earlier, validator);
    return { app, evaluate, before: () => evaluationsBeforeValidation };
  }

  test('each stage is handed to the thread once, when it is written, and only the stages are checked', () => {
    const { app, evaluate, before } = appWithStages();
    let message = '';
    try {
      app.synth();
    } catch (error) {
      message = (error as Error).message;
    }

    expect(before()).toBe(2);
    expect(evaluate).toHaveBeenCalledTimes(2);
    expect(evaluate.mock.calls.map(([stacks]) => stacks.map((s) => s.stackConstructPath))).toEqual([
      ['Dev/Model'],
      ['Prod/Model'],
    ]);
    expect(message).toMatch(/cloudwatch_log_group_retention_period_check/);
    expect(message).toMatch(/Dev\/Model\/Logs/);
    expect(message).toMatch(/Prod\/Model\/Logs/);
    expect(message).not.toMatch(/Pipeline\/Logs/);
  });

  test('a second validator on the same stages checks them when it validates', () => {
    const { app, evaluate } = appWithStages();
    const stages = app.node.children.filter((c): c is Stage => c instanceof Stage);
    const second = new ControlTowerValidator();
    second.checkAsWritten(stages);
    Validations.of(app).addPlugins(second);
    expect(() => app.synth()).toThrow(/Dev\/Model\/Logs/);
    expect(evaluate).toHaveBeenCalledTimes(2);
  });
});
