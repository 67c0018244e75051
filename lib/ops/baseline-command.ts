import * as fs from 'fs';
import * as path from 'path';
import type { OpsDeps } from './context';
import { EXIT, UsageError } from './errors';
import { computeBaseline, parseCsv, parseJsonLines } from './baseline';

export interface BaselineCommandOptions {
  readonly model: string;
  /** A CSV file with a header row, or JSON lines (`.jsonl`, `.ndjson`). */
  readonly data: string;
  readonly target?: string;
  readonly bins?: number;
  /** Where to write the baseline JSON. @default standard output */
  readonly out?: string;
}

/**
 * `mldeploy baseline`: the drift baseline of a model's training data, written as JSON. Reads local files only; no
 * AWS call. The deploy publishes the file with the model as a content-addressed artifact (`<model>/<sha256>/`).
 */
export function baselineCommand(
  deps: Pick<OpsDeps, 'stdout' | 'stderr'>,
  options: BaselineCommandOptions,
): number {
  if (!fs.existsSync(options.data)) throw new UsageError(`--data ${options.data}: no such file`);
  const text = fs.readFileSync(options.data, 'utf8');
  const jsonLines = /\.(jsonl|ndjson)$/i.test(options.data);
  if (!jsonLines && !/\.csv$/i.test(options.data)) {
    throw new UsageError(`--data ${options.data}: expected a .csv or .jsonl file`);
  }
  const table = jsonLines ? parseJsonLines(text) : parseCsv(text);
  const baseline = computeBaseline(table, {
    model: options.model,
    target: options.target,
    bins: options.bins,
  });
  const json = `${JSON.stringify(baseline, null, 2)}\n`;
  if (options.out) {
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, json);
    deps.stderr.write(
      `wrote ${options.out}: ${baseline.rows} rows, ${baseline.features.length} features, target ${baseline.prediction.name}\n`,
    );
  } else {
    deps.stdout.write(json);
  }
  return EXIT.ok;
}
