import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifierQuality, regressorQuality, type LabelCount } from '../../../lambda/drift-job/quality';
import { DUCKDB, qualityQuery, type CaptureSource } from '../../../lambda/drift-job/sql';
import {
  duckdb,
  irisRows,
  query,
  tempDir,
  writeLambdaCapture,
  writeSageMakerCapture,
} from './capture-fixtures';

const HOUR = { start: new Date('2026-12-01T10:00:00Z'), end: new Date('2026-12-01T11:00:00Z') };

/** 200 captured answers, 1 in 10 of them wrong, and ground truth for the first 150 (the rest is not labelled yet). */
function fixture(write: typeof writeLambdaCapture) {
  const rows = irisRows(200, HOUR.start, 7);
  const truth = rows.map((row) => row.prediction);
  const captured = rows.map((row, i) =>
    i % 10 === 0 ? { ...row, prediction: String((Number(row.prediction) + 1) % 3) } : row,
  );
  const captureDir = tempDir();
  write(captureDir, captured);
  const truthDir = path.join(tempDir(), 'iris-lambda', 'ground-truth', '2026', '12', '01');
  fs.mkdirSync(truthDir, { recursive: true });
  const labels = rows
    .slice(0, 150)
    .map((row, i) => JSON.stringify({ inference_id: row.id, label: truth[i] }));
  fs.writeFileSync(path.join(truthDir, 'labels.jsonl'), `${labels.join('\n')}\n`);
  return { captureDir, truthDir: path.dirname(path.dirname(path.dirname(truthDir))) };
}

describe.each([
  [
    'Lambda capture records',
    { format: 'lambda', table: 'lambda_capture' } as CaptureSource,
    writeLambdaCapture,
  ],
  [
    'SageMaker data capture',
    { format: 'sagemaker', table: 'sagemaker_capture' } as CaptureSource,
    writeSageMakerCapture,
  ],
])('ground truth joined to %s on DuckDB', (_name, source, write) => {
  test('gives the accuracy and macro F1 of the labelled answers', async () => {
    const { captureDir, truthDir } = fixture(write);
    const connection = await duckdb({
      [source.format === 'lambda' ? 'lambda' : 'sagemaker']: captureDir,
      groundTruth: truthDir,
    });
    const counts = await query<LabelCount>(connection, qualityQuery(source, 'ground_truth', 4, HOUR, DUCKDB));
    const quality = classifierQuality(counts);
    // 150 labelled answers, every tenth of the 200 wrong: rows 0, 10, …, 140 → 15 wrong.
    expect(quality.labelled).toBe(150);
    expect(quality.accuracy).toBeCloseTo(135 / 150, 10);
    expect(quality.macroF1).toBeGreaterThan(0.85);
    expect(quality.macroF1).toBeLessThan(0.95);
  });
});

test('macro F1 averages the per-class F1 scores', () => {
  const rows: LabelCount[] = [
    { prediction: 'a', label: 'a', n: 8 },
    { prediction: 'b', label: 'a', n: 2 },
    { prediction: 'b', label: 'b', n: 10 },
  ];
  // F1(a) = 2·8 / (8 + 10) = 0.888…, F1(b) = 2·10 / (12 + 10) = 0.909…
  expect(classifierQuality(rows).macroF1).toBeCloseTo((16 / 18 + 20 / 22) / 2, 10);
  expect(classifierQuality(rows).accuracy).toBeCloseTo(18 / 20, 10);
});

test('MAE and RMSE of a regressor', () => {
  const quality = regressorQuality([
    { prediction: '3', label: '1', n: 1 },
    { prediction: '1', label: '2', n: 3 },
  ]);
  expect(quality).toEqual({
    kind: 'regressor',
    labelled: 4,
    meanAbsoluteError: 5 / 4,
    rootMeanSquaredError: Math.sqrt(7 / 4),
  });
});
