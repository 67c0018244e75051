import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';

/**
 * Runs one query in a workgroup and returns its rows as objects of text values. StartQueryExecution,
 * GetQueryExecution and GetQueryResults ("Amazon Athena API Reference",
 * https://docs.aws.amazon.com/athena/latest/APIReference/API_Operations.html); the workgroup enforces the result
 * location, its encryption and the bytes-scanned cutoff, so the query names none of them.
 */
export async function runQuery(
  client: AthenaClient,
  workgroup: string,
  sql: string,
  options: { pollMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<{ rows: Record<string, string | null>[]; bytesScanned: number }> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = await client.send(
    new StartQueryExecutionCommand({ QueryString: sql, WorkGroup: workgroup }),
  );
  const id = started.QueryExecutionId!;
  for (;;) {
    const { QueryExecution: execution } = await client.send(
      new GetQueryExecutionCommand({ QueryExecutionId: id }),
    );
    const state = execution?.Status?.State;
    if (state === 'SUCCEEDED') {
      return {
        rows: await readRows(client, id),
        bytesScanned: execution?.Statistics?.DataScannedInBytes ?? 0,
      };
    }
    if (state === 'FAILED' || state === 'CANCELLED') {
      throw new Error(
        `Athena query ${id} ${state}: ${execution?.Status?.StateChangeReason ?? 'no reason given'}`,
      );
    }
    await sleep(options.pollMs ?? 1000);
  }
}

async function readRows(client: AthenaClient, id: string): Promise<Record<string, string | null>[]> {
  const rows: Record<string, string | null>[] = [];
  let columns: string[] | undefined;
  let token: string | undefined;
  do {
    const page = await client.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token }));
    columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Name ?? '') ?? [];
    const data = page.ResultSet?.Rows ?? [];
    // The first row of the first page holds the column names.
    for (const row of token === undefined ? data.slice(1) : data) {
      rows.push(Object.fromEntries(columns.map((c, i) => [c, row.Data?.[i]?.VarCharValue ?? null])));
    }
    token = page.NextToken;
  } while (token);
  return rows;
}
