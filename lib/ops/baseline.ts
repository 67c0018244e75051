import {
  BASELINE_FORMAT,
  type CategoricalBaseline,
  type DriftBaseline,
  type NumericFeatureBaseline,
} from '../../contract/baseline';

/**
 * Computes a drift baseline from training data: per feature its statistics and bins (quantile edges for numeric
 * columns, the most frequent values for categorical ones) with the share of rows in each, and the same for the
 * target column, the distribution the model's predictions are compared with.
 */

/** Columns of a table: names and one value per row (a number, a string, or null for a missing value). */
export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (number | string | null)[])[];
}

export interface BaselineOptions {
  readonly model: string;
  /** The column holding the label or target; the others are the features, in order. @default the last column */
  readonly target?: string;
  /** Bins of a numeric feature (quantiles). @default 10 */
  readonly bins?: number;
  /** Most categories kept per categorical column; the rest share the last bin. @default 50 */
  readonly maxCategories?: number;
  /** A numeric target with at most this many distinct values is treated as classes. @default 20 */
  readonly maxClasses?: number;
}

export function computeBaseline(table: Table, options: BaselineOptions): DriftBaseline {
  const target = options.target ?? table.columns[table.columns.length - 1];
  const targetIndex = table.columns.indexOf(target);
  if (targetIndex < 0) {
    throw new Error(`the data has no column "${target}"; its columns are ${table.columns.join(', ')}`);
  }
  if (table.rows.length === 0) throw new Error('the data has no rows');
  const column = (i: number) => table.rows.map((row) => row[i] ?? null);
  const features = table.columns.flatMap((name, i) =>
    i === targetIndex ? [] : [featureBaseline(name, column(i), options)],
  );
  const targetValues = column(targetIndex);
  const distinct = new Set(targetValues.filter((v) => v !== null).map(String));
  const prediction =
    isNumeric(targetValues) && distinct.size > (options.maxClasses ?? 20)
      ? numericBaseline(target, targetValues as (number | null)[], options.bins ?? 10)
      : categoricalBaseline(target, targetValues, Number.MAX_SAFE_INTEGER);
  return { format: BASELINE_FORMAT, model: options.model, rows: table.rows.length, features, prediction };
}

function featureBaseline(name: string, values: (number | string | null)[], options: BaselineOptions) {
  return isNumeric(values)
    ? numericBaseline(name, values as (number | null)[], options.bins ?? 10)
    : categoricalBaseline(name, values, options.maxCategories ?? 50);
}

function isNumeric(values: readonly (number | string | null)[]): boolean {
  return values.every((v) => v === null || typeof v === 'number');
}

export function numericBaseline(
  name: string,
  values: readonly (number | null)[],
  bins: number,
): NumericFeatureBaseline {
  const present = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (present.length === 0) throw new Error(`feature "${name}" has no values`);
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const edge = quantile(present, i / bins);
    // Equal quantiles (few distinct values) make one bin, not empty ones; the lowest value needs no edge.
    if (edge > present[0] && (edges.length === 0 || edge > edges[edges.length - 1])) edges.push(edge);
  }
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of present) counts[binOf(v, edges)]++;
  const mean = present.reduce((a, b) => a + b, 0) / present.length;
  const variance = present.reduce((a, b) => a + (b - mean) ** 2, 0) / present.length;
  return {
    name,
    kind: 'numeric',
    edges,
    proportions: counts.map((c) => round(c / present.length)),
    stats: {
      count: present.length,
      missing: values.length - present.length,
      min: present[0],
      max: present[present.length - 1],
      mean: round(mean),
      stdDev: round(Math.sqrt(variance)),
    },
  };
}

export function categoricalBaseline(
  name: string,
  values: readonly (number | string | null)[],
  maxCategories: number,
): CategoricalBaseline {
  const present = values.filter((v) => v !== null).map(String);
  const counts = new Map<string, number>();
  for (const v of present) counts.set(v, (counts.get(v) ?? 0) + 1);
  const categories = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, maxCategories)
    .map(([category]) => category)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const kept = categories.reduce((sum, c) => sum + counts.get(c)!, 0);
  const total = present.length || 1;
  return {
    name,
    kind: 'categorical',
    categories,
    proportions: [
      ...categories.map((c) => round(counts.get(c)! / total)),
      round((present.length - kept) / total),
    ],
    stats: { count: present.length, missing: values.length - present.length, distinct: counts.size },
  };
}

/** The bin of a value: the number of edges at or below it (the drift query's CASE expression does the same). */
export function binOf(value: number, edges: readonly number[]): number {
  let bin = 0;
  while (bin < edges.length && value >= edges[bin]) bin++;
  return bin;
}

/** Linear interpolation between the closest ranks (type 7, the default of R and NumPy). */
function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return round(sorted[low] + (sorted[high] - sorted[low]) * (position - low));
}

function round(value: number): number {
  return Number(value.toPrecision(10));
}

/** A CSV file with a header row; cells that parse as numbers are numbers, empty cells are missing. */
export function parseCsv(text: string): Table {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) throw new Error('the CSV file is empty');
  const columns = lines[0].split(',').map((c) => c.trim());
  const rows = lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== columns.length) {
      throw new Error(`CSV line ${i + 2} has ${cells.length} cells, the header ${columns.length}`);
    }
    return cells.map(cell);
  });
  return { columns, rows };
}

/** JSON lines of flat objects; the first line's keys are the columns, in order. */
export function parseJsonLines(text: string): Table {
  const records = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const value: unknown = JSON.parse(line);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new Error(`line ${i + 1} is not a JSON object`);
      }
      return value as Record<string, unknown>;
    });
  if (records.length === 0) throw new Error('the JSON lines file is empty');
  const columns = Object.keys(records[0]);
  const rows = records.map((r) =>
    columns.map((c) => {
      const v = r[c];
      return typeof v === 'number' || typeof v === 'string' ? v : null;
    }),
  );
  return { columns, rows };
}

function cell(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}
