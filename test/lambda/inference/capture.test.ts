/**
 * @jest-environment ./test/lambda/inference/onnx-environment.ts
 */
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
const NOW = Date.parse('2026-12-01T10:15:00.000Z');

describe('createCapture', () => {
  it('writes one JSON line per row with id, version, time, features and prediction, in one write', () => {
    const writes: string[] = [];
    createCapture({ samplingPercent: 100, write: (l) => writes.push(l) })(input, response, 'x');
    expect(writes).toHaveLength(1);
    expect(writes[0].split('\n')).toHaveLength(2);
    const lines: string[] = [];
    const capture = createCapture({
      samplingPercent: 100,
      write: (l) => lines.push(...l.split('\n')),
      now: () => NOW,
    });
    expect(capture(input, response, 'lambda-req')).toEqual({ written: 2, dropped: 0 });
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

  it('samples by the configured percentage', () => {
    const lines: string[] = [];
    let next = 0;
    const draws = [0.05, 0.19, 0.2, 0.99];
    const capture = createCapture({
      samplingPercent: 20,
      write: (l) => lines.push(...l.split('\n')),
      random: () => draws[next++],
    });
    const written = draws.map(() => capture(input, response, undefined).written);
    expect(written).toEqual([2, 2, 0, 0]);
  });

  it('captures nothing at 0 % without drawing a random number', () => {
    const random = jest.fn(() => 0);
    const capture = createCapture({ samplingPercent: 0, write: () => undefined, random });
    expect(capture(input, response, undefined)).toEqual({ written: 0, dropped: 0 });
    expect(random).not.toHaveBeenCalled();
  });

  it('drops and counts a line too long for one CloudWatch Logs event', () => {
    const lines: string[] = [];
    const wide = { dims: [1, MAX_CAPTURE_LINE_BYTES], data: new Float32Array(MAX_CAPTURE_LINE_BYTES) };
    const capture = createCapture({ samplingPercent: 100, write: (l) => lines.push(...l.split('\n')) });
    expect(capture(wide, { ...response, outputs: [{ ...response.outputs[0], data: [1] }] }, 'x')).toEqual({
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
    expect(capture(input, response, 'x')).toEqual({ written: 0, dropped: 1 });
  });
});

describe('inference handler with capture on', () => {
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
