import { spawnSync } from 'child_process';
import * as path from 'path';
import { PROJECT_ROOT } from './app';

const ESLINT = path.join(PROJECT_ROOT, 'node_modules/eslint');

export interface LintMessage {
  readonly ruleId: string | null;
  readonly message: string;
}

/** Source code given the path of a file ESLint would lint, so the project's per-folder rules apply to it. */
export interface Snippet {
  readonly filePath: string;
  readonly source: string;
}

/**
 * ESLint's messages for each snippet, as `npm run lint` reports them with the project's eslint.config.mjs. One
 * child process lints them all (the config is an ES module, which jest's CommonJS runtime cannot load): starting
 * ESLint with the typed config costs seconds, linting a snippet milliseconds.
 */
export function lintSnippets(snippets: readonly Snippet[]): LintMessage[][] {
  const script = `
    const { ESLint } = require(${JSON.stringify(ESLINT)});
    const snippets = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    const eslint = new ESLint({ cwd: ${JSON.stringify(PROJECT_ROOT)} });
    Promise.all(snippets.map(({ source, filePath }) => eslint.lintText(source, { filePath }))).then((results) =>
      process.stdout.write(JSON.stringify(results.map(([result]) => result.messages))),
    );
  `;
  const result = spawnSync(process.execPath, ['-e', script], {
    cwd: PROJECT_ROOT,
    input: JSON.stringify(snippets),
    encoding: 'utf8',
  });
  if (result.status !== 0 || result.stderr !== '') throw new Error(`ESLint failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as LintMessage[][];
}
