import * as fs from 'fs';
import * as path from 'path';
import {
  deploymentConfigJsonSchema,
  deploymentConfigJsonSchemaObject,
  JSON_SCHEMA_FILE,
} from '../../lib/config/json-schema';
import { PROJECT_ROOT } from '../helpers/app';

const schema = deploymentConfigJsonSchemaObject() as Record<string, any>;

/** Every `$ref` in the schema, with where it sits. */
function refsOf(node: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(node)) return node.flatMap((value, index) => refsOf(value, `${at}/${index}`));
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' ? [{ at, ref: value as string }] : refsOf(value, `${at}/${key}`),
  );
}

/** The definition a property points at, bare or (beside its own description) through allOf. */
const definitionOf = (property: { $ref?: string; allOf?: { $ref: string }[] }) =>
  (property.$ref ?? property.allOf?.[0].$ref)?.replace('#/definitions/', '');

test('the checked-in JSON Schema matches the config schema (run `npm run schema` to refresh it)', () => {
  const checkedIn = fs.readFileSync(path.join(PROJECT_ROOT, JSON_SCHEMA_FILE), 'utf8');
  expect(checkedIn).toBe(deploymentConfigJsonSchema());
});

test('the JSON Schema rejects unknown keys so editors flag typos', () => {
  expect(schema.additionalProperties).toBe(false);
  expect(schema.properties.models.additionalProperties.additionalProperties).toBe(false);
  for (const [name, definition] of Object.entries<Record<string, any>>(schema.definitions)) {
    if (definition.type === 'object' && definition.properties)
      expect([name, definition.additionalProperties]).toEqual([name, false]);
  }
});

test('is draft-07, the draft YAML editors validate with, with definitions where draft-07 keeps them', () => {
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  expect(schema.$defs).toBeUndefined();
  for (const { at, ref } of refsOf(schema)) {
    expect([at, ref]).toEqual([at, expect.stringMatching(/^#\/definitions\//)]);
    expect([at, schema.definitions[ref.replace('#/definitions/', '')]]).toEqual([at, expect.any(Object)]);
  }
});

test('the model knobs are defined once for the four layers that set them', () => {
  const environment = schema.properties.environments.additionalProperties;
  const model = schema.properties.models.additionalProperties;
  expect(definitionOf(schema.properties.defaults)).toBe('ModelSettings');
  expect(definitionOf(environment.properties.defaults)).toBe('ModelSettings');
  expect(definitionOf(model.properties.environments.additionalProperties)).toBe('ModelSettings');
  for (const knob of ['sagemaker', 'lambda', 'scaling', 'rollout', 'customAlarms'])
    expect(model.properties[knob].$ref).toBe(schema.definitions.ModelSettings.properties[knob].$ref);
});

test('each alarm pack is written once in the file', () => {
  const text = deploymentConfigJsonSchema();
  expect(text.match(/"latencyP99": \{/g)).toHaveLength(1);
  expect(text.match(/"modelLoadTime": \{/g)).toHaveLength(1);
  expect(schema.definitions.SageMakerSettings.properties.alarms.$ref).toBe('#/definitions/SageMakerAlarms');
  expect(schema.definitions.LambdaSettings.properties.alarms.$ref).toBe('#/definitions/LambdaAlarms');
});

test('a reference beside its own description keeps the description, which draft-07 ignores beside a bare $ref', () => {
  for (const { at } of refsOf(schema)) {
    const holder = at
      .split('/')
      .slice(1)
      .reduce((node: any, key) => node[key], schema);
    expect([at, Object.keys(holder)]).toEqual([at, ['$ref']]);
  }
  expect(schema.properties.defaults).toEqual({
    description: 'Model knobs for every model in every environment.',
    allOf: [{ $ref: '#/definitions/ModelSettings' }],
  });
});
