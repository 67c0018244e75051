import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CAPTURE_RECORD_VERSION } from '../../../contract/capture';
import { computeBaseline, parseCsv } from '../../../lib/ops/baseline';
import { defineTrinoFunctions } from './trino-functions';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const IRIS_TRAINING = parseCsv(
  fs.readFileSync(path.join(REPO_ROOT, 'models/iris/data/iris.csv'), 'utf8'),
);
export const IRIS_BASELINE = computeBaseline(IRIS_TRAINING, { model: 'iris', target: 'species' });

/** A captured row: four Iris features and the prediction. */
export interface Row {
  readonly features: readonly number[];
  readonly prediction: string;
  readonly time: Date;
  readonly id: string;
}

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` rows drawn with replacement from the Iris training data, spread over the hour from `start`; `shift`
 * changes a row's features and prediction (the drifted fixture).
 */
export function irisRows(
  count: number,
  start: Date,
  seed: number,
  shift: (row: { features: number[]; prediction: string }, random: () => number) => void = () => undefined,
): Row[] {
  const random = seeded(seed);
  return Array.from({ length: count }, (_, i) => {
    const source = IRIS_TRAINING.rows[Math.floor(random() * IRIS_TRAINING.rows.length)];
    const row = { features: source.slice(0, 4) as number[], prediction: String(source[4]) };
    shift(row, random);
    return {
      ...row,
      time: new Date(start.getTime() + Math.floor((i / count) * 3_600_000)),
      id: `req-${seed}-${i}`,
    };
  });
}

/** Hour folder `yyyy/MM/dd/HH` of a time, where Firehose and SageMaker put what arrived in that hour. */
function folderOf(time: Date): string {
  const iso = time.toISOString();
  return path.join(iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10), iso.slice(11, 13));
}

/** Writes rows as the Lambda capture stream does: JSON lines under `<root>/<hour folder>/`. */
export function writeLambdaCapture(root: string, rows: readonly Row[], arrivalDelayMs = 0): void {
  for (const row of rows) {
    const dir = path.join(root, folderOf(new Date(row.time.getTime() + arrivalDelayMs)));
    fs.mkdirSync(dir, { recursive: true });
    const record = {
      capture: CAPTURE_RECORD_VERSION,
      model: 'iris-lambda',
      version: 'abc123',
      time: row.time.toISOString(),
      inference_id: row.id,
      features: row.features,
      prediction: row.prediction,
    };
    fs.appendFileSync(path.join(dir, 'records.jsonl'), `${JSON.stringify(record)}\n`);
  }
}

/**
 * Writes rows as SageMaker data capture does ("Capture data", Amazon SageMaker AI Developer Guide,
 * https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-data-capture.html): one JSON line per request with
 * captureData.endpointInput/endpointOutput {observedContentType, mode, data, encoding} and eventMetadata. The
 * requests take turns: a v2 JSON request as JSON text, the same as BASE64, and CSV. With `rowsPerRequest` > 1 a
 * request holds that many consecutive rows (a batch of shape [n, 4], or n CSV lines) and the rows get the ids the
 * queries give them: the request's id, then `<id>/1`, `<id>/2`, …; the rows are returned with those ids.
 */
export function writeSageMakerCapture(root: string, rows: readonly Row[], rowsPerRequest = 1): Row[] {
  const written: Row[] = [];
  for (let first = 0, i = 0; first < rows.length; first += rowsPerRequest, i++) {
    const batch = rows.slice(first, first + rowsPerRequest);
    const id = batch[0].id;
    written.push(...batch.map((row, k) => ({ ...row, id: k === 0 ? id : `${id}/${k}` })));
    const time = batch[0].time;
    const dir = path.join(root, folderOf(time));
    fs.mkdirSync(dir, { recursive: true });
    const style = i % 3;
    const request =
      style === 2
        ? batch.map((row) => row.features.join(',')).join('\n') + '\n'
        : JSON.stringify({
            inputs: [
              {
                name: 'input',
                shape: [batch.length, 4],
                datatype: 'FP32',
                data: batch.flatMap((row) => row.features),
              },
            ],
          });
    const response =
      style === 2
        ? batch.map((row) => row.prediction).join('\n')
        : JSON.stringify({
            model_name: 'iris',
            outputs: [
              {
                name: 'label',
                shape: [batch.length],
                datatype: 'INT64',
                data: batch.map((row) => Number(row.prediction)),
              },
            ],
          });
    const contentType = style === 2 ? 'text/csv' : 'application/json';
    const encode = (text: string) =>
      style === 1
        ? { data: Buffer.from(text).toString('base64'), encoding: 'BASE64' }
        : { data: text, encoding: style === 2 ? 'CSV' : 'JSON' };
    const line = {
      captureData: {
        endpointInput: { observedContentType: contentType, mode: 'INPUT', ...encode(request) },
        endpointOutput: { observedContentType: contentType, mode: 'OUTPUT', ...encode(response) },
      },
      eventMetadata: {
        eventId: `event-${id}`,
        inferenceId: id,
        inferenceTime: time.toISOString().replace('.000Z', 'Z'),
      },
      eventVersion: '0',
    };
    fs.appendFileSync(path.join(dir, 'capture.jsonl'), `${JSON.stringify(line)}\n`);
  }
  return written;
}

/** Writes ground truth as the guide says: JSON lines under the hour folder of the answers they label. */
export function writeGroundTruth(root: string, rows: readonly Row[], label: (row: Row) => string): void {
  for (const row of rows) {
    const dir = path.join(root, folderOf(row.time));
    fs.mkdirSync(dir, { recursive: true });
    fs.appendFileSync(
      path.join(dir, 'labels.jsonl'),
      `${JSON.stringify({ inference_id: row.id, label: label(row) })}\n`,
    );
  }
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'drift-'));
}

/** `dt` of a file path: its hour folder, like the Glue table's projected partition column. */
const DT = `regexp_extract(filename, '(\\d{4}/\\d{2}/\\d{2}/\\d{2})/[^/]+$', 1) AS dt`;

/**
 * A DuckDB connection with views named like the Glue tables over the fixture folders, and the Trino functions the
 * drift SQL calls.
 */
export async function duckdb(folders: {
  lambda?: string;
  sagemaker?: string;
  groundTruth?: string;
}): Promise<DuckDBConnection> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  await defineTrinoFunctions(connection);
  if (folders.lambda) {
    await connection.run(
      `CREATE VIEW lambda_capture AS SELECT *, ${DT} FROM read_json('${folders.lambda}/**/*.jsonl', format = 'newline_delimited', filename = true, ` +
        `columns = {capture: 'VARCHAR', model: 'VARCHAR', version: 'VARCHAR', "time": 'VARCHAR', inference_id: 'VARCHAR', features: 'DOUBLE[]', prediction: 'VARCHAR'})`,
    );
  }
  if (folders.sagemaker) {
    const side = `STRUCT(observedContentType VARCHAR, mode VARCHAR, data VARCHAR, encoding VARCHAR)`;
    await connection.run(
      `CREATE VIEW sagemaker_capture AS SELECT *, ${DT} FROM read_json('${folders.sagemaker}/**/*.jsonl', format = 'newline_delimited', filename = true, ` +
        `columns = {captureData: 'STRUCT(endpointInput ${side}, endpointOutput ${side})', eventMetadata: 'STRUCT(eventId VARCHAR, inferenceId VARCHAR, inferenceTime VARCHAR)', eventVersion: 'VARCHAR'})`,
    );
  }
  if (folders.groundTruth) {
    await connection.run(
      `CREATE VIEW ground_truth AS SELECT *, ${DT} FROM read_json('${folders.groundTruth}/**/*.jsonl', format = 'newline_delimited', filename = true, ` +
        `columns = {inference_id: 'VARCHAR', label: 'VARCHAR'})`,
    );
  }
  return connection;
}

/** The rows of a query as plain objects, BIGINT counts as numbers. */
export async function query<T>(connection: DuckDBConnection, sql: string): Promise<T[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader
    .getRowObjectsJS()
    .map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
    ) as T[];
}
