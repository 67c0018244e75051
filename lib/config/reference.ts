import { SHARED_ENDPOINT_DEFAULTS } from './shared-endpoints';
import {
  BUILT_IN_BUCKET_DEFAULTS,
  BUILT_IN_CAPTURE_BUCKET_DEFAULTS,
  BUILT_IN_MODEL_DEFAULTS,
} from './defaults';
import { deploymentConfigJsonSchemaObject } from './json-schema';

/** Where the generated field reference lives. */
export const CONFIG_REFERENCE_FILE = 'docs/config-reference.md';

/** The subset of JSON Schema the config schema produces. */
interface JsonSchema {
  readonly type?: string | string[];
  readonly description?: string;
  readonly properties?: Record<string, JsonSchema>;
  readonly required?: string[];
  readonly additionalProperties?: JsonSchema | boolean;
  readonly items?: JsonSchema;
  readonly enum?: unknown[];
  readonly const?: unknown;
  readonly anyOf?: JsonSchema[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly multipleOf?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly $ref?: string;
  readonly allOf?: JsonSchema[];
  readonly definitions?: Record<string, JsonSchema>;
}

interface Row {
  readonly field: string;
  readonly allowed: string;
  readonly default: string;
  readonly meaning: string;
}

/**
 * Every field of the config file as markdown tables, generated from the schema (types, limits and
 * descriptions) and the built-in defaults, so that the reference cannot miss a field.
 */
export function configReference(): string {
  const root = inlineDefinitions(deploymentConfigJsonSchemaObject() as JsonSchema);
  const top = root.properties!;
  const environment = recordValue(top.environments);
  const model = recordValue(top.models);
  const knobs = top.defaults;
  const modelOwn = Object.fromEntries(
    Object.entries(model.properties!).filter(([key]) => !(key in knobs.properties!)),
  );
  const environmentOwn = Object.fromEntries(
    Object.entries(environment.properties!).filter(([key]) => key !== 'defaults'),
  );
  const bucketDefaults = {
    modelBucket: BUILT_IN_BUCKET_DEFAULTS,
    captureBucket: BUILT_IN_CAPTURE_BUCKET_DEFAULTS,
  };
  return [
    '# Configuration reference',
    '',
    'Generated from the config schema by `npm run schema`; every field of `config/deployments.yaml` is',
    'here. [configuration.md](configuration.md) explains how the layers resolve, and the target guides',
    'explain what the knobs do. "Default" is the built-in value; `—` means none (the field is optional',
    'or required as the table says).',
    '',
    section(
      'Top level',
      rowsOf(
        {
          ...top,
          defaults: undefined,
          environments: undefined,
          models: undefined,
          pipeline: undefined,
          sharedEndpoints: undefined,
        },
        '',
        root.required,
      ),
    ),
    section('`environments.<env>`', rowsOf(environmentOwn, '', environment.required, bucketDefaults)),
    section('`models.<name>`', rowsOf(modelOwn, '', model.required)),
    section(
      'Model knobs (`defaults`, `environments.<env>.defaults`, `models.<name>`, `models.<name>.environments.<env>`)',
      rowsOf(knobs.properties!, '', [], BUILT_IN_MODEL_DEFAULTS),
    ),
    section('`pipeline`', rowsOf(top.pipeline.properties!, 'pipeline.', top.pipeline.required)),
    sharedEndpointSection(recordValue(top.sharedEndpoints)),
  ].join('\n');
}

/** `sharedEndpoints.<name>`: models on one endpoint as inference components (docs/sagemaker-hosting.md). */
function sharedEndpointSection(group: JsonSchema): string {
  return section(
    '`sharedEndpoints.<name>` (models as inference components of one endpoint, named `<project>-<name>-<env>`)',
    rowsOf(group.properties!, '', group.required, SHARED_ENDPOINT_DEFAULTS),
  );
}

function section(title: string, rows: Row[]): string {
  const table = [
    '| Field | Allowed | Default | Meaning |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${[row.field, row.allowed, row.default, row.meaning].map(cell).join(' | ')} |`),
  ];
  return [`## ${title}`, '', ...table, ''].join('\n');
}

function rowsOf(
  properties: Record<string, JsonSchema | undefined>,
  prefix: string,
  required: readonly string[] = [],
  defaults: unknown = undefined,
): Row[] {
  return Object.entries(properties).flatMap(([key, schema]): Row[] => {
    if (!schema) return [];
    const field = `${prefix}${key}`;
    const defaultValue = isRecord(defaults) ? defaults[key] : undefined;
    const nested = objectProperties(schema);
    if (nested) {
      const own = schema.description
        ? [{ field, allowed: 'object', default: '—', meaning: schema.description }]
        : [];
      return [...own, ...rowsOf(nested.properties, `${field}.`, nested.required, defaultValue)];
    }
    if (schema.type === 'array' && schema.items && objectProperties(schema.items)) {
      const items = objectProperties(schema.items)!;
      return [
        {
          field,
          allowed: `list${limits(schema)}`,
          default: formatDefault(defaultValue),
          meaning: schema.description ?? '',
        },
        ...rowsOf(items.properties, `${field}[].`, items.required),
      ];
    }
    return [
      {
        field,
        allowed: allowedOf(schema) + (required.includes(key) ? ', required' : ''),
        default: formatDefault(defaultValue),
        meaning: schema.description ?? '',
      },
    ];
  });
}

/** The properties of an object schema, or of the value schema of a map with known keys. */
function objectProperties(
  schema: JsonSchema,
): { properties: Record<string, JsonSchema>; required?: string[] } | undefined {
  if (schema.properties) return { properties: schema.properties, required: schema.required };
  return undefined;
}

/**
 * The schema with every `$ref` to its `definitions` replaced by the definition, so that each table lists the
 * fields of a section wherever the file repeats it. The keywords beside a reference (its description) win.
 */
function inlineDefinitions(root: JsonSchema): JsonSchema {
  const { definitions = {}, ...schema } = root;
  const definition = (ref: string): JsonSchema => {
    const prefix = '#/definitions/';
    const found = ref.startsWith(prefix) ? definitions[ref.slice(prefix.length)] : undefined;
    if (!found) throw new Error(`The config JSON Schema refers to ${ref}, which it does not define`);
    return found;
  };
  const inline = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inline);
    if (!isRecord(node)) return node;
    const { $ref, allOf, ...own } = node as JsonSchema;
    const ref = $ref ?? (allOf?.length === 1 ? allOf[0].$ref : undefined);
    const inlined = Object.fromEntries(
      Object.entries(ref ? own : node).map(([key, value]) => [key, inline(value)]),
    );
    return ref ? { ...(inline(definition(ref)) as JsonSchema), ...inlined } : inlined;
  };
  return inline(schema) as JsonSchema;
}

function recordValue(schema: JsonSchema): JsonSchema {
  return schema.additionalProperties as JsonSchema;
}

function allowedOf(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(allowedOf).join(' or ');
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(', ');
  if (schema.const !== undefined) return `\`${String(schema.const)}\``;
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
  if (type === 'object') {
    const value = schema.additionalProperties;
    return typeof value === 'object' ? `map of ${allowedOf(value)}` : 'object';
  }
  if (type === 'array') return `list of ${schema.items ? allowedOf(schema.items) : 'any'}${limits(schema)}`;
  const extra = [
    schema.format,
    !schema.format && schema.pattern && `pattern \`${schema.pattern}\``,
    schema.multipleOf !== undefined && `multiple of ${schema.multipleOf}`,
  ].filter(Boolean);
  return `${type}${limits(schema)}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

function limits(schema: JsonSchema): string {
  const low = schema.minimum ?? schema.minLength ?? schema.minItems;
  const high = schema.maximum ?? schema.maxLength ?? schema.maxItems;
  const unit = schema.minLength !== undefined || schema.maxLength !== undefined ? ' chars' : '';
  const items = schema.minItems !== undefined || schema.maxItems !== undefined ? ' items' : '';
  if (schema.exclusiveMinimum !== undefined)
    return ` > ${schema.exclusiveMinimum}${high !== undefined ? `, ≤ ${high}` : ''}`;
  if (low !== undefined && high !== undefined) return ` ${low}–${high}${unit}${items}`;
  if (low !== undefined) return ` ≥ ${low}${unit}${items}`;
  if (high !== undefined) return ` ≤ ${high}${unit}${items}`;
  return '';
}

function formatDefault(value: unknown): string {
  if (value === undefined) return '—';
  if (Array.isArray(value) && value.length === 0) return '`[]`';
  if (isRecord(value) && Object.keys(value).length === 0) return '`{}`';
  return `\`${JSON.stringify(value)}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
