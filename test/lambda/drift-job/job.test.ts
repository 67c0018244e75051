import { runDriftJob, windowAt, type DriftJobConfig } from '../../../lambda/drift-job/job';
import {
  duckdb,
  IRIS_BASELINE,
  irisRows,
  query,
  tempDir,
  writeGroundTruth,
  writeLambdaCapture,
} from './capture-fixtures';

const CONFIG: DriftJobConfig = {
  model: 'iris-lambda',
  environment: 'prod',
  namespace: 'MlDeploy/Monitoring',
  source: { format: 'lambda', table: 'lambda_capture' },
  groundTruthTable: 'ground_truth',
  task: 'classifier',
  windowHours: 1,
  minRecords: 100,
  reportPrefix: 'iris-lambda/drift-reports/',
};

test('the window is the last full hour (or day) before the run', () => {
  expect(windowAt(new Date('2026-12-01T11:05:00Z'), 1)).toEqual({
    start: new Date('2026-12-01T10:00:00Z'),
    end: new Date('2026-12-01T11:00:00Z'),
  });
  expect(windowAt(new Date('2026-12-02T00:10:00Z'), 24).start).toEqual(new Date('2026-12-01T00:00:00Z'));
});

test('a run over drifted Lambda captures writes PSI metrics per feature, quality metrics and a report', async () => {
  const captures = tempDir();
  const rows = irisRows(300, new Date('2026-12-01T10:00:00Z'), 9, (row) => {
    row.features[2] += 2;
  });
  writeLambdaCapture(captures, rows);
  const truth = tempDir();
  writeGroundTruth(truth, rows, (row) => row.prediction);
  const connection = await duckdb({ lambda: captures, groundTruth: truth });
  const lines: string[] = [];
  const reports: Record<string, string> = {};
  const result = await runDriftJob(
    CONFIG,
    {
      baseline: async () => IRIS_BASELINE,
      // The very SQL Athena runs, on DuckDB with the Trino functions it calls (trino-functions.ts).
      query: async (sql) => ({ rows: await query(connection, sql), bytesScanned: 1234 }),
      writeReport: async (key, body) => void (reports[key] = body),
      writeLine: (line) => lines.push(line),
    },
    new Date('2026-12-01T11:05:00Z'),
  );
  const metrics = lines.map((l) => JSON.parse(l));
  const petal = metrics.find((m) => m.Feature === 'petal_length');
  expect(petal._aws.CloudWatchMetrics[0]).toEqual({
    Namespace: 'MlDeploy/Monitoring',
    Dimensions: [['Model', 'Environment', 'Feature']],
    Metrics: [
      { Name: 'FeaturePSI', Unit: 'None' },
      { Name: 'FeatureJensenShannon', Unit: 'None' },
    ],
  });
  expect(petal).toMatchObject({ Model: 'iris-lambda', Environment: 'prod' });
  expect(petal.FeaturePSI).toBeGreaterThan(0.25);
  expect(metrics.find((m) => m.Feature === 'sepal_width').FeaturePSI).toBeLessThan(0.1);
  expect(metrics.find((m) => m.Feature === 'prediction')).toBeDefined();
  expect(metrics.find((m) => m.Accuracy !== undefined)).toMatchObject({
    Accuracy: 1,
    MacroF1: 1,
    LabelledRecords: 300,
  });
  expect(result.reportKey).toBe('iris-lambda/drift-reports/2026-12-01/11.json');
  expect(JSON.parse(reports[result.reportKey])).toMatchObject({
    window: { start: '2026-12-01T10:00:00.000Z', end: '2026-12-01T11:00:00.000Z' },
    bytesScanned: 2468,
  });
});
