import { checkInferResponse } from '../../lib/ops/response-shape';
import { fixture } from './support';

const problemsOf = (answer: unknown) => {
  const check = checkInferResponse(answer);
  return check.ok ? [] : check.problems;
};

describe('the shape of a v2 infer answer', () => {
  test('a Triton answer is valid, and its outputs are summarised', () => {
    expect(checkInferResponse(fixture('triton-infer-response.json'))).toEqual({
      ok: true,
      outputs: [
        { name: 'probabilities', shape: [2, 3], datatype: 'FP32' },
        { name: 'label', shape: [2], datatype: 'INT64' },
      ],
    });
  });

  test('the Lambda handler’s answer is valid', () => {
    expect(checkInferResponse(fixture('lambda-infer-response.json')).ok).toBe(true);
  });

  test('a scalar output (shape []) holds one value', () => {
    expect(problemsOf({ outputs: [{ name: 'score', shape: [], datatype: 'FP32', data: [0.5] }] })).toEqual(
      [],
    );
  });

  test.each([
    ['a list', [1, 2], ['the answer is [1,2], not an object']],
    ['null', null, ['the answer is null, not an object']],
    ['no outputs', { model_name: 'iris' }, ['"outputs" must be a non-empty array, got nothing']],
    ['empty outputs', { outputs: [] }, ['"outputs" must be a non-empty array, got []']],
    [
      'an output that is not an object',
      { outputs: ['label'] },
      ['outputs[0] must be an object, got "label"'],
    ],
    [
      'a negative dimension',
      { outputs: [{ name: 'label', shape: [-1], datatype: 'INT64', data: [0] }] },
      ['outputs[0].shape must be an array of non-negative integers, got [-1]'],
    ],
    [
      'a fractional dimension',
      { outputs: [{ name: 'label', shape: [1.5], datatype: 'INT64', data: [0] }] },
      ['outputs[0].shape must be an array of non-negative integers, got [1.5]'],
    ],
    [
      'too much data',
      { outputs: [{ name: 'label', shape: [2], datatype: 'INT64', data: [0, 2, 1] }] },
      ['outputs[0].data has 3 values; shape [2] holds 2'],
    ],
    [
      'data that is not an array',
      { outputs: [{ name: 'label', shape: [2], datatype: 'INT64', data: '0,2' }] },
      ['outputs[0].data must be an array, got "0,2"'],
    ],
    [
      'a numeric name and datatype',
      { outputs: [{ name: 1, shape: [1], datatype: 7, data: [0] }] },
      ['outputs[0].name must be a string, got 1', 'outputs[0].datatype must be a string, got 7'],
    ],
  ])('%s is reported', (_what, answer, problems) => {
    expect(problemsOf(answer)).toEqual(problems);
  });

  test('long values are named by kind', () => {
    const data = Array.from({ length: 50 }, (_, i) => i);
    expect(
      problemsOf({
        outputs: [{ name: 'x', shape: 'not a shape but a long sentence about it', datatype: 'FP32', data }],
      }),
    ).toEqual(['outputs[0].shape must be an array of non-negative integers, got a string']);
  });
});
