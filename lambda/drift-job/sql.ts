import type { CategoricalBaseline, DriftBaseline, FeatureBaseline } from '../../contract/baseline';

/**
 * The SQL of the drift and quality queries. Athena runs them (Trino dialect); the tests run the same text on DuckDB
 * over fixture files. Everything is written in the part of SQL both engines read the same way (CASE, TRY_CAST,
 * 1-based array subscripts, split_part, UNION ALL, GROUP BY ordinals); the two functions that differ (JSON paths and
 * base64) come from the {@link SqlDialect}.
 */
export interface SqlDialect {
  readonly name: 'athena' | 'duckdb';
  /** The text at a JSONPath of a JSON text, or NULL. */
  jsonText(json: string, path: string): string;
  /** A base64 text decoded to UTF-8 text. */
  fromBase64(text: string): string;
}

/**
 * Athena engine version 3 (Trino): json_extract_scalar, from_base64 and from_utf8 ("Functions in Amazon Athena",
 * https://docs.aws.amazon.com/athena/latest/ug/functions.html; Trino "JSON functions" and "Binary functions").
 */
export const ATHENA: SqlDialect = {
  name: 'athena',
  jsonText: (json, path) => `json_extract_scalar(${json}, ${literal(path)})`,
  fromBase64: (text) => `from_utf8(from_base64(${text}))`,
};

/** DuckDB: json_extract_string and from_base64 (a BLOB, decoded to text). */
export const DUCKDB: SqlDialect = {
  name: 'duckdb',
  jsonText: (json, path) => `json_extract_string(${json}, ${literal(path)})`,
  fromBase64: (text) => `decode(from_base64(${text}))`,
};

/** Where a model's captured records are and what shape they have. */
export type CaptureSource =
  | {
      /** The capture records of a Lambda-hosted model (contract/capture.ts). */
      readonly format: 'lambda';
      /** `"database"."table"` of the records. */
      readonly table: string;
    }
  | {
      /** SageMaker data capture: one JSON line per request with captureData.endpointInput/endpointOutput. */
      readonly format: 'sagemaker';
      readonly table: string;
      /** JSONPath of the first row's value of feature i in a JSON request, `{i}` replaced. @default '$.inputs[0].data[{i}]' (a v2 infer request) */
      readonly inputJsonPath?: string;
      /** JSONPath of the prediction in a JSON response. @default '$.outputs[0].data[0]' */
      readonly outputJsonPath?: string;
    };

/** A window of captured time: [start, end), ISO 8601 UTC. */
export interface Window {
  readonly start: Date;
  readonly end: Date;
}

/** Column names of the normalized capture rows every query reads. */
export const CAPTURED = 'captured';

/**
 * The CTE `captured(inference_id, event_time, f1 … fn, prediction)` over the window. Partitions are hourly folders
 * (`dt` = `yyyy/MM/dd/HH`, read by partition projection); the folder is the hour the record arrived in, so the
 * hour after the window is read too and the event time decides.
 */
export function capturedCte(
  source: CaptureSource,
  featureCount: number,
  window: Window,
  dialect: SqlDialect,
): string {
  const partitions = `dt >= ${literal(hourFolder(window.start))} AND dt <= ${literal(hourFolder(addHours(window.end, 1)))}`;
  const from = literal(window.start.toISOString());
  const to = literal(window.end.toISOString());
  if (source.format === 'lambda') {
    const features = range(featureCount).map((i) => `features[${i + 1}] AS f${i + 1}`);
    return (
      `${CAPTURED} AS (SELECT inference_id, "time" AS event_time, ${features.join(', ')}, prediction ` +
      `FROM ${source.table} WHERE ${partitions} AND "time" >= ${from} AND "time" < ${to})`
    );
  }
  const input = 'captureData.endpointInput';
  const output = 'captureData.endpointOutput';
  const text = (side: string) =>
    `CASE WHEN ${side}.encoding = 'BASE64' THEN ${dialect.fromBase64(`${side}.data`)} ELSE ${side}.data END`;
  const inputPath = source.inputJsonPath ?? '$.inputs[0].data[{i}]';
  const features = range(featureCount).map((i) => {
    const json = dialect.jsonText('request', inputPath.replace('{i}', String(i)));
    return `TRY_CAST(CASE WHEN csv_in THEN split_part(request, ',', ${i + 1}) ELSE ${json} END AS DOUBLE) AS f${i + 1}`;
  });
  const prediction = `CASE WHEN csv_out THEN split_part(response, ',', 1) ELSE ${dialect.jsonText('response', source.outputJsonPath ?? '$.outputs[0].data[0]')} END`;
  return (
    `raw AS (SELECT eventMetadata.inferenceId AS inference_id, eventMetadata.eventId AS event_id, ` +
    `eventMetadata.inferenceTime AS event_time, ${text(input)} AS request, ${text(output)} AS response, ` +
    `${input}.observedContentType = 'text/csv' AS csv_in, ${output}.observedContentType = 'text/csv' AS csv_out ` +
    `FROM ${source.table} WHERE ${partitions} AND eventMetadata.inferenceTime >= ${from} ` +
    `AND eventMetadata.inferenceTime < ${to}), ` +
    `${CAPTURED} AS (SELECT COALESCE(inference_id, event_id) AS inference_id, event_time, ${features.join(', ')}, ` +
    `${prediction} AS prediction FROM raw)`
  );
}

/** Name of the prediction in the drift query's result and the drift report. */
export const PREDICTION = '__prediction__';

/**
 * One query that bins every feature and the prediction with the baseline's bins: rows `(feature, bin, n)`, bin -1
 * for a missing value. One scan of the window for all of them.
 */
export function driftQuery(
  source: CaptureSource,
  baseline: DriftBaseline,
  window: Window,
  dialect: SqlDialect,
): string {
  const parts = baseline.features.map((feature, i) => binSelect(feature.name, `f${i + 1}`, feature));
  parts.push(binSelect(PREDICTION, 'prediction', baseline.prediction, true));
  return `WITH ${capturedCte(source, baseline.features.length, window, dialect)} ${parts.join(' UNION ALL ')}`;
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
 * lines `{"inference_id": "...", "label": "..."}` in the ground-truth table.
 */
export function qualityQuery(
  source: CaptureSource,
  groundTruthTable: string,
  featureCount: number,
  window: Window,
  dialect: SqlDialect,
): string {
  return (
    `WITH ${capturedCte(source, featureCount, window, dialect)} ` +
    `SELECT c.prediction AS prediction, g.label AS label, COUNT(*) AS n FROM ${CAPTURED} c ` +
    `JOIN ${groundTruthTable} g ON g.inference_id = c.inference_id GROUP BY 1, 2`
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
