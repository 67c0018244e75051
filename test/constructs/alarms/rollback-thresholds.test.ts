import { Duration } from 'aws-cdk-lib';
import { rollbackThresholdProblems } from '../../../lib/constructs/alarms/rollback-thresholds';
import { constructionError } from '../lambda/support';
import { rejection } from '../sagemaker/support';

describe('the rollback thresholds both hosting targets share', () => {
  test.each([-1, 100.5, Number.NaN])('an error rate of %s percent is refused', (maxErrorRatePercent) => {
    expect(rollbackThresholdProblems({ maxErrorRatePercent })).toEqual([
      {
        field: 'rollbackAlarms.maxErrorRatePercent',
        value: String(maxErrorRatePercent),
        message: 'must be from 0 to 100',
      },
    ]);
  });

  test.each([0, 1, 100, undefined])('an error rate of %s percent is accepted', (maxErrorRatePercent) => {
    expect(rollbackThresholdProblems({ maxErrorRatePercent, maxP99Latency: Duration.seconds(1) })).toEqual(
      [],
    );
  });

  test('both constructs refuse a bad threshold with the same words, under the same prop name', () => {
    const rollbackAlarms = { maxErrorRatePercent: 150 };
    const problem = ' - rollbackAlarms.maxErrorRatePercent 150 must be from 0 to 100';
    expect(rejection({ rollbackAlarms })).toBe(`Invalid SageMakerEndpoint Test/Churn:\n${problem}`);
    expect(constructionError({ rollbackAlarms })).toBe(`Invalid LambdaInference Models/Iris:\n${problem}`);
  });
});
