import { readHookConfig } from '../../../lambda/pre-traffic-hook/config';
import { SAMPLE_REQUEST, TARGET_VERSION_ARN } from './support';

describe('the pre-traffic hook configuration', () => {
  test('reads the target, the sample request and the expected model', () => {
    const config = readHookConfig({
      TARGET_VERSION_ARN,
      SAMPLE_REQUEST,
      EXPECTED_MODEL_NAME: 'iris-lambda',
      EXPECTED_MODEL_VERSION: '3f1c2a9b8d7e',
    });
    expect(config).toEqual({
      targetVersionArn: TARGET_VERSION_ARN,
      sampleRequest: SAMPLE_REQUEST,
      expected: { name: 'iris-lambda', version: '3f1c2a9b8d7e' },
    });
  });

  test('lists every problem at once', () => {
    expect(() =>
      readHookConfig({
        TARGET_VERSION_ARN: 'arn:aws:lambda:eu-west-1:123456789012:function:iris:live',
        SAMPLE_REQUEST: '{"input": [1]}',
      }),
    ).toThrow(
      'Invalid pre-traffic hook configuration:\n' +
        ' - TARGET_VERSION_ARN ("arn:aws:lambda:eu-west-1:123456789012:function:iris:live") must be a function version ARN, e.g. arn:aws:lambda:eu-west-1:123456789012:function:my-model:7\n' +
        ' - SAMPLE_REQUEST must be a v2 infer request: "inputs" must be a non-empty array, got nothing',
    );
  });

  test('a sample request whose data does not fill its shape is refused at initialisation', () => {
    const request = { inputs: [{ name: 'input', shape: [2, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] };
    expect(() => readHookConfig({ TARGET_VERSION_ARN, SAMPLE_REQUEST: JSON.stringify(request) })).toThrow(
      ' - SAMPLE_REQUEST must be a v2 infer request: input "input": data has 4 elements but shape [2,4] needs 8',
    );
  });

  test('a sample request that is not JSON names the parser’s reason', () => {
    expect(() => readHookConfig({ TARGET_VERSION_ARN, SAMPLE_REQUEST: '{' })).toThrow(
      /SAMPLE_REQUEST is not JSON: /,
    );
  });
});
