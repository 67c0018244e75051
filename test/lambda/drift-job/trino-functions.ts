import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The four Trino functions the drift SQL uses that DuckDB has not under these names, defined on DuckDB as macros
 * with Trino's documented meaning, so the tests run the very text Athena runs (lambda/drift-job/sql.ts). Each macro
 * is built only from DuckDB's documented functions ("JSON Processing Functions",
 * https://duckdb.org/docs/stable/data/json/json_functions; "Blob Functions",
 * https://duckdb.org/docs/stable/sql/functions/blob; "List Functions",
 * https://duckdb.org/docs/stable/sql/functions/list) and has a test of its own in trino-functions.test.ts.
 */
export const TRINO_FUNCTIONS_ON_DUCKDB: readonly string[] = [
  // Trino: the scalar at the path as VARCHAR; NULL for an object or array, a missing value, JSON null or a text
  // that is not JSON. DuckDB's json_extract_string returns the JSON text of objects and arrays and fails on
  // malformed input, hence the guards.
  `CREATE MACRO json_extract_scalar(json, path) AS CASE WHEN json_valid(json) AND json_type(json, path) NOT IN ('OBJECT', 'ARRAY') THEN json_extract_string(json, path) END`,
  // Trino: VARBINARY → VARCHAR, reading the bytes as UTF-8. DuckDB's from_base64 returns a BLOB; decode reads it.
  `CREATE MACRO from_utf8(bytes) AS decode(bytes)`,
  // Trino: the element at a 1-based index, NULL past the end. A DuckDB list subscript is 1-based and NULL past
  // the end too (DuckDB's own element_at reads maps only).
  `CREATE MACRO element_at(list, i) AS list[i]`,
  // Trino: the array start, start + 1, …, stop. DuckDB's generate_series includes its stop value the same way.
  `CREATE MACRO sequence(start, stop) AS generate_series(start, stop)`,
];

export async function defineTrinoFunctions(connection: DuckDBConnection): Promise<void> {
  for (const statement of TRINO_FUNCTIONS_ON_DUCKDB) await connection.run(statement);
}
