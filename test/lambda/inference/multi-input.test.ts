/**
 * @jest-environment ./test/lambda/inference/onnx-environment.ts
 */
import * as path from 'node:path';
import { createInference } from '../../../lambda/inference/handler';
import { irisConfig, quietTelemetry } from './support';

const MODEL_PATH = path.join(__dirname, 'fixtures', 'multi-input.onnx');

const x = (rows: number, data: unknown[] = new Array(rows * 2).fill(1)) => ({
  name: 'x',
  shape: [rows, 2],
  datatype: 'FP32',
  data,
});
const mask = (data: unknown[]) => ({ name: 'mask', shape: [data.length], datatype: 'BOOL', data });
const tag = (data: unknown[]) => ({ name: 'tag', shape: [data.length], datatype: 'BYTES', data });

describe('a model with several inputs and element types', () => {
  const { handler } = createInference({
    config: irisConfig({ modelName: 'multi', source: { kind: 'file', path: MODEL_PATH } }),
    ...quietTelemetry(),
  });

  test('FP32, BOOL and BYTES tensors round-trip through ONNX Runtime', async () => {
    const answer = await handler({
      inputs: [x(2, [1, 2, 3, 4]), mask([true, false]), tag(['a', 'β'])],
    });

    expect(answer).toEqual({
      model_name: 'multi',
      model_version: '1',
      outputs: [
        { name: 'total', shape: [2], datatype: 'FP32', data: [3, 7] },
        { name: 'inverted', shape: [2], datatype: 'BOOL', data: [false, true] },
        { name: 'echo', shape: [2], datatype: 'BYTES', data: ['a', 'β'] },
      ],
    });
  });

  test('a missing input is answered 400 naming it and the required inputs', async () => {
    const answer = await handler({ inputs: [x(1), tag(['a'])] });

    expect(answer).toEqual({
      statusCode: 400,
      error: 'missing input "mask"; the model requires "x", "mask", "tag"',
    });
  });

  test('inputs that disagree on a shared dimension are answered 400', async () => {
    const answer = await handler({ inputs: [x(2), mask([true, false, true]), tag(['a', 'b'])] });

    expect(answer).toEqual({
      statusCode: 400,
      error: 'input "mask": dimension 0 ("batch") is 3 but input "x" gives it 2',
    });
  });

  test('a number where BOOL is expected is answered 400', async () => {
    const answer = await handler({ inputs: [x(1), mask([1]), tag(['a'])] });

    expect(answer).toEqual({
      statusCode: 400,
      error: 'input "mask": data[0] is 1, expected true or false (BOOL)',
    });
  });

  test('a number where BYTES is expected is answered 400', async () => {
    const answer = await handler({ inputs: [x(1), mask([true]), tag([7])] });

    expect(answer).toEqual({
      statusCode: 400,
      error: 'input "tag": data[0] is 7, expected a string (BYTES)',
    });
  });

  test('the metadata lists every input and output', async () => {
    const answer = await handler({
      version: '2.0',
      rawPath: '/v2/models/multi',
      requestContext: { http: { method: 'GET' } },
    });

    expect(JSON.parse((answer as { body: string }).body)).toEqual({
      name: 'multi',
      versions: ['1'],
      platform: 'onnxruntime',
      inputs: [
        { name: 'x', datatype: 'FP32', shape: [-1, 2] },
        { name: 'mask', datatype: 'BOOL', shape: [-1] },
        { name: 'tag', datatype: 'BYTES', shape: [-1] },
      ],
      outputs: [
        { name: 'total', datatype: 'FP32', shape: [-1] },
        { name: 'inverted', datatype: 'BOOL', shape: [-1] },
        { name: 'echo', datatype: 'BYTES', shape: [-1] },
      ],
    });
  });
});
