import { ProcessingInstanceType, ProductionVariantInstanceType } from '@aws-sdk/client-sagemaker';
import { endpointInstanceTypeProblem, processingInstanceTypeProblem } from '../../lib/config/instance-type';
import {
  SAGEMAKER_ENDPOINT_INSTANCE_TYPES,
  SAGEMAKER_PROCESSING_INSTANCE_TYPES,
} from '../../lib/config/sagemaker-instance-types';

const sorted = (values: Iterable<string>) => [...values].sort();

describe('the checked-in instance type lists (run `npm run instance-types` to refresh them)', () => {
  test('match the installed SDK’s ProductionVariantInstanceType', () => {
    expect(sorted(SAGEMAKER_ENDPOINT_INSTANCE_TYPES)).toEqual(
      sorted(Object.values(ProductionVariantInstanceType)),
    );
  });

  test('match the installed SDK’s ProcessingInstanceType', () => {
    expect(sorted(SAGEMAKER_PROCESSING_INSTANCE_TYPES)).toEqual(
      sorted(Object.values(ProcessingInstanceType)),
    );
  });
});

describe('endpoint instance types', () => {
  test.each(['ml.m5.large', 'ml.t2.medium', 'ml.g5.xlarge', 'ml.p6-b200.48xlarge'])(
    '%s is accepted',
    (type) => {
      expect(endpointInstanceTypeProblem(type)).toBeUndefined();
    },
  );

  test.each([
    ['ml.m5.larg', 'is not a SageMaker instance type for endpoints; did you mean ml.m5.large?'],
    ['ml.c5.xlarg', 'is not a SageMaker instance type for endpoints; did you mean ml.c5.xlarge?'],
    [
      'ml.m5.huge',
      'is not a SageMaker instance type for endpoints; the m5 family has ml.m5.2xlarge, ml.m5.4xlarge, ml.m5.12xlarge, ml.m5.24xlarge, ml.m5.large, ml.m5.xlarge',
    ],
    [
      'm5.large',
      'is not a SageMaker instance type for endpoints: types look like ml.<family>.<size>, e.g. ml.m5.large',
    ],
    [
      'ml.zz9.large',
      'is not a SageMaker instance type for endpoints: types look like ml.<family>.<size>, e.g. ml.m5.large',
    ],
  ])('%s: %s', (type, problem) => {
    expect(endpointInstanceTypeProblem(type)).toBe(problem);
  });
});

test('processing jobs (Model Monitor) have their own list', () => {
  expect(processingInstanceTypeProblem('ml.m5.large')).toBeUndefined();
  expect(processingInstanceTypeProblem('ml.t2.medium')).toBe(
    'is not a SageMaker instance type for processing jobs such as Model Monitor; did you mean ml.t3.medium?',
  );
});
