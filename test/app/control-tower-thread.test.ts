import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PolicyValidationStack } from 'aws-cdk-lib';
import { ControlTowerThread, controlTowerThread } from '../../lib/app/control-tower-thread';
import { PROJECT_ROOT } from '../helpers/app';

/** Writes a template holding these resources and returns it as the stack of its name. */
function template(dir: string, name: string, resources: Record<string, unknown>): PolicyValidationStack {
  const templatePath = path.join(dir, `${name}.template.json`);
  fs.writeFileSync(templatePath, JSON.stringify({ Resources: resources }));
  return { stackConstructPath: name, templatePath, accountId: undefined, region: undefined };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'control-tower-thread-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const plainBucket = { Bucket: { Type: 'AWS::S3::Bucket', Properties: {} } };
const alarmWithoutAction = {
  Alarm: {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Period: 60,
      Statistic: 'Sum',
      Threshold: 1,
    },
  },
};

test('answers each job, whatever order they are asked for in', () => {
  const buckets = controlTowerThread.evaluate([template(dir, 'Buckets', plainBucket)]);
  const alarms = controlTowerThread.evaluate([template(dir, 'Alarms', alarmWithoutAction)]);

  const alarmRules = controlTowerThread.answer(alarms).violations.map((v) => v.ruleName);
  const bucketRules = controlTowerThread.answer(buckets).violations.map((v) => v.ruleName);
  expect(alarmRules).toEqual(['cloudwatch_alarm_action_check']);
  expect(bucketRules).toEqual(expect.arrayContaining(['s3_bucket_object_lock_enabled_check']));
  expect(bucketRules).not.toContain('cloudwatch_alarm_action_check');
});

test('a job the thread cannot do fails with its reason, and the thread goes on', () => {
  const missing = path.join(dir, 'Missing.template.json');
  const failed = controlTowerThread.evaluate([
    { stackConstructPath: 'Missing', templatePath: missing, accountId: undefined, region: undefined },
  ]);
  expect(() => controlTowerThread.answer(failed)).toThrow(/the Control Tower controls failed: .*ENOENT/s);

  const next = controlTowerThread.evaluate([template(dir, 'Next', alarmWithoutAction)]);
  expect(controlTowerThread.answer(next).success).toBe(false);
});

test('a thread that cannot start fails every job with the reason, instead of leaving the synth waiting', () => {
  const broken = new ControlTowerThread(path.join(dir, 'no-such-entry.js'));
  const first = broken.evaluate([template(dir, 'First', plainBucket)]);
  const second = broken.evaluate([template(dir, 'Second', plainBucket)]);
  expect(() => broken.answer(second)).toThrow(/the Control Tower controls failed: .*Cannot find module/s);
  expect(() => broken.answer(first)).toThrow(/Cannot find module/);
});

test('the thread does not keep the process alive', () => {
  // A process that starts the thread, gives it work and never asks for the answer exits on its own.
  const script = [
    "const { controlTowerThread } = require('./lib/app/control-tower-thread');",
    'controlTowerThread.prepare([]);',
    'controlTowerThread.evaluate([]);',
  ].join('\n');
  const started = Date.now();
  execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: PROJECT_ROOT, timeout: 60_000 });
  expect(Date.now() - started).toBeLessThan(60_000);
});
