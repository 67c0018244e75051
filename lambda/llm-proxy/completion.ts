import { randomUUID } from 'node:crypto';
import type { OpenAiErrorBody } from './errors';
import type { FinishReason } from './upstream-formats';

/**
 * The OpenAI chat completion objects this proxy answers with ("The chat completion object" and "The chat completion
 * chunk object", https://platform.openai.com/docs/api-reference/chat), plus the guardrail's note on a blocked answer.
 */
export type AnswerFinish = FinishReason | 'content_filter';

export interface Usage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

/** Added to the last chunk (or the answer) when the guardrail stopped it; never carries the blocked text. */
export interface GuardrailNote {
  readonly action: 'blocked' | 'retract';
  readonly source: 'INPUT' | 'OUTPUT';
  readonly policies: readonly string[];
}

export interface CompletionIdentity {
  readonly id: string;
  readonly created: number;
  readonly model: string;
}

export function newCompletionIdentity(model: string, now = Date.now()): CompletionIdentity {
  return { id: `chatcmpl-${randomUUID()}`, created: Math.floor(now / 1000), model };
}

export function completionChunk(
  identity: CompletionIdentity,
  delta: { role?: 'assistant'; content?: string },
  finishReason: AnswerFinish | null = null,
  extra: { usage?: Usage; guardrail?: GuardrailNote } = {},
): object {
  return {
    ...identity,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...extra,
  };
}

/** The last chunk of a `stream_options.include_usage` stream: no choices, only usage. */
export function usageChunk(identity: CompletionIdentity, usage: Usage): object {
  return { ...identity, object: 'chat.completion.chunk', choices: [], usage };
}

export function completion(
  identity: CompletionIdentity,
  content: string,
  finishReason: AnswerFinish,
  usage: Usage,
  guardrail?: GuardrailNote,
): object {
  return {
    ...identity,
    object: 'chat.completion',
    choices: [
      { index: 0, message: { role: 'assistant', content }, logprobs: null, finish_reason: finishReason },
    ],
    usage,
    ...(guardrail === undefined ? {} : { guardrail }),
  };
}

/** One server-sent event carrying JSON, as OpenAI streams are framed. */
export function sseData(payload: object): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** The end of an OpenAI stream. */
export const SSE_DONE = 'data: [DONE]\n\n';

/** An error inside a stream; OpenAI clients raise it as an API error. */
export function sseError(error: OpenAiErrorBody): string {
  return sseData({ error });
}

export function usageOf(promptTokens: number, completionTokens: number): Usage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}
