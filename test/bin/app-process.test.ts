import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/app';

// bin/app.ts as `cdk synth` runs it: a process of its own (test:e2e: it compiles and loads the whole app).
let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-process-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('`cdk synth` runs bin/app.ts: a config mistake exits 1 with the message alone', () => {
  const file = path.join(dir, 'billion-laughs.yaml');
  fs.writeFileSync(
    file,
    'project: acme\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n' +
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
  );
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'bin/app.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ config: file }) },
    encoding: 'utf8',
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/\(root\): YAML aliases expand to more than 100 nodes.*\(line 3\)/);
  // The message alone, no stack trace.
  expect(result.stderr).not.toMatch(/^ {4}at /m);
});
