import { ResolvedConfig } from '../../lib/config';
import { AccessModel } from './access-model';
import { ACCESS_TABLE, AccessRow } from './access-table';
import { evaluateRow } from './evaluate-row';

/** The rows of the access table evaluated on one app, with the environments each applies to. */
export function rowsOf(app: NonNullable<AccessRow['app']>, config: ResolvedConfig): [AccessRow, string][] {
  return ACCESS_TABLE.filter((row) => (row.app ?? 'example') === app).flatMap((row) =>
    (row.once ? config.environmentNames.slice(0, 1) : config.environmentNames)
      .filter((environment) => !row.environments || row.environments.includes(environment))
      .map((environment): [AccessRow, string] => [row, environment]),
  );
}

/**
 * One test per row and environment, named after the row. A row with a known defect is expected to
 * fail until the defect is fixed; then its test fails and the marker must go.
 */
export function testAccessRows(
  app: NonNullable<AccessRow['app']>,
  model: () => AccessModel,
  config: ResolvedConfig,
) {
  for (const [row, environment] of rowsOf(app, config)) {
    const where = row.once ? app : environment;
    const title = `${row.id} [${where}]: ${row.principal} ${row.action} is ${row.expect}`;
    if (row.knownDefect) {
      // The defect must show as a decision, not as a row that cannot be evaluated.
      test(`${row.id} [${where}] evaluates to a decision (known defect: ${row.knownDefect})`, async () => {
        const { decision } = await evaluateRow(row, model(), config.project, environment);
        expect(['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied']).toContain(decision);
      });
    }
    (row.knownDefect ? test.failing : test)(title, async () => {
      const { decision, request } = await evaluateRow(row, model(), config.project, environment);
      expect({ row: row.id, environment, decision, request }).toEqual({
        row: row.id,
        environment,
        decision: row.expect,
        request,
      });
    });
  }
}
