import * as fs from 'fs';
import * as path from 'path';

/** The context of cdk.json (feature flags included), which `cdk synth` gives the app. */
export function benchContext(): Record<string, unknown> {
  const root = path.resolve(__dirname, '..', '..');
  return (
    JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }
  ).context;
}
