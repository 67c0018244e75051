/**
 * @jest-environment ./test/lambda/inference/onnx-environment.ts
 */
import { bodyOf, irisConfig, irisInference, quietTelemetry, sampleRequest, urlEvent } from './support';
import { createInference } from '../../../lambda/inference/handler';

const ROW = [5.1, 3.5, 1.4, 0.2];

function input(overrides: Record<string, unknown>) {
  return { name: 'input', shape: [1, 4], datatype: 'FP32', data: ROW, ...overrides };
}

describe('requests that do not match the model are answered 400 with the reason', () => {
  const { handler } = irisInference();

  test.each([
    [
      'a body that is not an object',
      [1, 2],
      'request body must be a JSON object with an "inputs" array, got an array',
    ],
    ['a null body', null, 'request body must be a JSON object with an "inputs" array, got null'],
    ['no inputs', { id: 'x' }, 'request has no "inputs"; the model expects "input"'],
    [
      'inputs that are not an array',
      { inputs: { name: 'input' } },
      '"inputs" must be a non-empty array, got an object',
    ],
    ['an empty inputs array', { inputs: [] }, '"inputs" must be a non-empty array, got an array'],
    [
      'an input that is not an object',
      { inputs: [42] },
      'inputs[0] must be an object with name, shape, datatype and data',
    ],
    [
      'an input without a name',
      { inputs: [input({ name: undefined })] },
      'inputs[0].name must be a string, got nothing',
    ],
    [
      'an unknown input name',
      { inputs: [input({ name: 'features' })] },
      'unknown input "features"; the model\'s inputs are "input"',
    ],
    ['a duplicate input', { inputs: [input({}), input({})] }, 'input "input" is given more than once'],
    [
      'the wrong datatype',
      { inputs: [input({ datatype: 'FP64' })] },
      'input "input": datatype "FP64" does not match the model\'s FP32',
    ],
    [
      'a missing datatype',
      { inputs: [input({ datatype: undefined })] },
      'input "input": datatype is missing; the model\'s is FP32',
    ],
    [
      'a shape that is not an array',
      { inputs: [input({ shape: '1,4' })] },
      'input "input": shape must be an array of non-negative integers, got "1,4"',
    ],
    [
      'a shape with a negative dimension',
      { inputs: [input({ shape: [-1, 4] })] },
      'input "input": shape must be an array of non-negative integers, got [-1,4]',
    ],
    [
      'a shape with a fractional dimension',
      { inputs: [input({ shape: [1.5, 4] })] },
      'input "input": shape must be an array of non-negative integers, got [1.5,4]',
    ],
    [
      'the wrong rank',
      { inputs: [input({ shape: [4] })] },
      'input "input": shape [4] has rank 1 but the model\'s [-1,4] has rank 2',
    ],
    [
      'a fixed dimension that does not match',
      { inputs: [input({ shape: [2, 3], data: [1, 2, 3, 4, 5, 6] })] },
      'input "input": shape [2,3] does not match the model\'s [-1,4] (dimension 1 must be 4)',
    ],
    [
      'too few data elements for the shape',
      { inputs: [input({ shape: [2, 4] })] },
      'input "input": data has 4 elements but shape [2,4] needs 8',
    ],
    [
      'data that is not an array',
      { inputs: [input({ data: 'abc' })] },
      'input "input": data must be an array, got string "abc"',
    ],
    [
      'non-numeric data',
      { inputs: [input({ data: [5.1, '3.5', 1.4, 0.2] })] },
      'input "input": data[1] is "3.5", expected a finite number within the float32 range (FP32)',
    ],
    [
      'a number beyond the float32 range',
      { inputs: [input({ data: [5.1, 3.5, 1e39, 0.2] })] },
      'input "input": data[2] is 1e+39, expected a finite number within the float32 range (FP32)',
    ],
    [
      'a batch over the limit',
      { inputs: [input({ shape: [65, 4], data: new Array(260).fill(1) })] },
      'input "input": batch size 65 (dimension 0 of shape [65,4]) exceeds the limit of 64',
    ],
    [
      'an unknown requested output',
      { ...sampleRequest, outputs: [{ name: 'logits' }] },
      'unknown output "logits"; the model\'s outputs are "probabilities", "label"',
    ],
    [
      'a requested output without a name',
      { ...sampleRequest, outputs: ['label'] },
      'outputs[0] must be an object with a string "name"',
    ],
    [
      'a duplicate requested output',
      { ...sampleRequest, outputs: [{ name: 'label' }, { name: 'label' }] },
      'output "label" is requested more than once',
    ],
    ['an id that is not a string', { ...sampleRequest, id: 7 }, '"id" must be a string, got number 7'],
  ])('%s', async (_case, request, message) => {
    const answer = await handler(request);

    expect(answer).toEqual({ statusCode: 400, error: message });
  });

  test('a batch limit lower than the default is enforced', async () => {
    const { handler: limited } = createInference({
      config: irisConfig({ maxBatchSize: 2 }),
      ...quietTelemetry(),
    });

    const answer = await limited({ inputs: [input({ shape: [3, 4], data: [...ROW, ...ROW, ...ROW] })] });

    expect(answer).toEqual({
      statusCode: 400,
      error: 'input "input": batch size 3 (dimension 0 of shape [3,4]) exceeds the limit of 2',
    });
  });

  test('an HTTP body that is not JSON is answered 400 with the parser reason', async () => {
    const answer = await handler(urlEvent('POST', '/v2/models/iris/infer', '{"inputs": ['));

    expect(answer).toMatchObject({ statusCode: 400, headers: { 'content-type': 'application/json' } });
    expect(bodyOf(answer).error).toMatch(/^request body is not valid JSON: /);
  });

  test('an empty HTTP body is answered 400', async () => {
    const answer = await handler(urlEvent('POST', '/v2/models/iris/infer'));

    expect(answer).toMatchObject({ statusCode: 400 });
    expect(bodyOf(answer)).toEqual({ error: 'request body is empty; send a JSON v2 inference request' });
  });

  test('an HTTP body over the byte limit is answered 413 before it is parsed', async () => {
    const { handler: small } = createInference({
      config: irisConfig({ maxRequestBytes: 64 }),
      ...quietTelemetry(),
    });

    const answer = await small(urlEvent('POST', '/v2/models/iris/infer', sampleRequest));

    expect(answer).toMatchObject({ statusCode: 413 });
    expect(bodyOf(answer)).toEqual({ error: 'request body is 100 bytes, more than the limit of 64 bytes' });
  });

  test('a base64 body over the byte limit is measured after decoding', async () => {
    const { handler: small } = createInference({
      config: irisConfig({ maxRequestBytes: 64 }),
      ...quietTelemetry(),
    });
    const encoded = Buffer.from(JSON.stringify(sampleRequest)).toString('base64');

    const answer = await small(urlEvent('POST', '/v2/models/iris/infer', encoded, { isBase64Encoded: true }));

    expect(answer).toMatchObject({ statusCode: 413 });
    expect(bodyOf(answer).error).toBe('request body is 100 bytes, more than the limit of 64 bytes');
  });
});
