import { BUILT_IN_MODEL_DEFAULTS } from '../../lib/config/defaults';
import { minimalConfig, parse } from './fixtures';

// SageMaker Model Monitor is closed to new customers (AWS "Amazon SageMaker Model Monitor availability
// change"): a model is monitored only when its config says so.
test('Model Monitor is off unless a layer of the config turns it on', () => {
  expect(BUILT_IN_MODEL_DEFAULTS.sagemaker.monitoring.enabled).toBe(false);
  const churn = parse(minimalConfig()).environments.flatMap((environment) =>
    environment.models.filter((model) => model.name === 'churn'),
  );
  expect(churn.map((model) => model.sagemaker.monitoring.enabled)).toEqual([false, false]);
});
