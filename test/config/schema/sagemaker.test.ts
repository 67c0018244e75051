import { minimalConfig, parse, rejection } from '../fixtures';

describe('the SageMaker sample request', () => {
  test('resolves to an absolute path', () => {
    const config = minimalConfig();
    config.models.churn.sagemaker = { sampleRequest: 'models/iris/sample-request.json' };
    const churn = parse(config).environments[0].models.find((m) => m.name === 'churn')!;
    expect(churn.sagemaker.sampleRequest).toMatch(/^\/.*models\/iris\/sample-request\.json$/);
  });

  test('must exist', () => {
    expect(rejection((c) => (c.models.churn.sagemaker = { sampleRequest: 'models/nope.json' }))).toMatch(
      / - models\.churn\.sagemaker\.sampleRequest: "models\/nope\.json" does not exist \(paths are relative to .*\)/,
    );
  });
});
