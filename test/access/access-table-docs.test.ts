import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_ROOT } from '../helpers/app';
import { ACCESS_TABLE, ALIASES } from './access-table';
import { markdownCells } from './access-table-markdown';

const doc = fs.readFileSync(path.join(PROJECT_ROOT, 'docs/security.md'), 'utf8');
/** The cells of every table line of docs/security.md, trimmed of the padding Prettier adds. */
const tableLines = doc
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) => line.split(' | ').map((cell) => cell.replace(/^\|/, '').replace(/\|$/, '').trim()));
const lineOf = (firstCell: string) => tableLines.find((cells) => cells[0] === firstCell);

describe('the access table in docs/security.md', () => {
  test.each(ACCESS_TABLE.map((row) => [row.id, row] as const))(
    'lists %s with its principal, action, resource, context, environments and expected decision',
    (id, row) => {
      const cells = lineOf(`\`${id}\``);
      if (!cells) throw new Error(`docs/security.md has no access-table row ${id}`);
      expect(cells).toEqual(markdownCells(row));
    },
  );

  test('lists no row that the table no longer has', () => {
    const documented = tableLines.map((cells) => cells[0]).filter((cell) => /^`[a-z0-9-]+`$/.test(cell));
    expect(documented.filter((cell) => !ACCESS_TABLE.some((row) => `\`${row.id}\`` === cell))).toEqual([]);
  });

  test.each(Object.entries(ALIASES))('explains the alias {%s}', (name, value) => {
    expect(lineOf(`\`{${name}}\``)).toEqual([`\`{${name}}\``, `\`${value}\``]);
  });
});
