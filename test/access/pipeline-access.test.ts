import { testAccessRows } from './access-rows';
import { exampleConfig, synthesizeForAccess } from './synthesized-app';

// Synthesized once for the whole file: the example app with its CodePipeline enabled.
const config = exampleConfig((document) => {
  document.pipeline = {
    enabled: true,
    source: {
      connectionArn: 'arn:aws:codeconnections:eu-west-1:111111111111:connection/0a1b2c3d-4e5f',
      repository: 'acme/ml-models',
      branch: 'main',
    },
  };
});
const model = synthesizeForAccess(config);

describe('the access table on the app with its pipeline', () => {
  testAccessRows('pipeline', () => model, config);
});
