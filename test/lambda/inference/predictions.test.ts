/**
 * @jest-environment ./test/lambda/inference/onnx-environment.ts
 */
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { InferResponse } from '../../../lambda/inference/protocol';
import {
  asInferResponse,
  heldout,
  IRIS_MODEL_PATH,
  irisInference,
  lambdaContext,
  requestFor,
  sampleRequest,
} from './support';

const SETOSA = 0;
const VIRGINICA = 2;

function output(response: InferResponse, name: string) {
  const found = response.outputs.find((o) => o.name === name);
  if (found === undefined) throw new Error(`no output ${name}`);
  return found;
}

describe('inference on the shipped Iris model', () => {
  const { handler } = irisInference();

  test('the sample request is classified as setosa and virginica', async () => {
    const response = asInferResponse(await handler(sampleRequest, lambdaContext()));

    expect(response.model_name).toBe('iris');
    expect(response.model_version).toBe('1');
    expect(output(response, 'label')).toEqual({
      name: 'label',
      shape: [2],
      datatype: 'INT64',
      data: [SETOSA, VIRGINICA],
    });
    const probabilities = output(response, 'probabilities');
    expect(probabilities.shape).toEqual([2, 3]);
    expect(probabilities.datatype).toBe('FP32');
    const p = probabilities.data as number[];
    expect(p[0]).toBeCloseTo(0.99745, 4);
    expect(p[5]).toBeCloseTo(0.99986, 4);
    expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 5);
    expect(p[3] + p[4] + p[5]).toBeCloseTo(1, 5);
  });

  test('the handler answers exactly what the bare ONNX Runtime session computes', async () => {
    const session = await InferenceSession.create(IRIS_MODEL_PATH);
    const input = sampleRequest.inputs[0];
    const bare = await session.run({
      input: new Tensor('float32', Float32Array.from(input.data as number[]), [2, 4]),
    });

    const response = asInferResponse(await handler(sampleRequest));

    expect(output(response, 'probabilities').data).toEqual(
      Array.from(bare.probabilities.data as Float32Array),
    );
    expect(output(response, 'label').data).toEqual(Array.from(bare.label.data as BigInt64Array, Number));
    await session.release();
  });

  test('held-out accuracy through the handler is 29 of 30', async () => {
    const response = asInferResponse(await handler(requestFor(heldout.features)));

    const predicted = output(response, 'label').data as number[];
    expect(predicted).toHaveLength(30);
    const correct = predicted.filter((label, i) => label === heldout.labels[i]).length;
    expect(correct / heldout.labels.length).toBeGreaterThanOrEqual(0.9);
    expect(correct).toBe(29);
  });

  test('50 concurrent requests are all answered correctly', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => i % heldout.features.length);

    const responses = await Promise.all(
      rows.map((row) => handler({ ...requestFor([heldout.features[row]]), id: `r${row}` })),
    );

    const byRow = responses.map((r) => asInferResponse(r));
    const single = asInferResponse(await handler(requestFor(heldout.features)));
    const expected = output(single, 'label').data as number[];
    byRow.forEach((response, i) => {
      expect(response.id).toBe(`r${rows[i]}`);
      expect(output(response, 'label').data).toEqual([expected[rows[i]]]);
    });
  });

  test('concurrent first requests share a single model load', async () => {
    const create = jest.spyOn(InferenceSession, 'create');
    const fresh = irisInference();

    const responses = await Promise.all(Array.from({ length: 20 }, () => fresh.handler(sampleRequest)));

    expect(create).toHaveBeenCalledTimes(1);
    responses.forEach((r) => expect(output(asInferResponse(r), 'label').data).toEqual([SETOSA, VIRGINICA]));
    create.mockRestore();
  });

  test('a request can ask for a subset of the outputs and gets its id back', async () => {
    const response = asInferResponse(
      await handler({ ...sampleRequest, id: 'abc-1', outputs: [{ name: 'label' }] }),
    );

    expect(response.id).toBe('abc-1');
    expect(response.outputs.map((o) => o.name)).toEqual(['label']);
  });

  test('nested row-major data is accepted like flat data', async () => {
    const request = {
      inputs: [
        { name: 'input', shape: [2, 4], datatype: 'FP32', data: [heldout.features[0], heldout.features[29]] },
      ],
    };

    const response = asInferResponse(await handler(request));

    expect(output(response, 'label').data).toEqual([heldout.labels[0], heldout.labels[29]]);
  });

  test('an empty batch is answered with empty outputs', async () => {
    const response = asInferResponse(
      await handler({ inputs: [{ name: 'input', shape: [0, 4], datatype: 'FP32', data: [] }] }),
    );

    expect(output(response, 'label')).toEqual({ name: 'label', shape: [0], datatype: 'INT64', data: [] });
  });

  test('a direct invoke payload given as a JSON string is accepted', async () => {
    const response = asInferResponse(await handler(JSON.stringify(sampleRequest)));

    expect(output(response, 'label').data).toEqual([SETOSA, VIRGINICA]);
  });
});
