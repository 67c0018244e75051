import * as path from 'node:path';
import { driftOf, type BinCount, type FeatureDrift } from '../../../lambda/drift-job/report';
import { driftQuery, DUCKDB, ATHENA, PREDICTION, type CaptureSource } from '../../../lambda/drift-job/sql';
import {
  duckdb,
  IRIS_BASELINE,
  irisRows,
  query,
  tempDir,
  writeLambdaCapture,
  writeSageMakerCapture,
} from './capture-fixtures';

const HOUR = { start: new Date('2026-12-01T10:00:00Z'), end: new Date('2026-12-01T11:00:00Z') };
const LAMBDA: CaptureSource = { format: 'lambda', table: 'lambda_capture' };
const SAGEMAKER: CaptureSource = { format: 'sagemaker', table: 'sagemaker_capture' };

/** Petal sizes grow and most answers become virginica: the drifted fixture. */
function shiftPetals(row: { features: number[]; prediction: string }, random: () => number) {
  row.features[2] += 2;
  row.features[3] += 0.8;
  if (random() < 0.7) row.prediction = '2';
}

async function driftIn(source: CaptureSource, folder: string): Promise<Record<string, FeatureDrift>> {
  const connection = await duckdb(source.format === 'lambda' ? { lambda: folder } : { sagemaker: folder });
  const counts = await query<BinCount>(connection, driftQuery(source, IRIS_BASELINE, HOUR, DUCKDB));
  return Object.fromEntries(driftOf(IRIS_BASELINE, counts).map((d) => [d.feature, d]));
}

describe.each([
  ['Lambda capture records', LAMBDA, writeLambdaCapture],
  ['SageMaker data capture (JSON, BASE64 and CSV payloads)', SAGEMAKER, writeSageMakerCapture],
])('drift over %s, on DuckDB', (_name, source, write) => {
  test('a sample of the training distribution is stable on every feature and the prediction', async () => {
    const folder = tempDir();
    write(folder, irisRows(600, HOUR.start, 1));
    const drift = await driftIn(source, folder);
    for (const name of [...IRIS_BASELINE.features.map((f) => f.name), PREDICTION]) {
      expect(drift[name]).toMatchObject({ records: 600, missing: 0, status: 'stable' });
      expect(drift[name].psi).toBeLessThan(0.1);
      expect(drift[name].jensenShannon).toBeLessThan(0.15);
    }
  });

  test('shifted petals and predictions pass the significant threshold; the sepals stay stable', async () => {
    const folder = tempDir();
    write(folder, irisRows(600, HOUR.start, 2, shiftPetals));
    const drift = await driftIn(source, folder);
    for (const name of ['petal_length', 'petal_width', PREDICTION]) {
      expect(drift[name].status).toBe('significant');
      expect(drift[name].psi).toBeGreaterThan(0.25);
    }
    expect(drift.sepal_length.status).toBe('stable');
    expect(drift.sepal_width.status).toBe('stable');
  });

  test('a window with too few records is reported as such, not as drift', async () => {
    const folder = tempDir();
    write(folder, irisRows(20, HOUR.start, 3, shiftPetals));
    const drift = await driftIn(source, folder);
    expect(drift.petal_length).toEqual({
      feature: 'petal_length',
      records: 20,
      missing: 0,
      status: 'insufficient-data',
    });
  });
});

test('records outside the window are left out, late arrivals in the next hour folder are counted', async () => {
  const folder = tempDir();
  writeLambdaCapture(folder, irisRows(150, HOUR.start, 4), 10 * 60_000); // Firehose delivered them 10 minutes later
  writeLambdaCapture(folder, irisRows(50, new Date('2026-12-01T09:00:00Z'), 5));
  writeLambdaCapture(folder, irisRows(50, HOUR.end, 6));
  const drift = await driftIn(LAMBDA, path.join(folder));
  expect(drift.sepal_length.records).toBe(150);
});

test('the Athena rendering differs from the DuckDB one only in its JSON and base64 functions', () => {
  const athena = driftQuery(SAGEMAKER, IRIS_BASELINE, HOUR, ATHENA);
  const duck = driftQuery(SAGEMAKER, IRIS_BASELINE, HOUR, DUCKDB);
  expect(athena).toContain(`json_extract_scalar(request, '$.inputs[0].data[0]')`);
  expect(athena).toContain('from_utf8(from_base64(captureData.endpointInput.data))');
  expect(
    athena
      .replace(/json_extract_scalar/g, 'json_extract_string')
      .replace(/from_utf8\(from_base64\(([^)]*)\)\)/g, 'decode(from_base64($1))'),
  ).toBe(duck);
  expect(driftQuery(LAMBDA, IRIS_BASELINE, HOUR, ATHENA)).toBe(
    driftQuery(LAMBDA, IRIS_BASELINE, HOUR, DUCKDB),
  );
});
