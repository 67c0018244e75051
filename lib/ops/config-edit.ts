import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, Pair, parseDocument, YAMLMap } from 'yaml';

/**
 * Edits of the deployment config that keep the file as people wrote it: comments, order, quoting and
 * flow style. The yaml Document API makes the edit; the changed entry is then spliced into the original
 * text at the node's source range, so a review shows only the lines that changed. When the splice cannot
 * be proven to give the same data as the Document edit (flow collections, odd layouts), the whole edited
 * document is written instead, which still keeps every comment.
 */

export type YamlPath = readonly string[];

/** Sets `path` (a mapping entry, replacing any value there) and returns the new file text. */
export function setYamlValue(text: string, path: YamlPath, value: unknown): string {
  const edited = parseDocument(text);
  setWithParents(edited, path, value);
  const spliced = splice(text, parseDocument(text), path, value);
  if (spliced !== undefined && sameData(spliced, edited)) return spliced;
  return edited.toString({ lineWidth: 0 });
}

/** The value at `path` as plain data, or undefined when the file does not set it. */
export function getYamlValue(text: string, path: YamlPath): unknown {
  const node = parseDocument(text).getIn(path, true);
  return node === undefined ? undefined : (node as { toJSON(): unknown }).toJSON();
}

/** Like Document.setIn, also when an entry on the way holds null (`prod:` with nothing under it). */
function setWithParents(doc: Document, path: YamlPath, value: unknown): void {
  for (let depth = 1; depth < path.length; depth++) {
    const parent = doc.getIn(path.slice(0, depth), true);
    if (isScalar(parent) && parent.value === null) {
      doc.setIn(path.slice(0, depth), doc.createNode(nest(path.slice(depth), value)));
      return;
    }
  }
  doc.setIn(path, doc.createNode(value));
}

function splice(text: string, doc: Document, path: YamlPath, value: unknown): string | undefined {
  let map: unknown = doc.contents;
  for (let depth = 0; depth < path.length; depth++) {
    if (!isBlockMap(map)) return undefined;
    const pair = map.items.find((item) => isScalar(item.key) && item.key.value === path[depth]);
    const rest = path.slice(depth);
    if (!pair) return insertEntry(text, map, nest(rest, value));
    const last = depth === path.length - 1;
    if (last || pair.value === null || (isScalar(pair.value) && pair.value.value === null)) {
      return replaceEntry(text, pair, nest(rest, value));
    }
    map = pair.value;
  }
  return undefined;
}

/** Adds `entry` (one key) after the last entry of a block mapping. */
function insertEntry(text: string, map: YAMLMap, entry: Record<string, unknown>): string | undefined {
  const range = map.range;
  if (!range) return undefined;
  const at = range[1];
  const separator = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
  return text.slice(0, at) + separator + block(entry, columnOf(text, range[0]), true) + text.slice(at);
}

/** Replaces a key and its value with `entry`, from the key to the end of the value's last line. */
function replaceEntry(text: string, pair: Pair, entry: Record<string, unknown>): string | undefined {
  const key = pair.key as { range?: [number, number, number] };
  const valueRange = (pair.value as { range?: [number, number, number] } | null)?.range;
  if (!key.range) return undefined;
  const start = key.range[0];
  let end = valueRange ? valueRange[2] : key.range[2];
  if (end > 0 && text[end - 1] !== '\n') {
    const newline = text.indexOf('\n', end);
    end = newline === -1 ? text.length : newline + 1;
  }
  const replacement = block(entry, columnOf(text, start), false);
  return text.slice(0, start) + replacement + text.slice(end);
}

/** `entry` as block YAML lines at `column`; the first line unindented when the text already is. */
function block(entry: Record<string, unknown>, column: number, indentFirst: boolean): string {
  const indent = ' '.repeat(column);
  const lines = new Document(entry).toString({ lineWidth: 0 }).replace(/\n$/, '').split('\n');
  return lines.map((line, i) => (i === 0 && !indentFirst ? line : indent + line)).join('\n') + '\n';
}

function nest(path: YamlPath, value: unknown): Record<string, unknown> {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

function isBlockMap(node: unknown): node is YAMLMap {
  return isMap(node) && !node.flow && node.items.length > 0;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function sameData(text: string, expected: Document): boolean {
  const parsed = parseDocument(text);
  return parsed.errors.length === 0 && isDeepStrictEqual(parsed.toJS(), expected.toJS());
}
