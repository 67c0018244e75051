import * as fs from 'node:fs';
import * as path from 'node:path';
import { driftOf, type BinCount, type FeatureDrift } from '../../../lambda/drift-job/report';
import { capturedCte, driftQuery, PREDICTION, type CaptureSource } from '../../../lambda/drift-job/sql';
import {
  duckdb,
  IRIS_BASELINE,
  irisRows,
  query,
  tempDir,
  type Row,
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
  const counts = await query<BinCount>(connection, driftQuery(source, IRIS_BASELINE, HOUR));
  return Object.fromEntries(driftOf(IRIS_BASELINE, counts).map((d) => [d.feature, d]));
}

describe.each([
  ['Lambda capture records', LAMBDA, writeLambdaCapture],
  ['SageMaker data capture (JSON, BASE64 and CSV payloads)', SAGEMAKER, writeSageMakerCapture],
  [
    'SageMaker data capture of batched requests (5 rows each)',
    SAGEMAKER,
    (root: string, rows: readonly Row[]) => void writeSageMakerCapture(root, rows, 5),
  ],
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

test('every row of a batched SageMaker request is read, and no more: CSV lines, JSON rows of shape [n, 4]', async () => {
  const folder = tempDir();
  // 7 rows a request: 42 requests, the last of 6 rows; a CSV payload ends with a newline.
  writeSageMakerCapture(folder, irisRows(300, HOUR.start, 8), 7);
  const drift = await driftIn(SAGEMAKER, folder);
  for (const name of [...IRIS_BASELINE.features.map((f) => f.name), PREDICTION]) {
    expect(drift[name]).toMatchObject({ records: 300, missing: 0 });
  }
});

test('a 1-D request is one row; a shape longer than its data leaves the missing values NULL, not an error', async () => {
  const folder = tempDir();
  const dir = path.join(folder, '2026', '12', '01', '10');
  fs.mkdirSync(dir, { recursive: true });
  const line = (id: string, request: object, response: object) =>
    JSON.stringify({
      captureData: {
        endpointInput: {
          observedContentType: 'application/json',
          mode: 'INPUT',
          data: JSON.stringify(request),
          encoding: 'JSON',
        },
        endpointOutput: {
          observedContentType: 'application/json',
          mode: 'OUTPUT',
          data: JSON.stringify(response),
          encoding: 'JSON',
        },
      },
      eventMetadata: { eventId: `e-${id}`, inferenceId: id, inferenceTime: '2026-12-01T10:30:00Z' },
      eventVersion: '0',
    });
  fs.writeFileSync(
    path.join(dir, 'capture.jsonl'),
    [
      line('flat', { inputs: [{ shape: [4], data: [5.1, 3.5, 1.4, 0.2] }] }, { outputs: [{ data: [0] }] }),
      line(
        'short',
        { inputs: [{ shape: [2, 4], data: [5.1, 3.5, 1.4, 0.2, 6.0] }] },
        { outputs: [{ data: [0] }] },
      ),
    ].join('\n') + '\n',
  );
  const connection = await duckdb({ sagemaker: folder });
  const rows = await query<{
    inference_id: string;
    f1: number | null;
    f4: number | null;
    prediction: string | null;
  }>(
    connection,
    `WITH ${capturedCte(SAGEMAKER, 4, HOUR)} SELECT inference_id, f1, f4, prediction FROM captured ORDER BY 1`,
  );
  expect(rows).toEqual([
    { inference_id: 'flat', f1: 5.1, f4: 0.2, prediction: '0' },
    { inference_id: 'short', f1: 5.1, f4: 0.2, prediction: '0' },
    { inference_id: 'short/1', f1: 6, f4: null, prediction: null },
  ]);
});

test('the SQL the job sends to Athena is the SQL the tests run: no engine-specific rendering', () => {
  expect(driftQuery.length).toBe(3);
  const sql = driftQuery(SAGEMAKER, IRIS_BASELINE, HOUR);
  expect(sql).toContain('from_utf8(from_base64(captureData.endpointInput.data))');
  expect(sql).toContain(
    `json_extract_scalar(request, '$.inputs[0].data[' || CAST(r * 4 + 0 AS VARCHAR) || ']')`,
  );
  expect(sql).toContain('CROSS JOIN UNNEST(sequence(0, row_count - 1)) AS t (r)');
  expect(driftQuery(LAMBDA, IRIS_BASELINE, HOUR)).toContain('element_at(features, 4) AS f4');
  expect(sql).not.toMatch(/json_extract_string|decode\(|generate_series/);
});
