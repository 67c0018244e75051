/**
 * Field-by-field merge of settings layers that remembers where each value came from, so that a rule
 * broken by the merged result can name the line the user has to change.
 */

export type ConfigPath = readonly (string | number)[];

export interface SettingsLayer {
  /** Where this layer sits in the config file, e.g. ['models', 'iris', 'environments', 'prod']. */
  readonly path: ConfigPath;
  readonly value: unknown;
}

export interface MergedSettings {
  readonly value: Record<string, unknown>;
  /** Dotted path inside the merged value → full path of the layer field that supplied it. */
  readonly origins: ReadonlyMap<string, ConfigPath>;
}

/** Keys whose value is replaced whole by a more specific layer instead of merged into. */
const ATOMIC_KEYS = new Set(['artifact', 'image']);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges layers from least to most specific. Values that are not plain objects replace earlier ones. */
export function mergeLayers(layers: readonly SettingsLayer[]): MergedSettings {
  const value: Record<string, unknown> = {};
  const origins = new Map<string, ConfigPath>();
  for (const layer of layers) {
    if (isPlainObject(layer.value)) mergeInto(value, layer.value, [], layer.path, origins);
  }
  return { value, origins };
}

function mergeInto(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
  at: readonly string[],
  layerPath: ConfigPath,
  origins: Map<string, ConfigPath>,
): void {
  for (const [key, incoming] of Object.entries(source)) {
    if (incoming === undefined) continue;
    const path = [...at, key];
    const existing = target[key];
    if (isPlainObject(incoming) && isPlainObject(existing) && !ATOMIC_KEYS.has(key)) {
      mergeInto(existing, incoming, path, layerPath, origins);
      continue;
    }
    target[key] = isPlainObject(incoming) ? structuredClone(incoming) : incoming;
    forgetOrigins(origins, path);
    origins.set(path.join('.'), [...layerPath, ...path]);
  }
}

function forgetOrigins(origins: Map<string, ConfigPath>, path: readonly string[]): void {
  const prefix = path.join('.') + '.';
  for (const key of [...origins.keys()]) if (key.startsWith(prefix)) origins.delete(key);
}

/** The config-file path that supplied a merged field, falling back to its closest supplied parent. */
export function originOf(merged: MergedSettings, path: readonly string[]): ConfigPath | undefined {
  for (let length = path.length; length > 0; length--) {
    const origin = merged.origins.get(path.slice(0, length).join('.'));
    if (origin) return length === path.length ? origin : [...origin, ...path.slice(length)];
  }
  return undefined;
}
