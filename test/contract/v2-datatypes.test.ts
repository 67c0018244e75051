import { datatypeForOrtType, type Datatype } from '../../contract/v2-datatypes';

function datatype(ortType: string): Datatype {
  const found = datatypeForOrtType(ortType);
  if (found === undefined) throw new Error(`no datatype for ${ortType}`);
  return found;
}

describe('mapping ONNX Runtime element types onto v2 datatypes', () => {
  test.each([
    ['float32', 'FP32'],
    ['float64', 'FP64'],
    ['int8', 'INT8'],
    ['int16', 'INT16'],
    ['int32', 'INT32'],
    ['int64', 'INT64'],
    ['uint8', 'UINT8'],
    ['uint16', 'UINT16'],
    ['uint32', 'UINT32'],
    ['uint64', 'UINT64'],
    ['bool', 'BOOL'],
    ['string', 'BYTES'],
  ])('%s is served as %s', (ortType, v2) => {
    expect(datatype(ortType).v2).toBe(v2);
  });

  test.each(['float16', 'int4', 'uint4'])('%s is not served', (ortType) => {
    expect(datatypeForOrtType(ortType)).toBeUndefined();
  });

  test.each([
    ['int8', [-128, 127], [128]],
    ['uint8', [0, 255], [-1]],
    ['int16', [-32768, 32767], [32768]],
    ['uint16', [0, 65535], [65536]],
    ['int32', [-2147483648, 2147483647], [2147483648]],
    ['uint32', [0, 4294967295], [4294967296]],
    ['int32', [0], [1.5]],
    ['int64', [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER], [2 ** 53]],
    ['uint64', [0, Number.MAX_SAFE_INTEGER], [-1]],
    ['float64', [1e308, -0.5], [Infinity]],
    ['float32', [3.4e38, -1], [3.5e38]],
  ])('%s accepts %j and rejects %j', (ortType, good, bad) => {
    const type = datatype(ortType);

    expect(type.encode(good, good.length).badIndex).toBe(-1);
    expect(type.encode([...good, ...bad], good.length + bad.length).badIndex).toBe(good.length);
  });

  test('INT64 values are encoded as BigInt64Array and decoded to JSON numbers', () => {
    const { data } = datatype('int64').encode([-3, 0, 9007199254740991], 3);

    expect(data).toEqual(new BigInt64Array([-3n, 0n, 9007199254740991n]));
    expect(datatype('int64').decode(data)).toEqual([-3, 0, 9007199254740991]);
  });

  test('an INT64 output beyond the exact JSON range is refused rather than rounded', () => {
    expect(() => datatype('int64').decode(new BigInt64Array([1n, 9007199254740993n]))).toThrow(
      'INT64 value 9007199254740993 at index 1 cannot be represented exactly in JSON',
    );
  });

  test('BOOL tensors are bytes inside and booleans outside', () => {
    const { data } = datatype('bool').encode([true, false], 2);

    expect(data).toEqual(new Uint8Array([1, 0]));
    expect(datatype('bool').decode(data)).toEqual([true, false]);
  });
});
