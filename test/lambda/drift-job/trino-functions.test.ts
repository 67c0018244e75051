import { DuckDBInstance } from '@duckdb/node-api';
import { defineTrinoFunctions } from './trino-functions';

/** Each Trino function the drift SQL calls gives on DuckDB what Trino's documentation says it gives. */
async function value(sql: string): Promise<unknown> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  await defineTrinoFunctions(connection);
  const rows = (await connection.runAndReadAll(`SELECT ${sql} AS v`)).getRowObjectsJS();
  const v = rows[0].v;
  return typeof v === 'bigint' ? Number(v) : v;
}

describe('json_extract_scalar', () => {
  test('returns a number, a string or a boolean at the path as text, indexes from 0', async () => {
    expect(await value(`json_extract_scalar('[1, 2, 3]', '$[2]')`)).toBe('3');
    expect(await value(`json_extract_scalar('{"a": {"b": "x"}}', '$.a.b')`)).toBe('x');
    expect(await value(`json_extract_scalar('{"a": true}', '$.a')`)).toBe('true');
  });

  test('returns NULL for an object, an array, a missing value, JSON null and text that is not JSON', async () => {
    for (const [json, path] of [
      ['{"a": {"b": 1}}', '$.a'],
      ['{"a": [1]}', '$.a'],
      ['{"a": 1}', '$.b'],
      ['[1]', '$[5]'],
      ['{"a": null}', '$.a'],
      ['4.7,3.2', '$[0]'],
    ]) {
      expect(await value(`json_extract_scalar('${json}', '${path}')`)).toBeNull();
    }
  });

  test('takes a computed path', async () => {
    expect(await value(`json_extract_scalar('{"d": [5, 6, 7]}', '$.d[' || CAST(2 AS VARCHAR) || ']')`)).toBe(
      '7',
    );
  });
});

test('from_utf8(from_base64(x)) decodes base64 to UTF-8 text', async () => {
  expect(await value(`from_utf8(from_base64('NC43LDMuMg=='))`)).toBe('4.7,3.2');
  expect(await value(`from_utf8(from_base64('w6k='))`)).toBe('é');
});

test('element_at indexes an array from 1 and gives NULL past its end', async () => {
  expect(await value(`element_at([4.7, 3.2]::DOUBLE[], 2)`)).toBe(3.2);
  expect(await value(`element_at([4.7, 3.2]::DOUBLE[], 3)`)).toBeNull();
});

test('sequence(start, stop) includes both ends', async () => {
  expect(await value(`sequence(0, 3)`)).toEqual([0, 1, 2, 3].map(BigInt));
  expect(await value(`sequence(0, 0)`)).toEqual([BigInt(0)]);
});
