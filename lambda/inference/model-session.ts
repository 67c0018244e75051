import { InferenceSession } from 'onnxruntime-node';
import type { InferenceConfig } from './config';
import { datatypeForOrtType, SUPPORTED_V2_DATATYPES, type Datatype } from './datatypes';
import { ModelLoadError } from './errors';
import { fetchModel, type ModelFile, type ModelSourceOptions } from './model-source';
import type { ModelMetadataResponse, TensorMetadata } from './protocol';

/** One model input or output, with everything request validation needs precomputed at load. */
export interface TensorSpec {
  readonly name: string;
  readonly datatype: Datatype;
  /** Dimensions as the v2 protocol reports them: -1 for a dynamic (symbolic or unknown) dimension. */
  readonly shape: readonly number[];
  /** Symbolic name of each dynamic dimension (undefined for fixed or anonymous dimensions). */
  readonly dimNames: readonly (string | undefined)[];
  /** The shape as text for messages, e.g. `[-1,4]`. */
  readonly shapeText: string;
  /** Whether the first dimension is dynamic, i.e. the batch dimension the batch limit applies to. */
  readonly batched: boolean;
}

/** A loaded model: the ONNX Runtime session plus its validated contract. */
export interface LoadedModel {
  readonly name: string;
  readonly version: string;
  readonly session: InferenceSession;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  readonly inputsByName: ReadonlyMap<string, TensorSpec>;
  readonly outputsByName: ReadonlyMap<string, TensorSpec>;
  /** All output names, fetched when a request names none. */
  readonly outputNames: readonly string[];
  /** Whether inputs share named dynamic dimensions that must agree within a request. */
  readonly sharedDims: boolean;
  /** The `GET /v2/models/{name}` answer, built once. */
  readonly metadata: ModelMetadataResponse;
  readonly file: ModelFile;
  /** Wall time of fetch + verify + session creation. */
  readonly loadTimeMs: number;
}

export interface LoadModelOptions extends ModelSourceOptions {
  /** Clock in milliseconds; injectable for tests. */
  readonly now?: () => number;
}

/** Fetch, verify and open the configured model, and derive its request contract. */
export async function loadModel(
  config: InferenceConfig,
  options: LoadModelOptions = {},
): Promise<LoadedModel> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const file = await fetchModel(config.source, options);

  let session: InferenceSession;
  try {
    session = await InferenceSession.create(file.path, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      ...(config.intraOpNumThreads === undefined ? {} : { intraOpNumThreads: config.intraOpNumThreads }),
    });
  } catch (error) {
    throw new ModelLoadError(
      `ONNX Runtime cannot load model file ${file.path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }

  try {
    const inputs = session.inputMetadata.map((m) => tensorSpec(m, 'input'));
    const outputs = session.outputMetadata.map((m) => tensorSpec(m, 'output'));
    if (inputs.length === 0) {
      throw new ModelLoadError('the model declares no inputs');
    }
    const dimNames = inputs.flatMap((i) => i.dimNames.filter((n): n is string => n !== undefined));
    return {
      name: config.modelName,
      version: config.modelVersion,
      session,
      inputs,
      outputs,
      inputsByName: new Map(inputs.map((i) => [i.name, i])),
      outputsByName: new Map(outputs.map((o) => [o.name, o])),
      outputNames: outputs.map((o) => o.name),
      sharedDims: new Set(dimNames).size < dimNames.length,
      metadata: {
        name: config.modelName,
        versions: [config.modelVersion],
        platform: 'onnxruntime',
        inputs: inputs.map(tensorMetadata),
        outputs: outputs.map(tensorMetadata),
      },
      file,
      loadTimeMs: now() - started,
    };
  } catch (error) {
    await session.release().catch(() => undefined);
    throw error;
  }
}

function tensorSpec(meta: InferenceSession.ValueMetadata, role: 'input' | 'output'): TensorSpec {
  if (!meta.isTensor) {
    throw new ModelLoadError(
      `model ${role} "${meta.name}" is not a tensor; only tensor ${role}s can be served`,
    );
  }
  const datatype = datatypeForOrtType(meta.type);
  if (datatype === undefined) {
    throw new ModelLoadError(
      `model ${role} "${meta.name}" has element type ${meta.type}, which this runtime does not serve ` +
        `(supported: ${SUPPORTED_V2_DATATYPES.join(', ')})`,
    );
  }
  const shape = meta.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : -1));
  return {
    name: meta.name,
    datatype,
    shape,
    dimNames: meta.shape.map((d) => (typeof d === 'string' && d !== '' ? d : undefined)),
    shapeText: `[${shape.join(',')}]`,
    batched: shape.length > 0 && shape[0] === -1,
  };
}

function tensorMetadata(spec: TensorSpec): TensorMetadata {
  return { name: spec.name, datatype: spec.datatype.v2, shape: [...spec.shape] };
}
