import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import type { DeploymentStagesOptions } from '../../lib/app/deployment-app';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** The feature flags from cdk.json, so tests build the same templates as `cdk synth`. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context;
}

/**
 * How unit suites add the deployment stages: cdk-nag runs, the Control Tower controls' check does not. The check
 * changes no template and costs most of a small app's synth (its engine loads every CloudFormation resource
 * schema); the suites about the controls, the whole example deployment and every file of examples/ run it
 * (`npm run test:e2e`).
 */
export const UNIT_STAGES: DeploymentStagesOptions = { controlTowerChecks: false };

/**
 * An app with cdk.json's feature flags. aws-cdk-lib's built-in CloudFormation template validation
 * costs seconds per test file and changes no template, so it runs only where asked: in the test
 * that synthesizes the whole example app.
 */
export function newApp(options: { validateTemplates?: boolean } = {}): App {
  return new App({
    context: cdkJsonContext(),
    builtinCloudFormationValidation: options.validateTemplates ?? false,
  });
}

export function newStack(id = 'TestStack'): Stack {
  return new Stack(newApp(), id, { env: { account: '111111111111', region: 'eu-west-1' } });
}
