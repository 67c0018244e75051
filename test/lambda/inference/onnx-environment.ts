import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import NodeEnvironment from 'jest-environment-node';

/**
 * Jest's node environment, with the host realm's typed-array constructors.
 *
 * Jest runs each test file in its own V8 context, so `Float32Array` inside a test is not the `Float32Array`
 * the ONNX Runtime native binding creates its output tensors with, and the `instanceof` checks in
 * onnxruntime-common reject them. Outside Jest (Lambda, local serving) there is only one realm.
 * Test files that run a model select this environment with a `@jest-environment` docblock.
 */
export default class OnnxEnvironment extends NodeEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const typedArrays = {
      Int8Array,
      Uint8Array,
      Uint8ClampedArray,
      Int16Array,
      Uint16Array,
      Int32Array,
      Uint32Array,
      Float32Array,
      Float64Array,
      BigInt64Array,
      BigUint64Array,
    };
    Object.assign(this.global, typedArrays);
  }
}
