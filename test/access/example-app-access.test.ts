import { testAccessRows } from './access-rows';
import { exampleConfig, synthesizeForAccess } from './synthesized-app';

// Synthesized once for the whole file: the example app of config/deployments.yaml, every environment.
const config = exampleConfig();
const model = synthesizeForAccess(config);

describe('the access table on the example app', () => {
  testAccessRows('example', () => model, config);
});
