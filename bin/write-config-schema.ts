#!/usr/bin/env node
import * as fs from 'fs';
import { deploymentConfigJsonSchema, JSON_SCHEMA_FILE } from '../lib/config/json-schema';
import { CONFIG_REFERENCE_FILE, configReference } from '../lib/config/reference';

// Regenerates the JSON Schema that editors use to complete and check config/deployments.yaml, and the
// field reference generated from the same schema.
for (const [file, text] of [
  [JSON_SCHEMA_FILE, deploymentConfigJsonSchema()],
  [CONFIG_REFERENCE_FILE, configReference()],
]) {
  fs.writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
