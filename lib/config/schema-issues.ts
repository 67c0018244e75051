import type { z } from 'zod';
import { ConfigIssue, describeValue } from './errors';
import type { ConfigPath } from './merge';

/**
 * Turns schema-library issues into config issues that name the bad value and what is allowed.
 * Unknown keys become one issue per key, at the key's own path, listing the keys that are allowed.
 */
export function toConfigIssues(
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
  sourceOf: (path: ConfigPath) => string | undefined = () => undefined,
): ConfigIssue[] {
  return issues.flatMap((issue): ConfigIssue[] => {
    const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(schema, path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `unknown key${allowed.length ? `; allowed keys here: ${allowed.join(', ')}` : ''}`,
      }));
    }
    const written = typeof issue.input === 'number' ? sourceOf(path) : undefined;
    const misread =
      written !== undefined && expectsText(issue) ? describeMisreadNumber(issue, written) : undefined;
    return [{ path, message: misread ?? describeIssue(issue) }];
  });
}

/** Whether the field wants text: a string, or one of a list of strings. */
function expectsText(issue: z.core.$ZodIssue): boolean {
  if (issue.code === 'invalid_type') return issue.expected === 'string';
  if (issue.code === 'invalid_value') return issue.values.every((value) => typeof value === 'string');
  return false;
}

/**
 * YAML reads an unquoted `24.09` or `012345678901` as a number (and `24.10` as 24.1): say so, and how to
 * write it as text.
 */
function describeMisreadNumber(issue: z.core.$ZodIssue, written: string): string {
  const allowed = issue.code === 'invalid_value' ? `; allowed: ${issue.values.map(String).join(', ')}` : '';
  return `${written} was read as the number ${String(issue.input)}; quote it: '${written}'${allowed}`;
}

/** The bad value as written, followed by what is wrong with it and what is allowed. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
    return issue.code === 'invalid_value'
      ? `is required; allowed: ${issue.values.map(String).join(', ')}`
      : `is required (${expectedType(issue.expected)})`;
  }
  if (issue.code === 'custom') return issue.message;
  return `${describeValue(issue.input)} ${problem(issue)}`;
}

/** What is wrong with a value, without the value itself. */
function problem(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return `is too short; at least ${issue.minimum} characters`;
      if (issue.origin === 'array') return `has too few entries; at least ${issue.minimum}`;
      return `is too small; must be ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `is too long; at most ${issue.maximum} characters`;
      if (issue.origin === 'array') return `has too many entries; at most ${issue.maximum}`;
      return `is too large; must be ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_value':
      return `is not allowed; allowed: ${issue.values.map(String).join(', ')}`;
    case 'invalid_type':
      return `has the wrong type; expected ${expectedType(issue.expected)}`;
    case 'invalid_format':
      return issue.message.startsWith('must') ? issue.message : `is not a valid ${issue.format}`;
    case 'invalid_key':
      return `is not a valid name: ${issue.issues.map(problem).join('; ')}`;
    default:
      return issue.message;
  }
}

function expectedType(expected: string): string {
  return expected === 'int' ? 'an integer' : `a ${expected}`;
}

interface SchemaDef {
  readonly type: string;
  readonly shape?: Record<string, z.ZodType>;
  readonly innerType?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly in?: z.ZodType;
}

/** The keys an object schema accepts at a path, walking through optional, record and pipe wrappers. */
function allowedKeysAt(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let current: z.ZodType | undefined = schema;
  let remaining = [...path];
  while (current) {
    const def: SchemaDef = (current as unknown as { _zod: { def: SchemaDef } })._zod.def;
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe') current = def.in;
    else if (remaining.length === 0) return def.shape ? Object.keys(def.shape) : [];
    else if (def.type === 'object' && def.shape) current = def.shape[String(remaining.shift())];
    else if (def.type === 'record') {
      remaining = remaining.slice(1);
      current = def.valueType;
    } else return [];
  }
  return [];
}
