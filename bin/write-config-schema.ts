#!/usr/bin/env node
import * as fs from 'fs';
import { deploymentConfigJsonSchema, JSON_SCHEMA_FILE } from '../lib/config/json-schema';

// Regenerates the JSON Schema that editors use to complete and check config/deployments.yaml.
fs.writeFileSync(JSON_SCHEMA_FILE, deploymentConfigJsonSchema());
console.log(`wrote ${JSON_SCHEMA_FILE}`);
