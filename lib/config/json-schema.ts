import { z } from 'zod';
import { deploymentConfigSchema } from './schema';

/** Where the editor schema lives, next to the example config that points at it. */
export const JSON_SCHEMA_FILE = 'config/deployments.schema.json';

/** The config schema as JSON Schema (draft-07, the version YAML editors understand best). */
export function deploymentConfigJsonSchema(): string {
  const schema = z.toJSONSchema(deploymentConfigSchema, { target: 'draft-7', io: 'input' });
  return `${JSON.stringify({ title: 'ML model deployment config', ...schema }, null, 2)}\n`;
}
