import type { CategoricalBaseline, DriftBaseline, FeatureBaseline } from '../../contract/baseline';

/**
 * The SQL of the drift and quality queries, in the dialect of Athena engine version 3, whose functions are Trino's
 * ("Athena engine version 3 functions", https://docs.aws.amazon.com/athena/latest/ug/functions-env3.html). The
 * tests run this very text on DuckDB over fixture files: everything here is SQL both engines read alike (CASE,
 * TRY_CAST, COALESCE, GREATEST, LEAST, split_part, length, replace, chr, `||`, CROSS JOIN UNNEST, UNION ALL, GROUP
 * BY ordinals) except four Trino functions DuckDB lacks under these names, which the tests define on DuckDB with
 * Trino's documented meaning (test/lambda/drift-job/trino-functions.ts):
 * - json_extract_scalar(json, path): the scalar at a JSONPath as text; NULL for an object, an array, a missing
 *   value or text that is not JSON ("Extract JSON data from strings",
 *   https://docs.aws.amazon.com/athena/latest/ug/extracting-data-from-JSON.html; Trino "JSON functions",
 *   https://trino.io/docs/current/functions/json.html). The path may be computed: Trino casts VARCHAR to JsonPath.
 * - from_utf8(from_base64(text)): base64 text decoded to UTF-8 text (Trino "Binary functions",
 *   https://trino.io/docs/current/functions/binary.html; from_base64 exists in DuckDB too).
 * - element_at(array, i): the i-th element (1-based), NULL past the end where `array[i]` fails the query in Trino
 *   (Trino "Array functions", https://trino.io/docs/current/functions/array.html).
 * - sequence(start, stop): the integers start … stop (same page; at most 10,000 of them).
 */

/** Where a model's captured records are and what shape they have. */
export interface CaptureSource {
  /**
   * `lambda`: the capture records of a Lambda-hosted model (contract/capture.ts), one per row. `sagemaker`: SageMaker
   * data capture, one JSON line per request with captureData.endpointInput/endpointOutput.
   */
  readonly format: 'lambda' | 'sagemaker';
  /** `"database"."table"` of the records. */
  readonly table: string;
}

/** A window of captured time: [start, end), ISO 8601 UTC. */
export interface Window {
  readonly start: Date;
  readonly end: Date;
}

/** Name of the CTE of normalized capture rows every query reads. */
export const CAPTURED = 'captured';

/** Most rows the queries read from one SageMaker request: the length limit of Trino's sequence(). */
export const MAX_ROWS_PER_REQUEST = 10_000;

/**
 * The CTE `captured(inference_id, event_time, f1 … fn, prediction)` over the window. Partitions are hourly folders
 * (`dt` = `yyyy/MM/dd/HH`, read by partition projection); the folder is the hour the record arrived in, so the
 * hour after the window is read too and the event time decides.
 */
export function capturedCte(source: CaptureSource, featureCount: number, window: Window): string {
  const partitions = `dt >= ${literal(hourFolder(window.start))} AND dt <= ${literal(hourFolder(addHours(window.end, 1)))}`;
  const from = literal(window.start.toISOString());
  const to = literal(window.end.toISOString());
  if (source.format === 'lambda') {
    const features = range(featureCount).map((i) => `element_at(features, ${i + 1}) AS f${i + 1}`);
    return (
      `${CAPTURED} AS (SELECT inference_id, "time" AS event_time, ${features.join(', ')}, prediction ` +
      `FROM ${source.table} WHERE ${partitions} AND "time" >= ${from} AND "time" < ${to})`
    );
  }
  return `${sageMakerRequests(source.table, partitions, from, to)}, ${sageMakerRows(featureCount)}`;
}

/**
 * `requests`: one row per captured SageMaker request, the payloads as text ("Capture data",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-data-capture.html: `data` is the payload itself or,
 * with `encoding` BASE64, its base64), with the number of rows the request holds: the lines of a CSV payload, or
 * the first dimension of the first input's shape in a JSON (v2 inference protocol) payload.
 */
function sageMakerRequests(table: string, partitions: string, from: string, to: string): string {
  const text = (side: string) =>
    `CASE WHEN ${side}.encoding = 'BASE64' THEN from_utf8(from_base64(${side}.data)) ELSE ${side}.data END`;
  const rows =
    `CASE WHEN csv_in THEN length(request) - length(replace(request, chr(10), '')) + 1 ` +
    `WHEN json_extract_scalar(request, '$.inputs[0].shape[1]') IS NULL THEN 1 ` +
    `ELSE TRY_CAST(json_extract_scalar(request, '$.inputs[0].shape[0]') AS INTEGER) END`;
  return (
    `payloads AS (SELECT eventMetadata.inferenceId AS inference_id, eventMetadata.eventId AS event_id, ` +
    `eventMetadata.inferenceTime AS event_time, ${text('captureData.endpointInput')} AS request, ` +
    `${text('captureData.endpointOutput')} AS response, ` +
    `COALESCE(captureData.endpointInput.observedContentType = 'text/csv', false) AS csv_in, ` +
    `COALESCE(captureData.endpointOutput.observedContentType = 'text/csv', false) AS csv_out ` +
    `FROM ${table} WHERE ${partitions} AND eventMetadata.inferenceTime >= ${from} ` +
    `AND eventMetadata.inferenceTime < ${to}), ` +
    `requests AS (SELECT *, LEAST(GREATEST(COALESCE(${rows}, 1), 1), ${MAX_ROWS_PER_REQUEST}) AS row_count FROM payloads)`
  );
}

/**
 * The rows of every request: row r's feature i is field i of CSV line r, or element r·n + i of the first input's
 * flattened (row-major) `data` in JSON; its prediction is line r of a CSV answer or element r of the first output's
 * `data`. Row r > 0 gets the inference id `<id>/<r>`, as in a Lambda capture record, so ground truth joins on one key.
 */
function sageMakerRows(featureCount: number): string {
  const line = (payload: string) => `split_part(${payload}, chr(10), r + 1)`;
  const element = (payload: string, side: string, index: string) =>
    `json_extract_scalar(${payload}, '$.${side}[0].data[' || CAST(${index} AS VARCHAR) || ']')`;
  const features = range(featureCount).map(
    (i) =>
      `TRY_CAST(CASE WHEN csv_in THEN split_part(${line('request')}, ',', ${i + 1}) ` +
      `ELSE ${element('request', 'inputs', `r * ${featureCount} + ${i}`)} END AS DOUBLE) AS f${i + 1}`,
  );
  const prediction =
    `CASE WHEN csv_out THEN split_part(${line('response')}, ',', 1) ` +
    `ELSE ${element('response', 'outputs', 'r')} END`;
  const id = `COALESCE(inference_id, event_id)`;
  return (
    `${CAPTURED} AS (SELECT CASE WHEN r = 0 THEN ${id} ELSE ${id} || '/' || CAST(r AS VARCHAR) END AS inference_id, ` +
    `event_time, ${features.join(', ')}, ${prediction} AS prediction ` +
    `FROM requests CROSS JOIN UNNEST(sequence(0, row_count - 1)) AS t (r) ` +
    // A CSV payload's last newline ends a line; it starts none.
    `WHERE NOT csv_in OR COALESCE(${line('request')}, '') <> '')`
  );
}

/** Name of the prediction in the drift query's result and the drift report. */
export const PREDICTION = '__prediction__';

/**
 * One query that bins every feature and the prediction with the baseline's bins: rows `(feature, bin, n)`, bin -1
 * for a missing value. One scan of the window for all of them.
 */
export function driftQuery(source: CaptureSource, baseline: DriftBaseline, window: Window): string {
  const parts = baseline.features.map((feature, i) => binSelect(feature.name, `f${i + 1}`, feature));
  parts.push(binSelect(PREDICTION, 'prediction', baseline.prediction, true));
  return `WITH ${capturedCte(source, baseline.features.length, window)} ${parts.join(' UNION ALL ')}`;
}

function binSelect(name: string, column: string, feature: FeatureBaseline, text = false): string {
  return `SELECT ${literal(name)} AS feature, ${binExpression(column, feature, text)} AS bin, COUNT(*) AS n FROM ${CAPTURED} GROUP BY 1, 2`;
}

function binExpression(column: string, feature: FeatureBaseline, text: boolean): string {
  if (feature.kind === 'categorical') return categoricalBin(column, feature);
  const value = text ? `TRY_CAST(${column} AS DOUBLE)` : column;
  const cases = feature.edges.map((edge, i) => `WHEN ${value} < ${numberLiteral(edge)} THEN ${i}`);
  return `CASE WHEN ${value} IS NULL THEN -1 ${cases.join(' ')} ELSE ${feature.edges.length} END`;
}

function categoricalBin(column: string, feature: CategoricalBaseline): string {
  const cases = feature.categories.map((category, i) => `WHEN ${column} = ${literal(category)} THEN ${i}`);
  return `CASE WHEN ${column} IS NULL THEN -1 ${cases.join(' ')} ELSE ${feature.categories.length} END`;
}

/**
 * Ground truth joined to the captured predictions of the window: rows `(prediction, label, n)`. Labels are JSON
 * lines `{"inference_id": "...", "label": "..."}` in the ground-truth table, under the hour folder (`dt`,
 * `yyyy/MM/dd/HH`) of the answers they label, so a run reads the window's folders only.
 */
export function qualityQuery(
  source: CaptureSource,
  groundTruthTable: string,
  featureCount: number,
  window: Window,
): string {
  const labelled = `g.dt >= ${literal(hourFolder(window.start))} AND g.dt <= ${literal(hourFolder(addHours(window.end, -1)))}`;
  return (
    `WITH ${capturedCte(source, featureCount, window)} ` +
    `SELECT c.prediction AS prediction, g.label AS label, COUNT(*) AS n FROM ${CAPTURED} c ` +
    `JOIN ${groundTruthTable} g ON g.inference_id = c.inference_id WHERE ${labelled} GROUP BY 1, 2`
  );
}

/** `yyyy/MM/dd/HH` of a time in UTC: the hour folder of the partition projection. */
export function hourFolder(time: Date): string {
  const iso = time.toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(11, 13)}`;
}

function addHours(time: Date, hours: number): Date {
  return new Date(time.getTime() + hours * 3_600_000);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** A SQL string literal. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`bin edge ${value} is not a finite number`);
  // A DOUBLE literal in both engines (Trino reads 5.8 as DECIMAL, which compares fine, but E-notation is DOUBLE).
  return `${value.toExponential()}`;
}
