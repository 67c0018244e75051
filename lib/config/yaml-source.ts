import { Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { ConfigIssue } from './errors';
import type { ConfigPath } from './merge';

/** A parsed YAML file that can tell on which line a config path is written. */
export class YamlSource {
  private readonly lines = new LineCounter();
  private readonly document: Document;

  constructor(text: string) {
    this.document = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
  }

  /** Syntax errors, duplicate keys and the like, each with its line. */
  get syntaxIssues(): ConfigIssue[] {
    return this.document.errors.map((error) => ({
      path: [],
      message: `YAML ${error.code}: ${error.message.split('\n')[0]}`,
      line: this.lines.linePos(error.pos[0]).line,
    }));
  }

  toJS(): unknown {
    return this.document.toJS();
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
}
