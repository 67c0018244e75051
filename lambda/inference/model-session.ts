import { InferenceSession } from 'onnxruntime-node';
import type { InferenceConfig } from './config';
import {
  modelContract,
  ModelContractError,
  type ModelContract,
  type TensorSpec,
} from '../../contract/model-contract';
import { ModelLoadError } from './errors';
import { fetchModel, type ModelFile, type ModelSourceOptions } from './model-source';
import type { ModelMetadataResponse, TensorMetadata } from './protocol';

export type { TensorSpec };

/** A loaded model: the ONNX Runtime session plus its request contract (contract/model-contract.ts). */
export interface LoadedModel extends ModelContract {
  readonly name: string;
  readonly version: string;
  readonly session: InferenceSession;
  /** The `GET /v2/models/{name}` answer, built once. */
  readonly metadata: ModelMetadataResponse;
  readonly file: ModelFile;
  /** Wall time of fetch + verify + session creation. */
  readonly loadTimeMs: number;
}

interface LoadModelOptions extends ModelSourceOptions {
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
    const contract = modelContract(session.inputMetadata, session.outputMetadata);
    return {
      name: config.modelName,
      version: config.modelVersion,
      session,
      ...contract,
      metadata: {
        name: config.modelName,
        versions: [config.modelVersion],
        platform: 'onnxruntime',
        inputs: contract.inputs.map(tensorMetadata),
        outputs: contract.outputs.map(tensorMetadata),
      },
      file,
      loadTimeMs: now() - started,
    };
  } catch (error) {
    await session.release().catch(() => undefined);
    throw error instanceof ModelContractError ? new ModelLoadError(error.message, { cause: error }) : error;
  }
}

function tensorMetadata(spec: TensorSpec): TensorMetadata {
  return { name: spec.name, datatype: spec.datatype.v2, shape: [...spec.shape] };
}
