import { ACCESS_TABLE, AccessRow, ALIASES, Decision } from './access-table';

const DECISION_TEXT: Record<Decision, string> = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'denied (explicit Deny)',
  ImplicitlyDenied: 'denied (no Allow)',
};

const code = (text: string) => `\`${text}\``;

/** The cells of a row as docs/security.md shows them. */
export function markdownCells(row: AccessRow): string[] {
  const context = Object.entries(row.context ?? {})
    .map(([key, value]) => code(`${key}=${value}`))
    .join(', ');
  const environments = row.once ? [] : [row.environments?.join(', ') ?? 'every environment'];
  const where = [...(row.app === 'pipeline' ? ['pipeline'] : []), ...environments].join(', ');
  const expected =
    DECISION_TEXT[row.expect] + (row.knownDefect ? ` — **known defect**: ${row.knownDefect}` : '');
  return [
    code(row.id),
    code(row.principal),
    code(row.action),
    code(row.resource),
    context || '—',
    where,
    expected,
  ];
}

/** The markdown line of a row. */
export function markdownLine(row: AccessRow): string {
  return `| ${markdownCells(row).join(' | ')} |`;
}

/** The whole access table and its aliases, as docs/security.md holds them. */
export function markdownTable(): string {
  return [
    '| Row | Principal | Action | Resource | Context | Where | Expected |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...ACCESS_TABLE.map(markdownLine),
    '',
    '| Alias | Stands for |',
    '| --- | --- |',
    ...Object.entries(ALIASES).map(([name, value]) => `| ${code(`{${name}}`)} | ${code(value)} |`),
  ].join('\n');
}
