/**
 * Open Inference Protocol (KServe / Triton "v2") JSON messages served by this function.
 * https://kserve.github.io/website/latest/modelserving/data_plane/v2_protocol/
 */
import type { InferenceSession } from 'onnxruntime-node';
import type { V2Datatype } from '../../contract/v2-datatypes';
import type { LoadedModel } from './model-session';

interface RequestInput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly datatype: string;
  readonly data: readonly unknown[];
  readonly parameters?: Record<string, unknown>;
}

interface RequestOutput {
  readonly name: string;
  readonly parameters?: Record<string, unknown>;
}

/** `POST /v2/models/{name}/infer` body. */
export interface InferRequest {
  readonly id?: string;
  readonly inputs: readonly RequestInput[];
  readonly outputs?: readonly RequestOutput[];
  readonly parameters?: Record<string, unknown>;
}

interface ResponseOutput {
  readonly name: string;
  readonly shape: number[];
  readonly datatype: V2Datatype;
  readonly data: (number | boolean | string)[];
}

/** `POST /v2/models/{name}/infer` answer. */
export interface InferResponse {
  readonly model_name: string;
  readonly model_version: string;
  readonly id?: string;
  readonly outputs: ResponseOutput[];
}

export interface TensorMetadata {
  readonly name: string;
  readonly datatype: V2Datatype;
  /** -1 marks a dynamic dimension. */
  readonly shape: number[];
}

/** `GET /v2/models/{name}` answer. */
export interface ModelMetadataResponse {
  readonly name: string;
  readonly versions: string[];
  readonly platform: string;
  readonly inputs: TensorMetadata[];
  readonly outputs: TensorMetadata[];
}

/** `GET /v2` answer. */
interface ServerMetadataResponse {
  readonly name: string;
  readonly version: string;
  readonly extensions: string[];
}

/** Name and version reported by `GET /v2`. */
export const SERVER_METADATA: ServerMetadataResponse = {
  name: 'lambda-onnxruntime',
  version: '1',
  extensions: [],
};

/** Build the infer answer from ONNX Runtime results, in the order the outputs were requested. */
export function buildInferResponse(
  model: LoadedModel,
  id: string | undefined,
  outputNames: readonly string[],
  results: InferenceSession.ReturnType,
): InferResponse {
  const outputs = new Array<ResponseOutput>(outputNames.length);
  for (let i = 0; i < outputNames.length; i++) {
    const name = outputNames[i];
    const spec = model.outputsByName.get(name);
    const tensor = results[name];
    if (spec === undefined || tensor === undefined) {
      throw new Error(`ONNX Runtime returned no tensor for output "${name}"`);
    }
    let data: ResponseOutput['data'];
    try {
      data = spec.datatype.decode(tensor.data);
    } catch (error) {
      throw new Error(`output "${name}": ${(error as Error).message}`, { cause: error });
    }
    outputs[i] = { name, shape: tensor.dims.slice(), datatype: spec.datatype.v2, data };
  }
  return id === undefined
    ? { model_name: model.name, model_version: model.version, outputs }
    : { model_name: model.name, model_version: model.version, id, outputs };
}
