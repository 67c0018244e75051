/**
 * Tensor datatypes of the Open Inference Protocol (v2), and how the Lambda runtime maps the ones it serves onto
 * ONNX Runtime element types and JSON. Shared by the runtime, the pre-traffic hook, `mldeploy verify` and the
 * config checks at synth; imports nothing.
 * https://github.com/kserve/kserve/blob/master/docs/predict-api/v2/required_api.md#tensor-data-types
 */

/** Every tensor datatype of the protocol, served here or not (a SageMaker container may answer FP16). */
export const PROTOCOL_DATATYPES = [
  'BOOL',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FP16',
  'FP32',
  'FP64',
  'BYTES',
] as const;

/** Tensor datatypes of the Open Inference Protocol (v2) that the Lambda runtime serves. */
export type V2Datatype =
  | 'BOOL'
  | 'UINT8'
  | 'UINT16'
  | 'UINT32'
  | 'UINT64'
  | 'INT8'
  | 'INT16'
  | 'INT32'
  | 'INT64'
  | 'FP32'
  | 'FP64'
  | 'BYTES';

/** ONNX Runtime element types (`Tensor.Type` of onnxruntime-common) that the runtime serves. */
type OrtElementType =
  | 'bool'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'float32'
  | 'float64'
  | 'string';

/** Tensor data as ONNX Runtime takes and gives it for those types. */
export type TensorData = NumericArray | BigInt64Array | BigUint64Array | string[];
type JsonValue = number | boolean | string;

/**
 * How one ONNX Runtime element type maps onto a v2 datatype and onto JSON.
 * `encode` turns validated-as-it-goes JSON elements into tensor data; it returns the index of the first
 * element that does not fit (or -1), so the caller can name it without this module knowing the request.
 */
export interface Datatype {
  readonly v2: V2Datatype;
  readonly ort: OrtElementType;
  /** What a JSON element must be, for error messages. */
  readonly expected: string;
  encode(values: readonly unknown[], length: number): { data: TensorData; badIndex: number };
  decode(data: TensorData): JsonValue[];
}

type NumericArray =
  Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;

const FLOAT32_MAX = 3.4028234663852886e38;

function numeric(
  v2: V2Datatype,
  ort: OrtElementType,
  create: (length: number) => NumericArray,
  expected: string,
  accepts: (v: number) => boolean,
): Datatype {
  return {
    v2,
    ort,
    expected,
    encode(values, length) {
      const data = create(length);
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (typeof v !== 'number' || !accepts(v)) {
          return { data, badIndex: i };
        }
        data[i] = v;
      }
      return { data, badIndex: -1 };
    },
    decode: (data) => Array.from(data as NumericArray),
  };
}

function integer(
  v2: V2Datatype,
  ort: OrtElementType,
  create: (length: number) => NumericArray,
  min: number,
  max: number,
) {
  return numeric(
    v2,
    ort,
    create,
    `an integer from ${min} to ${max}`,
    (v) => Number.isInteger(v) && v >= min && v <= max,
  );
}

function bigint(v2: V2Datatype, ort: OrtElementType, signed: boolean): Datatype {
  const min = signed ? Number.MIN_SAFE_INTEGER : 0;
  return {
    v2,
    ort,
    expected: `an integer from ${min} to ${Number.MAX_SAFE_INTEGER}`,
    encode(values, length) {
      const data = signed ? new BigInt64Array(length) : new BigUint64Array(length);
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
          return { data, badIndex: i };
        }
        data[i] = BigInt(v);
      }
      return { data, badIndex: -1 };
    },
    decode(data) {
      const source = data as BigInt64Array | BigUint64Array;
      const out = new Array<number>(source.length);
      for (let i = 0; i < source.length; i++) {
        const n = Number(source[i]);
        if (!Number.isSafeInteger(n)) {
          throw new RangeError(
            `${v2} value ${source[i]} at index ${i} cannot be represented exactly in JSON`,
          );
        }
        out[i] = n;
      }
      return out;
    },
  };
}

const BOOL: Datatype = {
  v2: 'BOOL',
  ort: 'bool',
  expected: 'true or false',
  encode(values, length) {
    const data = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const v = values[i];
      if (typeof v !== 'boolean') {
        return { data, badIndex: i };
      }
      data[i] = v ? 1 : 0;
    }
    return { data, badIndex: -1 };
  },
  decode: (data) => Array.from(data as Uint8Array, (v) => v !== 0),
};

const BYTES: Datatype = {
  v2: 'BYTES',
  ort: 'string',
  expected: 'a string',
  encode(values, length) {
    const data = new Array<string>(length);
    for (let i = 0; i < length; i++) {
      const v = values[i];
      if (typeof v !== 'string') {
        return { data, badIndex: i };
      }
      data[i] = v;
    }
    return { data, badIndex: -1 };
  },
  decode: (data) => (data as string[]).slice(),
};

const DATATYPES: readonly Datatype[] = [
  BOOL,
  integer('UINT8', 'uint8', (n) => new Uint8Array(n), 0, 0xff),
  integer('UINT16', 'uint16', (n) => new Uint16Array(n), 0, 0xffff),
  integer('UINT32', 'uint32', (n) => new Uint32Array(n), 0, 0xffffffff),
  bigint('UINT64', 'uint64', false),
  integer('INT8', 'int8', (n) => new Int8Array(n), -0x80, 0x7f),
  integer('INT16', 'int16', (n) => new Int16Array(n), -0x8000, 0x7fff),
  integer('INT32', 'int32', (n) => new Int32Array(n), -0x80000000, 0x7fffffff),
  bigint('INT64', 'int64', true),
  numeric(
    'FP32',
    'float32',
    (n) => new Float32Array(n),
    'a finite number within the float32 range',
    (v) => Number.isFinite(v) && Math.abs(v) <= FLOAT32_MAX,
  ),
  numeric('FP64', 'float64', (n) => new Float64Array(n), 'a finite number', Number.isFinite),
  BYTES,
];

const BY_ORT_TYPE: ReadonlyMap<string, Datatype> = new Map(DATATYPES.map((d) => [d.ort, d]));
const BY_V2_NAME: ReadonlyMap<string, Datatype> = new Map(DATATYPES.map((d) => [d.v2, d]));

/** The v2 datatype for an ONNX Runtime element type, or undefined when this runtime does not serve it. */
export function datatypeForOrtType(type: string): Datatype | undefined {
  return BY_ORT_TYPE.get(type);
}

/** The served datatype of a v2 name, or undefined (not a protocol datatype, or one the runtime does not serve). */
export function datatypeForV2Name(name: string): Datatype | undefined {
  return BY_V2_NAME.get(name);
}

/** The v2 datatypes this runtime serves, for error messages. */
export const SUPPORTED_V2_DATATYPES: readonly V2Datatype[] = DATATYPES.map((d) => d.v2);
