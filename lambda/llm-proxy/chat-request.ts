import { ChatRequestError } from './errors';

/**
 * The subset of OpenAI's chat completions request (https://platform.openai.com/docs/api-reference/chat/create) this
 * proxy forwards. Fields it cannot honour are refused with a 400 that names them, never silently dropped.
 */
export interface ChatMessage {
  readonly role: 'system' | 'developer' | 'user' | 'assistant';
  readonly content: string;
}

export interface SamplingParameters {
  readonly temperature?: number;
  readonly top_p?: number;
  readonly stop?: readonly string[];
  readonly seed?: number;
  readonly presence_penalty?: number;
  readonly frequency_penalty?: number;
}

export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  readonly stream: boolean;
  /** `stream_options.include_usage`: a last chunk carries the token counts. */
  readonly includeUsage: boolean;
  readonly maxTokens: number;
  readonly sampling: SamplingParameters;
}

const ROLES = ['system', 'developer', 'user', 'assistant'] as const;
const UNSUPPORTED = [
  'tools',
  'tool_choice',
  'functions',
  'function_call',
  'logit_bias',
  'audio',
  'modalities',
];

/** Validate a parsed request body; a {@link ChatRequestError} (400) names the first field at fault. */
export function parseChatRequest(body: unknown, limits: { readonly maxTokens: number }): ChatRequest {
  if (!isObject(body)) throw invalid('the request body must be a JSON object', null);
  for (const field of UNSUPPORTED) {
    if (body[field] !== undefined && body[field] !== null) {
      throw invalid(`${field} is not supported by this endpoint; send plain chat messages`, field);
    }
  }
  const messages = parseMessages(body.messages);
  const stream = optionalBoolean(body.stream, 'stream') ?? false;
  const streamOptions = body.stream_options;
  let includeUsage = false;
  if (streamOptions !== undefined && streamOptions !== null) {
    if (!isObject(streamOptions)) throw invalid('stream_options must be an object', 'stream_options');
    if (!stream) throw invalid('stream_options is only allowed with stream: true', 'stream_options');
    includeUsage = optionalBoolean(streamOptions.include_usage, 'stream_options.include_usage') ?? false;
  }
  const n = optionalNumber(body.n, 'n', 1, Infinity, true);
  if (n !== undefined && n !== 1) throw invalid('n must be 1: this endpoint answers one choice', 'n');

  const asked =
    optionalNumber(body.max_completion_tokens, 'max_completion_tokens', 1, Infinity, true) ??
    optionalNumber(body.max_tokens, 'max_tokens', 1, Infinity, true);
  if (asked !== undefined && asked > limits.maxTokens) {
    throw invalid(
      `max_tokens (${asked}) is more than this endpoint allows (${limits.maxTokens})`,
      body.max_completion_tokens !== undefined ? 'max_completion_tokens' : 'max_tokens',
    );
  }
  const sampling: SamplingParameters = {
    temperature: optionalNumber(body.temperature, 'temperature', 0, 2),
    top_p: optionalNumber(body.top_p, 'top_p', 0, 1),
    stop: parseStop(body.stop),
    seed: optionalNumber(body.seed, 'seed', -Infinity, Infinity, true),
    presence_penalty: optionalNumber(body.presence_penalty, 'presence_penalty', -2, 2),
    frequency_penalty: optionalNumber(body.frequency_penalty, 'frequency_penalty', -2, 2),
  };
  return { messages, stream, includeUsage, maxTokens: asked ?? limits.maxTokens, sampling };
}

function parseMessages(value: unknown): ChatMessage[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw invalid('messages must be a non-empty array of {role, content}', 'messages');
  }
  const messages = value.map((message: unknown, index): ChatMessage => {
    const where = `messages[${index}]`;
    if (!isObject(message)) throw invalid(`${where} must be an object with role and content`, where);
    const role = message.role;
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
      throw invalid(
        `${where}.role (${JSON.stringify(role)}) must be one of ${ROLES.join(', ')}`,
        `${where}.role`,
      );
    }
    return { role: role as ChatMessage['role'], content: parseContent(message.content, `${where}.content`) };
  });
  if (!messages.some((m) => m.role === 'user')) {
    throw invalid('messages must contain at least one user message', 'messages');
  }
  return messages;
}

/** A string, or an array of text parts (joined); images and audio are refused. */
function parseContent(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    return value
      .map((part: unknown, index) => {
        if (isObject(part) && part.type === 'text' && typeof part.text === 'string') return part.text;
        const type = isObject(part) ? JSON.stringify(part.type) : typeof part;
        throw invalid(
          `${where}[${index}] is a ${type} part; only text parts are supported`,
          `${where}[${index}]`,
        );
      })
      .join('\n');
  }
  throw invalid(`${where} must be a string or an array of text parts`, where);
}

function parseStop(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const stops = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(stops) || stops.length > 4 || stops.some((s) => typeof s !== 'string' || s === '')) {
    throw invalid('stop must be a non-empty string or an array of up to 4 of them', 'stop');
  }
  return stops as string[];
}

function optionalBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalid(`${name} must be true or false`, name);
  return value;
}

function optionalNumber(
  value: unknown,
  name: string,
  min: number,
  max: number,
  integer = false,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw invalid(`${name} must be ${integer ? 'an integer' : 'a number'}`, name);
  }
  if (value < min || value > max) {
    throw invalid(`${name} (${value}) must be from ${min} to ${max}`, name);
  }
  return value;
}

function invalid(message: string, param: string | null): ChatRequestError {
  return new ChatRequestError(400, message, param);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
