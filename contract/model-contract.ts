/**
 * A model's request contract (its inputs and outputs as v2 tensors), derived from ONNX Runtime's session
 * metadata. The runtime derives it when it loads the model; the config check derives it at synth from the same
 * file, so both refuse the same requests. Imports nothing but its neighbours.
 */
import { datatypeForOrtType, SUPPORTED_V2_DATATYPES, type Datatype } from './v2-datatypes';

/** One input or output as ONNX Runtime describes it (`InferenceSession.ValueMetadata`). */
export type ValueMetadata =
  | {
      readonly name: string;
      readonly isTensor: true;
      readonly type: string;
      readonly shape: readonly (number | string)[];
    }
  | { readonly name: string; readonly isTensor: false };

/** One model input or output, with everything request validation needs precomputed. */
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

/** What a request must match. */
export interface ModelContract {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  readonly inputsByName: ReadonlyMap<string, TensorSpec>;
  readonly outputsByName: ReadonlyMap<string, TensorSpec>;
  /** All output names, fetched when a request names none. */
  readonly outputNames: readonly string[];
  /** Whether inputs share named dynamic dimensions that must agree within a request. */
  readonly sharedDims: boolean;
}

/** The model cannot be served: an input or output that is not a tensor of a served type, or no inputs. */
export class ModelContractError extends Error {
  public override readonly name = 'ModelContractError';
}

/** The contract of a model from its session metadata; throws {@link ModelContractError} if it cannot be served. */
export function modelContract(
  inputMetadata: readonly ValueMetadata[],
  outputMetadata: readonly ValueMetadata[],
): ModelContract {
  const inputs = inputMetadata.map((m) => tensorSpec(m, 'input'));
  const outputs = outputMetadata.map((m) => tensorSpec(m, 'output'));
  if (inputs.length === 0) {
    throw new ModelContractError('the model declares no inputs');
  }
  const dimNames = inputs.flatMap((i) => i.dimNames.filter((n): n is string => n !== undefined));
  return {
    inputs,
    outputs,
    inputsByName: new Map(inputs.map((i) => [i.name, i])),
    outputsByName: new Map(outputs.map((o) => [o.name, o])),
    outputNames: outputs.map((o) => o.name),
    sharedDims: new Set(dimNames).size < dimNames.length,
  };
}

function tensorSpec(meta: ValueMetadata, role: 'input' | 'output'): TensorSpec {
  if (!meta.isTensor) {
    throw new ModelContractError(
      `model ${role} "${meta.name}" is not a tensor; only tensor ${role}s can be served`,
    );
  }
  const datatype = datatypeForOrtType(meta.type);
  if (datatype === undefined) {
    throw new ModelContractError(
      `model ${role} "${meta.name}" has element type ${meta.type}, which the Lambda runtime does not serve ` +
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
