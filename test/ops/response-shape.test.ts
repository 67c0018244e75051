import { checkInferResponse } from '../../lib/ops/response-shape';
import { PROTOCOL_DATATYPES } from '../../contract/v2-datatypes';
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
    ['a list', [1, 2], ['the answer is an array, not a v2 infer response object']],
    ['null', null, ['the answer is null, not a v2 infer response object']],
    ['no outputs', { model_name: 'iris' }, ['"outputs" must be a non-empty array, got nothing']],
    ['empty outputs', { outputs: [] }, ['"outputs" must be a non-empty array, got an array']],
    [
      'an output that is not an object',
      { outputs: ['label'] },
      ['outputs[0] must be an object, got string "label"'],
    ],
    [
      'a negative dimension',
      { outputs: [{ name: 'label', shape: [-1], datatype: 'INT64', data: [0] }] },
      ['output "label": shape must be an array of non-negative integers, got [-1]'],
    ],
    [
      'a fractional dimension',
      { outputs: [{ name: 'label', shape: [1.5], datatype: 'INT64', data: [0] }] },
      ['output "label": shape must be an array of non-negative integers, got [1.5]'],
    ],
    [
      'too much data',
      { outputs: [{ name: 'label', shape: [2], datatype: 'INT64', data: [0, 2, 1] }] },
      ['output "label": data has 3 elements but shape [2] needs 2'],
    ],
    [
      'data that is not an array',
      { outputs: [{ name: 'label', shape: [2], datatype: 'INT64', data: '0,2' }] },
      ['output "label": data must be an array, got string "0,2"'],
    ],
    [
      'a numeric name and datatype',
      { outputs: [{ name: 1, shape: [1], datatype: 7, data: [0] }] },
      [
        'outputs[0].name must be a non-empty string, got number 1',
        'outputs[0]: datatype number 7 is not one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES',
      ],
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
    ).toEqual([
      'output "x": shape must be an array of non-negative integers, got "not a shape but a long sentence abou...',
    ]);
  });

  test.each([
    [
      'a repeated output name',
      [
        { name: 'label', shape: [1], datatype: 'INT64', data: [0] },
        { name: 'label', shape: [1], datatype: 'INT64', data: [1] },
      ],
      'outputs[1].name "label" appears more than once',
    ],
    [
      'an element of the wrong type',
      [{ name: 'label', shape: [1], datatype: 'INT64', data: ['setosa'] }],
      'output "label": data[0] is string "setosa", not a INT64 value',
    ],
    [
      'a fraction in an integer output',
      [{ name: 'label', shape: [1], datatype: 'INT64', data: [0.5] }],
      'output "label": data[0] is number 0.5, not a INT64 value',
    ],
    [
      'a datatype outside the protocol',
      [{ name: 'label', shape: [1], datatype: 'LONG', data: [0] }],
      `output "label": datatype string "LONG" is not one of ${PROTOCOL_DATATYPES.join(', ')}`,
    ],
  ])('%s, which the pre-traffic hook refuses, is refused by verify too', (_what, outputs, problem) => {
    expect(problemsOf({ outputs })).toEqual([problem]);
  });
});
