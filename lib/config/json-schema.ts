import { z } from 'zod';
import { deploymentConfigSchema } from './schema';

/** Where the editor schema lives, next to the example config that points at it. */
export const JSON_SCHEMA_FILE = 'config/deployments.schema.json';

/**
 * The config schema as a JSON Schema object, draft-07: the YAML language server that reads the
 * `# yaml-language-server: $schema=` comment "Supports JSON Schema 7 and below"
 * (https://github.com/redhat-developer/yaml-language-server#readme), so draft 2020-12 `$defs` would be read
 * with draft-07 rules at best; draft-07 keeps shared schemas under `definitions`. The sections that several layers of the file repeat
 * (ModelSettings, SageMakerSettings with its alarm pack, LambdaSettings, ...) carry an `id` in the schema
 * modules: each is written once under `definitions` and referenced with `$ref`.
 */
export function deploymentConfigJsonSchemaObject(): z.core.JSONSchema.JSONSchema {
  return withPlainRefs(z.toJSONSchema(deploymentConfigSchema, { target: 'draft-7', io: 'input' }));
}

/**
 * Zod writes a field of a defined type as `allOf: [{ $ref }]`, sometimes with the same `$ref` beside it. Where
 * the field has keywords of its own (its description), draft-07 needs the allOf, since it ignores every keyword
 * beside a `$ref`: the extra `$ref` goes. Where it has none, a bare `$ref` says the same more plainly.
 */
function withPlainRefs<T>(node: T): T {
  if (Array.isArray(node)) return node.map(withPlainRefs) as T;
  if (typeof node !== 'object' || node === null) return node;
  const { allOf, $ref, ...own } = node as { allOf?: unknown[]; $ref?: unknown };
  const only = allOf?.length === 1 ? allOf[0] : undefined;
  if (isBareRef(only) && ($ref === undefined || $ref === only.$ref)) {
    const rest = Object.fromEntries(Object.entries(own).map(([key, value]) => [key, withPlainRefs(value)]));
    return (Object.keys(rest).length === 0 ? { $ref: only.$ref } : { ...rest, allOf }) as T;
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, withPlainRefs(value)])) as T;
}

/** The JSON Schema file's text. */
export function deploymentConfigJsonSchema(): string {
  return `${JSON.stringify({ title: 'ML model deployment config', ...deploymentConfigJsonSchemaObject() }, null, 2)}\n`;
}

function isBareRef(schema: unknown): schema is { $ref: string } {
  return (
    typeof schema === 'object' &&
    schema !== null &&
    Object.keys(schema).length === 1 &&
    typeof (schema as { $ref?: unknown }).$ref === 'string'
  );
}
