import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { ConfigError, parseDeploymentConfig } from '../../lib/config';
import { newApp, PROJECT_ROOT, UNIT_STAGES } from '../helpers/app';

/**
 * Every YAML block in the README and the docs is something a user will paste. A block that is a
 * whole config (it names a project and models) must load and synthesize; any other block is a
 * fragment and must load once laid over the example config (mappings merge, lists replace). A
 * fragment of model settings (`scaling:`, `lambda:`, …) is laid over the prod settings of the
 * example model of its target. Lines marked `# rejected` show mistakes: the block must fail with
 * them and load without them.
 */
interface Snippet {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

const DOC_FILES = [
  'README.md',
  ...fs
    .readdirSync(path.join(PROJECT_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const EXAMPLE = parse(fs.readFileSync(path.join(PROJECT_ROOT, 'config/deployments.yaml'), 'utf8'));

function yamlBlocks(file: string): Snippet[] {
  const lines = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8').split('\n');
  const snippets: Snippet[] = [];
  for (let start = 0; start < lines.length; start++) {
    const fence = /^(\s*)```yaml\s*$/.exec(lines[start]);
    if (!fence) continue;
    const end = lines.findIndex((line, index) => index > start && line.trim() === '```');
    const indent = fence[1].length;
    const body = lines.slice(start + 1, end).map((line) => line.slice(indent));
    snippets.push({ file, line: start + 2, text: body.join('\n') });
    start = end;
  }
  return snippets;
}

function overlay(base: unknown, patch: unknown): unknown {
  if (!isMapping(base) || !isMapping(patch)) return patch;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) merged[key] = overlay(base[key], value);
  return merged;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MODEL_SETTING_KEYS = ['artifact', 'sagemaker', 'lambda', 'scaling', 'rollout', 'customAlarms'];

/** The example config with a fragment laid over it, as YAML text. */
function withFragment(text: string): string {
  const fragment = parse(text) as Record<string, unknown>;
  const keys = Object.keys(fragment ?? {});
  if (keys.length > 0 && keys.every((key) => MODEL_SETTING_KEYS.includes(key))) {
    const model = 'lambda' in fragment ? 'iris-lambda' : 'iris-sagemaker';
    return stringify(overlay(EXAMPLE, { models: { [model]: { environments: { prod: fragment } } } }));
  }
  return stringify(overlay(EXAMPLE, fragment));
}

const isRejectedLine = (line: string) => /#\s*rejected\b/.test(line);
const snippets = DOC_FILES.flatMap(yamlBlocks);
const isWholeConfig = (snippet: Snippet) => /^project:/m.test(snippet.text) && /^models:/m.test(snippet.text);

test('the docs hold YAML config snippets to check', () => {
  expect(snippets.length).toBeGreaterThan(5);
});

describe.each(snippets.filter((snippet) => !isWholeConfig(snippet)).map((s) => [`${s.file}:${s.line}`, s]))(
  'the config fragment at %s',
  (where, snippet) => {
    const load = (text: string) => () =>
      parseDeploymentConfig(withFragment(text), where, { baseDir: PROJECT_ROOT });
    const lines = snippet.text.split('\n');
    test('is valid laid over the example config, without any line marked rejected', () => {
      expect(load(lines.filter((line) => !isRejectedLine(line)).join('\n'))).not.toThrow();
    });
    if (lines.some(isRejectedLine)) {
      test('fails at every line marked rejected', () => {
        for (const rejected of lines.filter(isRejectedLine)) {
          const kept = lines.filter((line) => !isRejectedLine(line) || line === rejected);
          expect(load(kept.join('\n'))).toThrow(ConfigError);
        }
      });
    }
  },
);

describe.each(snippets.filter(isWholeConfig).map((s) => [`${s.file}:${s.line}`, s]))(
  'the whole config at %s',
  (where, snippet) => {
    test('loads and synthesizes every environment', () => {
      const config = parseDeploymentConfig(snippet.text, where, { baseDir: PROJECT_ROOT });
      const app = newApp();
      addDeploymentStages(app, config, UNIT_STAGES);
      expect(app.synth().nestedAssemblies.length).toBe(config.environments.length);
    });
  },
);
