import { spawnSync } from 'child_process';
import * as path from 'path';
import { PROJECT_ROOT } from '../../helpers/app';

// eslint.config.mjs makes constructs and the app layer report errors one way: ConstructValidationError
// (or PropsValidationError), never a bare Error. ESLint runs as `npm run lint` does, with the
// project's config, on a snippet given the path of a file it would lint.
const ESLINT = path.join(PROJECT_ROOT, 'node_modules/eslint/bin/eslint.js');

interface LintMessage {
  ruleId: string | null;
  message: string;
}

function lint(filePath: string, source: string): LintMessage[] {
  const result = spawnSync(
    process.execPath,
    [ESLINT, '--format', 'json', '--stdin', '--stdin-filename', filePath],
    { cwd: PROJECT_ROOT, input: source, encoding: 'utf8' },
  );
  // Exit code 1 means problems were found; anything else but 0 is ESLint failing to run.
  expect([0, 1]).toContain(result.status);
  return (JSON.parse(result.stdout) as { messages: LintMessage[] }[])[0].messages;
}

const restricted = (messages: LintMessage[]) =>
  messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);

test.each([
  ['lib/constructs/example.ts', "export function check(): void {\n  throw new Error('bad');\n}\n"],
  ['lib/app/example.ts', "export function check(): void {\n  throw Error('bad');\n}\n"],
])('flags a bare Error thrown in %s, pointing to ConstructValidationError', (file, source) => {
  const messages = restricted(lint(file, source));
  expect(messages).toHaveLength(1);
  expect(messages[0]).toContain('ConstructValidationError');
});

test('accepts ConstructValidationError in construct code', () => {
  const source = [
    "import { ConstructValidationError } from './validation';",
    "export function check(): void {\n  throw new ConstructValidationError('bad');\n}",
    '',
  ].join('\n');
  expect(lint('lib/constructs/example.ts', source)).toEqual([]);
});
