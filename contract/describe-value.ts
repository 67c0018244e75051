/**
 * Values of a request or an answer, for messages. Nested arrays and objects are described, never serialised:
 * their depth is the sender's, and serialising a deep one would exhaust the stack.
 */

/** `an array`, `an object`, `null`, `nothing`, or the type and a preview of a primitive: `string "abc"`. */
export function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${preview(value)}`;
}

/** A primitive or a short flat array as JSON (cut at 40 characters); longer arrays by length, objects by kind. */
export function preview(value: unknown): string {
  if (Array.isArray(value)) {
    const flat = value.length <= 8 && value.every((v) => typeof v !== 'object' || v === null);
    if (!flat) return `an array of ${value.length}`;
  } else if (typeof value === 'object' && value !== null) {
    return 'an object';
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
