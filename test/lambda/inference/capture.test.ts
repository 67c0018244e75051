/**
 * @jest-environment ./test/lambda/inference/onnx-environment.ts
 */
import * as path from 'node:path';
import { CAPTURE_RECORD_VERSION, MAX_CAPTURE_LINE_BYTES } from '../../../contract/capture';
import { createCapture } from '../../../lambda/inference/capture';
import type { InferResponse } from '../../../lambda/inference/protocol';
import { irisConfig, irisInference, quietTelemetry, sampleRequest } from './support';
import { createInference } from '../../../lambda/inference/handler';

const response: InferResponse = {
  model_name: 'iris',
  model_version: 'abc123',
  id: 'req-1',
  outputs: [{ name: 'label', shape: [2], datatype: 'INT64', data: [0, 2] }],
};
const input = { dims: [2, 4], data: Float32Array.from([4.7, 3.2, 1.3, 0.2, 6.3, 3.3, 6.0, 2.5]) };
const feeds = { input };
const INPUTS = [{ name: 'input' }];
const NOW = Date.parse('2026-12-01T10:15:00.000Z');

describe('createCapture', () => {
  it('writes one JSON line per row with id, version, time, features and prediction, in one write', () => {
    const writes: string[] = [];
    createCapture({ samplingPercent: 100, write: (l) => writes.push(l) })(feeds, INPUTS, response, 'x');
    expect(writes).toHaveLength(1);
    expect(writes[0].split('\n')).toHaveLength(2);
    const lines: string[] = [];
    const capture = createCapture({
      samplingPercent: 100,
      write: (l) => lines.push(...l.split('\n')),
      now: () => NOW,
    });
    expect(capture(feeds, INPUTS, response, 'lambda-req')).toEqual({ written: 2, dropped: 0 });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        capture: CAPTURE_RECORD_VERSION,
        model: 'iris',
        version: 'abc123',
        time: '2026-12-01T10:15:00.000Z',
        inference_id: 'req-1',
        features: [4.7, 3.2, 1.3, 0.2],
        prediction: '0',
      },
      expect.objectContaining({ inference_id: 'req-1/1', features: [6.3, 3.3, 6, 2.5], prediction: '2' }),
    ]);
  });

  it('concatenates the row of every input tensor in the model input order: booleans as 1 or 0, strings as null', () => {
    const lines: string[] = [];
    const capture = createCapture({ samplingPercent: 100, write: (l) => lines.push(...l.split('\n')) });
    const multi = {
      tag: { dims: [2], data: ['a', 'β'] },
      x: { dims: [2, 2], data: Float32Array.from([1, 2, 3, 4]) },
      mask: { dims: [2], data: [true, false] },
    };
    const inputs = [{ name: 'x' }, { name: 'mask' }, { name: 'tag' }];
    expect(capture(multi, inputs, response, 'x')).toEqual({ written: 2, dropped: 0 });
    expect(lines.map((l) => JSON.parse(l).features)).toEqual([
      [1, 2, 1, null],
      [3, 4, 0, null],
    ]);
  });

  it('drops and counts every row when a tensor is missing or its values do not split into the rows', () => {
    const lines: string[] = [];
    const capture = createCapture({ samplingPercent: 100, write: (l) => lines.push(l) });
    const inputs = [{ name: 'input' }, { name: 'extra' }];
    expect(capture(feeds, inputs, response, 'x')).toEqual({ written: 0, dropped: 2 });
    const odd = { ...feeds, extra: { dims: [3], data: [1, 2, 3] } };
    expect(capture(odd, inputs, response, 'x')).toEqual({ written: 0, dropped: 2 });
    expect(lines).toEqual([]);
  });

  it('splits a large batch into writes of whole lines, each under the line limit', () => {
    const writes: string[] = [];
    const capture = createCapture({ samplingPercent: 100, write: (w) => writes.push(w) });
    const rows = 2000;
    const batch = {
      input: { dims: [rows, 4], data: Float32Array.from({ length: rows * 4 }, (_, i) => i / 7) },
    };
    const labels = { ...response, outputs: [{ ...response.outputs[0], data: new Array(rows).fill(1) }] };
    expect(capture(batch, INPUTS, labels, 'x')).toEqual({ written: rows, dropped: 0 });
    expect(writes.length).toBeGreaterThan(2);
    for (const w of writes) expect(Buffer.byteLength(w)).toBeLessThanOrEqual(MAX_CAPTURE_LINE_BYTES);
    const records = writes.flatMap((w) => w.split('\n')).map((l) => JSON.parse(l));
    expect(records.map((r) => r.inference_id)).toEqual(
      Array.from({ length: rows }, (_, i) => (i === 0 ? 'req-1' : `req-1/${i}`)),
    );
  });

  it('samples by the configured percentage', () => {
    const lines: string[] = [];
    let next = 0;
    const draws = [0.05, 0.19, 0.2, 0.99];
    const capture = createCapture({
      samplingPercent: 20,
      write: (l) => lines.push(...l.split('\n')),
      random: () => draws[next++],
    });
    const written = draws.map(() => capture(feeds, INPUTS, response, undefined).written);
    expect(written).toEqual([2, 2, 0, 0]);
  });

  it('captures nothing at 0 % without drawing a random number', () => {
    const random = jest.fn(() => 0);
    const capture = createCapture({ samplingPercent: 0, write: () => undefined, random });
    expect(capture(feeds, INPUTS, response, undefined)).toEqual({ written: 0, dropped: 0 });
    expect(random).not.toHaveBeenCalled();
  });

  it('drops and counts a line too long for one CloudWatch Logs event', () => {
    const lines: string[] = [];
    const wide = { dims: [1, MAX_CAPTURE_LINE_BYTES], data: new Float32Array(MAX_CAPTURE_LINE_BYTES) };
    const capture = createCapture({ samplingPercent: 100, write: (l) => lines.push(...l.split('\n')) });
    expect(
      capture(
        { input: wide },
        INPUTS,
        { ...response, outputs: [{ ...response.outputs[0], data: [1] }] },
        'x',
      ),
    ).toEqual({
      written: 0,
      dropped: 1,
    });
    expect(lines).toEqual([]);
  });

  it('never throws: a failing writer costs the sample, counted as dropped', () => {
    const capture = createCapture({
      samplingPercent: 100,
      write: () => {
        throw new Error('EPIPE');
      },
    });
    expect(capture(feeds, INPUTS, response, 'x')).toEqual({ written: 0, dropped: 1 });
  });
});

describe('inference handler with capture on', () => {
  it('captures every input tensor of a model with several inputs, and the prediction of each row', async () => {
    const lines: string[] = [];
    const { handler } = createInference({
      config: irisConfig({
        modelName: 'multi',
        source: { kind: 'file', path: path.join(__dirname, 'fixtures', 'multi-input.onnx') },
        captureSamplingPercent: 100,
      }),
      ...quietTelemetry(),
      writeCaptureLine: (l) => lines.push(...l.split('\n')),
    });
    await handler({
      id: 'req-9',
      inputs: [
        { name: 'x', shape: [2, 2], datatype: 'FP32', data: [1, 2, 3, 4] },
        { name: 'mask', shape: [2], datatype: 'BOOL', data: [true, false] },
        { name: 'tag', shape: [2], datatype: 'BYTES', data: ['a', 'β'] },
      ],
    });
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ inference_id: 'req-9', features: [1, 2, 1, null], prediction: '3' }),
      expect.objectContaining({ inference_id: 'req-9/1', features: [3, 4, 0, null], prediction: '7' }),
    ]);
  });

  it('answers as without capture and writes one record per row of the Iris sample', async () => {
    const lines: string[] = [];
    const withCapture = createInference({
      config: irisConfig({ captureSamplingPercent: 100, modelVersion: 'v7' }),
      ...quietTelemetry(),
      writeCaptureLine: (l) => lines.push(...l.split('\n')),
    });
    const answer = (await withCapture.handler(sampleRequest)) as InferResponse;
    const plain = (await irisInference().handler(sampleRequest)) as InferResponse;
    expect(answer.outputs).toEqual(plain.outputs);
    const records = lines.map((l) => JSON.parse(l));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ model: 'iris', version: 'v7', features: [4.7, 3.2, 1.3, 0.2] });
    expect(records[1].features).toEqual([6.3, 3.3, 6, 2.5]);
  });
});
