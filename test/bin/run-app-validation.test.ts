import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { CFN_VALIDATION_CONTEXT, contextSwitch, runApp } from '../../bin/run-app';
import { PROJECT_ROOT } from '../helpers/app';

const EXAMPLE = path.join(PROJECT_ROOT, 'config/deployments.yaml');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-app-validation-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Synthesizes one queue whose VisibilityTimeout is text, which the AWS::SQS::Queue schema refuses. */
function runWithBrokenQueue(context: Record<string, string>) {
  let stderr = '';
  const app = new App({
    outdir: fs.mkdtempSync(path.join(dir, 'out-')),
    // As in cdk.json: the built-in validation's findings fail the synth.
    context: { config: EXAMPLE, '@aws-cdk/core:validateAgainstDefaultRules': 'true', ...context },
  });
  const code = runApp(
    app,
    (text) => (stderr += text),
    (scope) => {
      const stack = new Stack(scope, 'Probe');
      new CfnResource(stack, 'Queue', { type: 'AWS::SQS::Queue', properties: { VisibilityTimeout: 'soon' } });
    },
  );
  return { code, stderr };
}

test('the built-in CloudFormation validation runs by default and fails the synth on a schema error', () => {
  const { code, stderr } = runWithBrokenQueue({});
  expect(code).toBe(1);
  expect(stderr).toMatch(/VisibilityTimeout/);
});

test('-c cfnValidation=false skips the built-in CloudFormation validation for that synth alone', () => {
  const before = process.env.CDK_VALIDATION;
  expect(runWithBrokenQueue({ [CFN_VALIDATION_CONTEXT]: 'false' })).toEqual({ code: 0, stderr: '' });
  expect(process.env.CDK_VALIDATION).toBe(before);
});

test('a cfnValidation value other than true or false is refused with the allowed values', () => {
  const withValue = (value?: string | boolean) =>
    contextSwitch(
      new App({ context: value === undefined ? {} : { [CFN_VALIDATION_CONTEXT]: value } }),
      CFN_VALIDATION_CONTEXT,
    );
  expect([withValue(), withValue('true'), withValue(true), withValue('false'), withValue(false)]).toEqual([
    true,
    true,
    true,
    false,
    false,
  ]);
  const { code, stderr } = runWithBrokenQueue({ [CFN_VALIDATION_CONTEXT]: 'off' });
  expect(code).toBe(1);
  expect(stderr).toBe('-c cfnValidation=off: must be true or false\n');
});
