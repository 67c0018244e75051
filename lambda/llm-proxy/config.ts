import {
  GUARDRAIL_STREAM_MODES,
  LLM_PROXY_ENV,
  LLM_UPSTREAM_FORMATS,
  type GuardrailStreamMode,
  type LlmUpstreamFormat,
} from '../../contract/llm-proxy';
import { ConfigurationError } from './errors';

/** Wait for the upstream's first token, then for each next one, when UPSTREAM_TIMEOUT_MS is unset. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000;
/** `max_tokens` when neither the request nor MAX_TOKENS sets one. */
export const DEFAULT_MAX_TOKENS = 512;
/**
 * Answer characters per ApplyGuardrail call, and characters carried into the next call: NeMo Guardrails' 4:1 ratio of
 * chunk to carried context. Every call is billed at least one text unit per policy
 * (https://aws.amazon.com/bedrock/pricing/), so smaller chunks cost more calls for the same answer.
 */
export const DEFAULT_GUARDRAIL_CHUNK_CHARACTERS = 400;
export const DEFAULT_GUARDRAIL_OVERLAP_CHARACTERS = 100;
/** Chat requests are small; a Function URL accepts up to 6 MB, far more than any prompt this proxy forwards. */
export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

export interface GuardrailConfig {
  readonly id: string;
  readonly version: string;
  readonly chunkCharacters: number;
  readonly overlapCharacters: number;
  readonly streamMode: GuardrailStreamMode;
}

/** Everything the chat proxy needs, resolved once from its environment. */
export interface ProxyConfig {
  readonly endpointName: string;
  /** Answered as `model`; also the metrics `service` dimension. */
  readonly modelName: string;
  readonly upstreamFormat: LlmUpstreamFormat;
  readonly upstreamTimeoutMs: number;
  /** Default and largest `max_tokens`. */
  readonly maxTokens: number;
  readonly maxRequestBytes: number;
  /** Absent: no guardrail. */
  readonly guardrail?: GuardrailConfig;
}

const E = LLM_PROXY_ENV;

/** Read and validate the proxy's environment; every problem is reported at once in a {@link ConfigurationError}. */
export function readProxyConfig(env: NodeJS.ProcessEnv = process.env): ProxyConfig {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const integer = (name: string, fallback: number, min: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(parsed) || parsed < min) {
      problems.push(`${name} (${JSON.stringify(raw)}) must be an integer ≥ ${min}`);
      return fallback;
    }
    return parsed;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name} (${JSON.stringify(raw)}) must be one of ${allowed.join(', ')}`);
    return fallback;
  };

  const endpointName = value(E.endpointName);
  if (endpointName === undefined) {
    problems.push(`${E.endpointName} is required: the SageMaker endpoint that answers the chat`);
  }
  const modelName = value(E.modelName) ?? endpointName ?? 'model';
  const upstreamFormat = oneOf(E.upstreamFormat, LLM_UPSTREAM_FORMATS, 'openai-chat');
  const upstreamTimeoutMs = integer(E.upstreamTimeoutMs, DEFAULT_UPSTREAM_TIMEOUT_MS, 1);
  const maxTokens = integer(E.maxTokens, DEFAULT_MAX_TOKENS, 1);
  const guardrail = readGuardrail(value, integer, oneOf, problems);

  if (problems.length > 0 || endpointName === undefined) throw new ConfigurationError(problems);
  return {
    endpointName,
    modelName,
    upstreamFormat,
    upstreamTimeoutMs,
    maxTokens,
    maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
    guardrail,
  };
}

function readGuardrail(
  value: (name: string) => string | undefined,
  integer: (name: string, fallback: number, min: number) => number,
  oneOf: <T extends string>(name: string, allowed: readonly T[], fallback: T) => T,
  problems: string[],
): GuardrailConfig | undefined {
  const id = value(E.guardrailId);
  const version = value(E.guardrailVersion);
  if (id === undefined) {
    if (version !== undefined) problems.push(`${E.guardrailVersion} is set without ${E.guardrailId}`);
    return undefined;
  }
  // ApplyGuardrail accepts a version number or DRAFT
  // (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ApplyGuardrail.html).
  if (version === undefined || !/^([1-9][0-9]{0,7}|DRAFT)$/.test(version)) {
    problems.push(
      `${E.guardrailVersion} (${JSON.stringify(version ?? '')}) must be a published version number (or DRAFT when testing) with ${E.guardrailId}`,
    );
  }
  const chunkCharacters = integer(E.guardrailChunkCharacters, DEFAULT_GUARDRAIL_CHUNK_CHARACTERS, 1);
  const overlapCharacters = integer(E.guardrailOverlapCharacters, DEFAULT_GUARDRAIL_OVERLAP_CHARACTERS, 0);
  if (overlapCharacters >= chunkCharacters) {
    problems.push(
      `${E.guardrailOverlapCharacters} (${overlapCharacters}) must be less than ${E.guardrailChunkCharacters} (${chunkCharacters})`,
    );
  }
  const streamMode = oneOf(E.guardrailStreamMode, GUARDRAIL_STREAM_MODES, 'check-first');
  return { id, version: version ?? 'DRAFT', chunkCharacters, overlapCharacters, streamMode };
}
