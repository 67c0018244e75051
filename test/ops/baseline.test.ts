import * as fs from 'fs';
import * as path from 'path';
import {
  binOf,
  categoricalBaseline,
  computeBaseline,
  numericBaseline,
  parseJsonLines,
} from '../../lib/ops/baseline';
import { mldeploy, PROJECT_ROOT, stubAwsClients, tempFile } from './support';

stubAwsClients();

describe('computeBaseline', () => {
  test('numeric features get decile edges and the share of rows per bin', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    const feature = numericBaseline('x', values, 10);
    expect(feature.edges).toEqual([10.9, 20.8, 30.7, 40.6, 50.5, 60.4, 70.3, 80.2, 90.1]);
    expect(feature.proportions).toEqual(new Array(10).fill(0.1));
    expect(feature.stats).toMatchObject({ count: 100, missing: 0, min: 1, max: 100, mean: 50.5 });
  });

  test('repeated values collapse equal edges instead of making empty bins', () => {
    const feature = numericBaseline('x', [1, 1, 1, 1, 1, 1, 1, 1, 2, 3, null], 10);
    // Deciles 1 … 1, 1.2, 2.1: the seven equal to the minimum give no edge.
    expect(feature.edges).toEqual([1.2, 2.1]);
    expect(feature.proportions).toEqual([0.8, 0.1, 0.1]);
    expect(feature.stats.missing).toBe(1);
  });

  test('a value on an edge falls in the bin above it, as in the drift query', () => {
    expect([0.5, 1, 1.5, 2, 9].map((v) => binOf(v, [1, 2]))).toEqual([0, 1, 1, 2, 2]);
  });

  test('categorical columns keep the most frequent categories and an other bin', () => {
    const feature = categoricalBaseline('colour', ['red', 'red', 'blue', 'green', null], 2);
    expect(feature.categories).toEqual(['blue', 'red']);
    expect(feature.proportions).toEqual([0.25, 0.5, 0.25]);
    expect(feature.stats).toEqual({ count: 4, missing: 1, distinct: 3 });
  });

  test('the target is the last column unless named, and a few numeric classes are categories', () => {
    const table = parseJsonLines('{"a":1,"colour":"red","y":0}\n{"a":2,"colour":"blue","y":1}\n');
    const baseline = computeBaseline(table, { model: 'm' });
    expect(baseline.features.map((f) => [f.name, f.kind])).toEqual([
      ['a', 'numeric'],
      ['colour', 'categorical'],
    ]);
    expect(baseline.prediction).toMatchObject({ name: 'y', kind: 'categorical', categories: ['0', '1'] });
    expect(() => computeBaseline(table, { model: 'm', target: 'label' })).toThrow(
      'the data has no column "label"; its columns are a, colour, y',
    );
  });
});

describe('mldeploy baseline', () => {
  test('the shipped Iris baseline is the one its training data gives', async () => {
    const out = path.join(path.dirname(tempFile('x.json', '')), 'iris-baseline.json');
    const run = await mldeploy([
      'baseline',
      '--model',
      'iris',
      '--data',
      path.join(PROJECT_ROOT, 'models/iris/data/iris.csv'),
      '--target',
      'species',
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('150 rows, 4 features, target species');
    expect(fs.readFileSync(out, 'utf8')).toBe(
      fs.readFileSync(path.join(PROJECT_ROOT, 'models/iris/drift-baseline.json'), 'utf8'),
    );
  });

  test('refuses a file that is neither CSV nor JSON lines', async () => {
    const run = await mldeploy(['baseline', '--model', 'm', '--data', tempFile('data.parquet', 'x')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected a .csv or .jsonl file');
  });
});
