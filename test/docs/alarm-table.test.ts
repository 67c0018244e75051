import * as fs from 'fs';
import * as path from 'path';
import { AlarmCatalogEntry, LAMBDA_ALARMS, SAGEMAKER_ALARMS } from '../../lib/constructs/alarms';

const doc = fs.readFileSync(path.join(__dirname, '../../docs/observability.md'), 'utf8');

/** The table row of an alarm key, split into its cells. */
function rowOf(key: string): string[] {
  const line = doc.split('\n').find((candidate) => candidate.startsWith(`| \`${key}\``));
  if (!line) throw new Error(`docs/observability.md has no table row for alarm ${key}`);
  return line.split('|').map((cell) => cell.trim());
}

describe.each([
  ['SageMaker', SAGEMAKER_ALARMS],
  ['Lambda', LAMBDA_ALARMS],
] as const)('the %s alarm table in docs/observability.md', (_target, catalog) => {
  test.each(Object.entries(catalog) as [string, AlarmCatalogEntry][])(
    'documents %s with its name, threshold field, default and severity',
    (key, entry) => {
      const [, , name, , threshold, severity] = rowOf(key);
      expect(name).toBe(`\`${entry.nameSuffix}\``);
      expect(threshold.startsWith(`\`${entry.thresholdField}\`: `)).toBe(true);
      if (entry.threshold !== undefined)
        expect(threshold).toBe(`\`${entry.thresholdField}\`: ${entry.threshold}`);
      expect(severity.split(', ')[0]).toBe(entry.rollback ? 'critical' : entry.severity);
      expect(severity.includes('rollback')).toBe(entry.rollback === true);
      expect(severity.includes('opt-in')).toBe(entry.optIn === true);
    },
  );
});
