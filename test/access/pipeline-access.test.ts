import { testAccessRows } from './access-rows';
import { exampleConfig, synthesizeForAccess } from './synthesized-app';
import { SAMPLE_ENVIRONMENT } from './physical-names';

/** The account of the environment the access table evaluates across accounts (see PIPELINE_ENVIRONMENTS). */
export const OTHER_ACCOUNT = '222222222222';

// Synthesized once for the whole file: the example app with its CodePipeline enabled, running in the
// sample account, where dev and prod are deployed too, and staging in another account, so the rows
// prove the verify step's role assumption both within the pipeline's account and across accounts.
const config = exampleConfig((document) => {
  document.environments.staging.account = OTHER_ACCOUNT;
  document.pipeline = {
    enabled: true,
    account: SAMPLE_ENVIRONMENT.account,
    region: SAMPLE_ENVIRONMENT.region,
    source: {
      connectionArn: `arn:aws:codeconnections:${SAMPLE_ENVIRONMENT.region}:${SAMPLE_ENVIRONMENT.account}:connection/0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d`,
      repository: 'acme/ml-models',
      branch: 'main',
    },
  };
});
const model = synthesizeForAccess(config);

describe('the access table on the app with its pipeline', () => {
  testAccessRows('pipeline', () => model, config);
});
