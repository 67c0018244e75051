import * as fs from 'fs';
import * as path from 'path';
import { deploymentConfigJsonSchema, JSON_SCHEMA_FILE } from '../../lib/config/json-schema';
import { PROJECT_ROOT } from '../helpers/app';

test('the checked-in JSON Schema matches the config schema (run `npm run schema` to refresh it)', () => {
  const checkedIn = fs.readFileSync(path.join(PROJECT_ROOT, JSON_SCHEMA_FILE), 'utf8');
  expect(checkedIn).toBe(deploymentConfigJsonSchema());
});

test('the JSON Schema rejects unknown keys so editors flag typos', () => {
  const schema = JSON.parse(deploymentConfigJsonSchema());
  expect(schema.additionalProperties).toBe(false);
  expect(schema.properties.models.additionalProperties.additionalProperties).toBe(false);
});
