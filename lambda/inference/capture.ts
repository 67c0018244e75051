import { CAPTURE_RECORD_VERSION, MAX_CAPTURE_LINE_BYTES, type CaptureRecord } from '../../contract/capture';
import type { InferResponse } from './protocol';

/**
 * Sampled capture of answers as JSON lines on stdout. A CloudWatch Logs subscription filter ships the lines to the
 * capture stream (lib/constructs/monitoring/lambda-capture.ts), so the handler makes no network call, holds no
 * buffer across the freeze that follows each return, and cannot fail or slow an answer beyond building and
 * writing the lines: a write to a pipe is synchronous in Node.js on Linux ("process I/O", Node.js API,
 * https://nodejs.org/api/process.html#a-note-on-process-io), so nothing is left pending when Lambda freezes the
 * execution environment after the handler returns.
 */
export interface CaptureOutcome {
  /** Rows written. */
  readonly written: number;
  /** Rows sampled but not written (line too long, or a shape the record cannot hold). */
  readonly dropped: number;
}

export interface CaptureOptions {
  /** Percentage (0–100) of answers captured. */
  readonly samplingPercent: number;
  /**
   * Writes the request's lines, joined by newlines, without the last newline: one write per captured request, or
   * several of whole lines when they would exceed {@link MAX_CAPTURE_LINE_BYTES} together.
   * Lambda's log collector splits what the function writes to stdout at newlines into log events (which is why the
   * Node.js runtime's console methods turn newlines inside a message into carriage returns), so each line is an
   * event of its own.
   * @default process.stdout
   */
  readonly write?: (line: string) => void;
  /** Uniform random number in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Current time. @default Date.now */
  readonly now?: () => number;
}

/** An input tensor of a validated request, as the model received it. */
export interface CapturedInput {
  readonly dims: readonly number[];
  readonly data: ArrayLike<unknown>;
}

/**
 * Captures a sampled share of answers: `feeds` are the request's input tensors by name, `inputs` the model's inputs
 * in order (its metadata, passed as is so that an answer not sampled costs no allocation).
 */
export type Capture = (
  feeds: Readonly<Record<string, CapturedInput>>,
  inputs: readonly { readonly name: string }[],
  response: InferResponse,
  fallbackId: string | undefined,
) => CaptureOutcome;

const NOTHING: CaptureOutcome = { written: 0, dropped: 0 };

/** A capture function; with a sampling percentage of 0 it does nothing and costs one comparison. */
export function createCapture(options: CaptureOptions): Capture {
  const { samplingPercent } = options;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  return (feeds, inputs, response, fallbackId) => {
    if (samplingPercent <= 0 || random() * 100 >= samplingPercent) return NOTHING;
    try {
      const tensors = inputs.map((input) => feeds[input.name]);
      return writeRecords(tensors, response, fallbackId, new Date(now()).toISOString(), write);
    } catch {
      // Capture never fails an answer: whatever went wrong costs the sample, counted as dropped.
      return { written: 0, dropped: 1 };
    }
  };
}

/**
 * One record per row of the batch (the first dimension of the first input): the row's values of every input tensor,
 * flattened and concatenated in the model's input order, and the row's prediction.
 */
function writeRecords(
  tensors: readonly (CapturedInput | undefined)[],
  response: InferResponse,
  fallbackId: string | undefined,
  time: string,
  write: (line: string) => void,
): CaptureOutcome {
  const first = tensors[0];
  const rows = first === undefined ? 0 : first.dims.length > 1 ? first.dims[0] : 1;
  // A tensor missing from the request, or one whose values do not split into the batch's rows, leaves no record
  // that could be read in the model's input order: the sample is dropped, every row counted.
  if (tensors.some((t) => t === undefined || (rows > 0 && t.data.length % rows !== 0))) {
    return { written: 0, dropped: Math.max(rows, 1) };
  }
  const present = tensors as readonly CapturedInput[];
  const widths = present.map((t) => (rows > 0 ? t.data.length / rows : 0));
  const output = response.outputs[0];
  const outWidth = rows > 0 ? output.data.length / rows : 0;
  const id = response.id ?? fallbackId ?? 'unknown';
  let chunk = '';
  let written = 0;
  let dropped = 0;
  for (let row = 0; row < rows; row++) {
    const features: (number | null)[] = [];
    present.forEach((t, i) => appendFeatures(features, t.data, row * widths[i], (row + 1) * widths[i]));
    const record: CaptureRecord = {
      capture: CAPTURE_RECORD_VERSION,
      model: response.model_name,
      version: response.model_version,
      time,
      inference_id: row === 0 ? id : `${id}/${row}`,
      features,
      prediction: predictionOf(output.data.slice(row * outWidth, (row + 1) * outWidth)),
    };
    const line = JSON.stringify(record);
    // Length in UTF-16 units bounds the UTF-8 bytes of JSON.stringify's output from below only for ASCII; the
    // records are numbers and ids, so the check is cheap and exact enough to keep every line one log event.
    if (line.length > MAX_CAPTURE_LINE_BYTES) {
      dropped++;
      continue;
    }
    // One write for the request's lines, split into writes of whole lines that each stay under the limit.
    if (chunk.length > 0 && chunk.length + 1 + line.length > MAX_CAPTURE_LINE_BYTES) {
      write(chunk);
      chunk = '';
    }
    chunk = chunk.length > 0 ? `${chunk}\n${line}` : line;
    written++;
  }
  if (chunk.length > 0) write(chunk);
  return { written, dropped };
}

/**
 * Appends a row's values as JSON numbers: a boolean as 1 or 0, a value that is no finite number (a string of a BYTES
 * tensor, NaN) as null, which the drift job counts as missing. FP32 tensors hold 4.7 as 4.699999809…; seven
 * significant digits, the precision of a float32, give back the number the caller sent.
 */
function appendFeatures(
  features: (number | null)[],
  data: ArrayLike<unknown>,
  from: number,
  to: number,
): void {
  for (let i = from; i < to; i++) {
    const raw = data[i];
    const value = typeof raw === 'string' ? NaN : Number(raw);
    features.push(Number.isFinite(value) ? Number(value.toPrecision(7)) : null);
  }
}

/** One value is the prediction itself; several (class scores) give the index of the highest. */
function predictionOf(values: readonly (number | boolean | string)[]): string {
  if (values.length === 1) return String(values[0]);
  let best = 0;
  for (let i = 1; i < values.length; i++) if (Number(values[i]) > Number(values[best])) best = i;
  return String(best);
}
