import { Document, isMap, isScalar, isSeq, LineCounter, Node, parseDocument, visit } from 'yaml';
import { ConfigIssue } from './errors';
import type { ConfigPath } from './merge';

/**
 * Most nodes that aliases may expand to. A deployment config needs few or none; a "billion laughs" file
 * (aliases of aliases) would otherwise expand to gigabytes. The yaml library checks it while converting
 * (its `maxAliasCount` option, 100 by default; set here so the limit is ours).
 */
const MAX_ALIAS_COUNT = 100;

/** A parsed YAML file that can tell on which line a config path is written. */
export class YamlSource {
  private readonly lines = new LineCounter();
  private readonly document: Document;

  constructor(text: string) {
    this.document = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
  }

  /** Syntax errors and duplicate keys, each with its line (duplicate keys with their dotted path too). */
  get syntaxIssues(): ConfigIssue[] {
    const duplicates = this.duplicateKeys(this.document.contents, []);
    // The parser's own duplicate-key errors name neither key nor path; ours replace them when we found them.
    const others = this.document.errors
      .filter((error) => error.code !== 'DUPLICATE_KEY' || duplicates.length === 0)
      .map((error) => ({
        path: [],
        message: `YAML ${error.code}: ${error.message.split('\n')[0]}`,
        line: this.lines.linePos(error.pos[0]).line,
      }));
    return [...others, ...duplicates];
  }

  /** The plain data, or the issue that stopped the conversion (too many aliases). */
  toJS(): { data: unknown } | { issue: ConfigIssue } {
    try {
      return { data: this.document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      return {
        issue: {
          path: [],
          message: `YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes (${error.message}); write the values out or use fewer aliases`,
          line: this.firstAliasLine(),
        },
      };
    }
  }

  /** The line where a path is written (its key, for mapping entries), or of its closest existing parent. */
  lineOf(path: ConfigPath): number | undefined {
    for (let length = path.length; length > 0; length--) {
      const parent = this.document.getIn(path.slice(0, length - 1), true);
      if (!isMap(parent)) continue;
      const pair = parent.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(path[length - 1]),
      );
      const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (range) return this.lines.linePos(range[0]).line;
    }
    return undefined;
  }

  /** The text of a scalar as written in the file, e.g. `24.10` for a value read as the number 24.1. */
  sourceOf(path: ConfigPath): string | undefined {
    const node = this.document.getIn(path, true);
    return isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
  }

  /** Every key that appears twice in one mapping, at its second occurrence. */
  private duplicateKeys(node: unknown, path: ConfigPath): ConfigIssue[] {
    if (isSeq(node)) return node.items.flatMap((item, index) => this.duplicateKeys(item, [...path, index]));
    if (!isMap(node)) return [];
    const firstLine = new Map<string, number | undefined>();
    return node.items.flatMap((pair): ConfigIssue[] => {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) return [];
      const line = this.lineAt(pair.key as Node);
      const nested = this.duplicateKeys(pair.value, [...path, key]);
      if (!firstLine.has(key)) {
        firstLine.set(key, line);
        return nested;
      }
      return [
        {
          path: [...path, key],
          message: `duplicate key ${JSON.stringify(key)} (first at line ${firstLine.get(key)}): a key may appear once per mapping; merge the two entries`,
          line,
        },
        ...nested,
      ];
    });
  }

  private lineAt(node: Node): number | undefined {
    return node.range ? this.lines.linePos(node.range[0]).line : undefined;
  }

  private firstAliasLine(): number | undefined {
    let line: number | undefined;
    visit(this.document, {
      Alias: (_key, node) => {
        line = this.lineAt(node);
        return visit.BREAK;
      },
    });
    return line;
  }
}
