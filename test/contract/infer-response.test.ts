import { inferResponseProblems } from '../../contract/infer-response';
import { irisAnswer } from '../lambda/pre-traffic-hook/support';

/** The Iris answer with one change applied. */
function changed(change: (answer: Record<string, any>) => void) {
  const answer = irisAnswer();
  change(answer);
  return answer;
}

describe('checking a v2 infer response', () => {
  test('the real Iris answer is valid', () => {
    expect(inferResponseProblems(irisAnswer(), { name: 'iris-lambda', version: '3f1c2a9b8d7e' })).toEqual([]);
  });

  test.each([
    ['an array', [], ['the answer is an array, not a v2 infer response object']],
    [
      'an error answer',
      { statusCode: 404, error: 'model "x" is not served here' },
      ['the model answered 404: "model \\"x\\" is not served here"'],
    ],
    ['no outputs', changed((a) => delete a.outputs), ['"outputs" must be a non-empty array, got nothing']],
    [
      'empty outputs',
      changed((a) => (a.outputs = [])),
      ['"outputs" must be a non-empty array, got an array'],
    ],
    [
      'an unnamed output',
      changed((a) => (a.outputs[0].name = '')),
      ['outputs[0].name must be a non-empty string, got string ""'],
    ],
    [
      'a repeated output name',
      changed((a) => (a.outputs[1].name = 'probabilities')),
      ['outputs[1].name "probabilities" appears more than once'],
    ],
    [
      'an unknown datatype',
      changed((a) => (a.outputs[1].datatype = 'LONG')),
      [
        'output "label": datatype string "LONG" is not one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES',
      ],
    ],
    [
      'a negative dimension',
      changed((a) => (a.outputs[0].shape = [-1, 3])),
      ['output "probabilities": shape must be an array of non-negative integers, got [-1,3]'],
    ],
    [
      'data that does not fill the shape',
      changed((a) => (a.outputs[0].shape = [3, 3])),
      ['output "probabilities": data has 6 elements but shape [3,3] needs 9'],
    ],
    [
      'an element of the wrong type',
      changed((a) => (a.outputs[1].data = [0, 'virginica'])),
      ['output "label": data[1] is string "virginica", not a INT64 value'],
    ],
    [
      'a missing model name',
      changed((a) => delete a.model_name),
      ['"model_name" must be a string, got nothing'],
    ],
  ])('reports %s', (_name, answer, problems) => {
    expect(inferResponseProblems(answer, { name: 'iris-lambda' })).toEqual(problems);
  });

  test('reports another model’s answer', () => {
    expect(inferResponseProblems(irisAnswer(), { name: 'churn' })).toEqual([
      '"model_name" is "iris-lambda", expected "churn"',
    ]);
  });

  test('accepts BOOL and BYTES outputs of the right element type', () => {
    const answer = {
      model_name: 'm',
      outputs: [
        { name: 'flag', datatype: 'BOOL', shape: [2], data: [true, false] },
        { name: 'tag', datatype: 'BYTES', shape: [1], data: ['spam'] },
      ],
    };
    expect(inferResponseProblems(answer)).toEqual([]);
  });
});
