import type { LlmUpstreamFormat } from '../../contract/llm-proxy';
import type { ChatMessage, ChatRequest } from './chat-request';
import { ChatRequestError, UpstreamError } from './errors';

/** What one line of the upstream's stream means to the proxy. */
export type UpstreamEvent =
  | { readonly kind: 'token'; readonly text: string }
  | { readonly kind: 'finish'; readonly reason: FinishReason }
  | { readonly kind: 'usage'; readonly promptTokens?: number; readonly completionTokens?: number }
  | { readonly kind: 'done' };

export type FinishReason = 'stop' | 'length';

/**
 * The body sent to the endpoint's /invocations, always asking for a stream.
 *
 * - `openai-chat`: the OpenAI chat completions body. LMI treats a body with `messages` as a chat completions request
 *   on /invocations and applies the model's chat template ("Chat Completions API Schema",
 *   https://docs.djl.ai/docs/serving/serving/docs/lmi/user_guides/chat_input_output_schema.html); TGI's Messages
 *   API does the same on SageMaker ("Amazon SageMaker", https://huggingface.co/docs/text-generation-inference/reference/api_reference#amazon-sagemaker).
 * - `tgi-generate`: TGI's `{inputs, parameters, stream}` (https://huggingface.github.io/text-generation-inference/),
 *   with the conversation rendered as a plain role-labelled transcript, since the proxy does not know the model's
 *   chat template.
 */
export function buildUpstreamBody(format: LlmUpstreamFormat, request: ChatRequest): string {
  const s = request.sampling;
  if (format === 'openai-chat') {
    return JSON.stringify({
      messages: request.messages,
      max_tokens: request.maxTokens,
      stream: true,
      ...definedOnly({ ...s, stop: s.stop === undefined ? undefined : [...s.stop] }),
    });
  }
  if (s.presence_penalty !== undefined) {
    throw new ChatRequestError(
      400,
      'presence_penalty is not supported by this model (TGI generate API)',
      'presence_penalty',
    );
  }
  // TGI refuses a temperature of 0 ("must be strictly positive"); 0 means greedy decoding, TGI's default.
  const sample = s.temperature !== undefined && s.temperature > 0;
  return JSON.stringify({
    inputs: renderTranscript(request.messages),
    parameters: definedOnly({
      max_new_tokens: request.maxTokens,
      do_sample: sample || s.top_p !== undefined ? true : undefined,
      temperature: sample ? s.temperature : undefined,
      top_p: s.top_p !== undefined && s.top_p < 1 && s.top_p > 0 ? s.top_p : undefined,
      stop: s.stop === undefined ? undefined : [...s.stop],
      seed: s.seed,
      frequency_penalty: s.frequency_penalty,
      details: true,
    }),
    stream: true,
  });
}

/** A transcript ending with the assistant's turn, for models served without a chat template. */
export function renderTranscript(messages: readonly ChatMessage[]): string {
  return `${messages.map((m) => `${m.role}: ${m.content}`).join('\n\n')}\n\nassistant:`;
}

/**
 * Read one line of the upstream stream. Both containers stream one JSON object per event: LMI as JSON lines
 * (`application/jsonlines`, see the chat schema above), TGI as server-sent events (`data:{...}` lines, a blank line
 * between events, `data: [DONE]` at the end of a Messages API stream), so an optional `data:` prefix is stripped
 * and SSE comments and other fields are skipped.
 */
export function parseUpstreamLine(format: LlmUpstreamFormat, line: string): UpstreamEvent[] {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith(':') || /^(event|id|retry):/.test(trimmed)) return [];
  const data = trimmed.startsWith('data:') ? trimmed.slice(5).trim() : trimmed;
  if (data === '[DONE]') return [{ kind: 'done' }];
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new UpstreamError(
      `the model endpoint streamed a line that is not JSON (${data.length} characters)`,
      502,
      'upstream_unreadable',
    );
  }
  if (!isObject(parsed))
    throw new UpstreamError('the model endpoint streamed a non-object', 502, 'upstream_unreadable');
  const error = upstreamErrorMessage(parsed);
  if (error !== undefined) throw new UpstreamError(`the model failed: ${error}`, 502, 'model_error');
  return format === 'openai-chat' ? readChatChunk(parsed) : readTgiToken(parsed);
}

/** `chat.completion.chunk` (or a whole `chat.completion` from a container that ignored `stream`). */
function readChatChunk(chunk: Record<string, unknown>): UpstreamEvent[] {
  const events: UpstreamEvent[] = [];
  const choice = Array.isArray(chunk.choices) && isObject(chunk.choices[0]) ? chunk.choices[0] : undefined;
  if (choice !== undefined) {
    const message = isObject(choice.delta) ? choice.delta : isObject(choice.message) ? choice.message : {};
    if (typeof message.content === 'string' && message.content !== '') {
      events.push({ kind: 'token', text: message.content });
    }
    if (typeof choice.finish_reason === 'string') {
      events.push({ kind: 'finish', reason: finishReason(choice.finish_reason) });
    }
  }
  if (isObject(chunk.usage)) {
    events.push({
      kind: 'usage',
      promptTokens: count(chunk.usage.prompt_tokens),
      completionTokens: count(chunk.usage.completion_tokens),
    });
  }
  return events;
}

/** TGI `generate_stream` event: `{token: {text, special}, generated_text, details}`; details only on the last. */
function readTgiToken(event: Record<string, unknown>): UpstreamEvent[] {
  const events: UpstreamEvent[] = [];
  const token = isObject(event.token) ? event.token : undefined;
  if (token !== undefined && token.special !== true && typeof token.text === 'string' && token.text !== '') {
    events.push({ kind: 'token', text: token.text });
  }
  if (isObject(event.details)) {
    const reason = event.details.finish_reason;
    events.push({ kind: 'finish', reason: finishReason(typeof reason === 'string' ? reason : 'stop') });
    events.push({ kind: 'usage', completionTokens: count(event.details.generated_tokens) });
  }
  return events;
}

/** LMI reports `eos_token`/`stop_sequence`, TGI `eos_token`/`stop_sequence`/`length`; OpenAI knows `stop`/`length`. */
function finishReason(reason: string): FinishReason {
  return reason === 'length' ? 'length' : 'stop';
}

/** TGI: `{"error": "...", "error_type": "..."}`; OpenAI-compatible servers: `{"error": {"message"}}` or `{"object": "error"}`. */
function upstreamErrorMessage(event: Record<string, unknown>): string | undefined {
  const error = event.error;
  if (typeof error === 'string') return error;
  if (isObject(error)) return typeof error.message === 'string' ? error.message : 'unknown error';
  if (event.object === 'error') return typeof event.message === 'string' ? event.message : 'unknown error';
  return undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function definedOnly(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
