import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** The feature flags from cdk.json, so tests build the same templates as `cdk synth`. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context;
}

export function newApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { ...cdkJsonContext(), ...context } });
}

export function newStack(id = 'TestStack'): Stack {
  return new Stack(newApp(), id, { env: { account: '111111111111', region: 'eu-west-1' } });
}
