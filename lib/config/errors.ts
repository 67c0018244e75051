import type { ConfigPath } from './merge';

/** One problem in a config file: where it is and what is wrong with it. */
export interface ConfigIssue {
  readonly path: ConfigPath;
  /** Reads as a sentence after the path, e.g. `3 must be <= maxInstances (2)`. */
  readonly message: string;
  /** 1-based line in the file, when the path exists there. */
  readonly line?: number;
}

/** Thrown once per file with every problem found, so users can fix them all in one pass. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(formatIssues(file, issues));
    this.name = 'ConfigError';
  }
}

export function formatPath(path: ConfigPath): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

/** A value as users wrote it: strings quoted, objects abbreviated. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function formatIssues(file: string, issues: readonly ConfigIssue[]): string {
  const lines = issues.map((issue) => {
    const where = issue.line ? ` (line ${issue.line})` : '';
    return ` - ${formatPath(issue.path)}: ${issue.message}${where}`;
  });
  return `Invalid deployment config (${file}):\n${lines.join('\n')}`;
}

/** A selected environment (`-c env=NAME`) that the config file does not define. */
export class EnvironmentSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentSelectionError';
  }
}
