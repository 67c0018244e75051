import { classifierQuality, regressorQuality, type LabelCount } from '../../../lambda/drift-job/quality';
import { qualityQuery, type CaptureSource } from '../../../lambda/drift-job/sql';
import {
  duckdb,
  irisRows,
  query,
  tempDir,
  writeLambdaCapture,
  writeGroundTruth,
  writeSageMakerCapture,
  type Row,
} from './capture-fixtures';

const HOUR = { start: new Date('2026-12-01T10:00:00Z'), end: new Date('2026-12-01T11:00:00Z') };

/**
 * 200 captured answers, 1 in 10 of them wrong, and ground truth for the first 150 (the rest is not labelled yet),
 * in the hour folders of the answers. Labels of an answer of the hour before sit in that hour's folder: the run
 * does not read them.
 */
function fixture(write: (root: string, rows: readonly Row[]) => readonly Row[] | void) {
  const rows = irisRows(200, HOUR.start, 7);
  const captured = rows.map((row, i) =>
    i % 10 === 0 ? { ...row, prediction: String((Number(row.prediction) + 1) % 3) } : row,
  );
  const captureDir = tempDir();
  // The ids the queries give the captured rows, with the true label of each.
  const ids = write(captureDir, captured) ?? captured;
  const truthDir = tempDir();
  const labelled = ids.slice(0, 150).map((row, i) => ({ ...row, prediction: rows[i].prediction }));
  writeGroundTruth(truthDir, labelled, (row) => row.prediction);
  const before = new Date(HOUR.start.getTime() - 3_600_000);
  writeGroundTruth(truthDir, [{ ...labelled[0], time: before }], () => 'not read');
  return { captureDir, truthDir };
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
  [
    'SageMaker data capture of batched requests',
    { format: 'sagemaker', table: 'sagemaker_capture' } as CaptureSource,
    (root: string, rows: readonly Row[]) => writeSageMakerCapture(root, rows, 4),
  ],
])('ground truth joined to %s on DuckDB', (_name, source, write) => {
  test('gives the accuracy and macro F1 of the labelled answers', async () => {
    const { captureDir, truthDir } = fixture(write);
    const connection = await duckdb({
      [source.format === 'lambda' ? 'lambda' : 'sagemaker']: captureDir,
      groundTruth: truthDir,
    });
    const counts = await query<LabelCount>(connection, qualityQuery(source, 'ground_truth', 4, HOUR));
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
