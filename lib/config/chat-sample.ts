/**
 * The sample request of a model served by an LLM image is a short chat prompt in the OpenAI chat completions schema,
 * which LMI and TGI accept on SageMaker's /invocations (contract/llm-proxy.ts, `openai-chat`): a non-empty `messages`
 * array of `{ role, content }` and, so that the check stays cheap, a `max_tokens` bound.
 */

const ROLES = ['system', 'user', 'assistant'];

/** Why the parsed body is not a short chat prompt, or undefined when it is. */
export function chatSampleProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'must be a JSON object';
  const { messages, max_tokens: maxTokens } = body as Record<string, unknown>;
  if (!Array.isArray(messages) || messages.length === 0)
    return '"messages" must be a non-empty array of { role, content }';
  const bad = messages.findIndex(
    (message) =>
      typeof message !== 'object' ||
      message === null ||
      !ROLES.includes((message as Record<string, unknown>).role as string) ||
      typeof (message as Record<string, unknown>).content !== 'string',
  );
  if (bad >= 0) return `"messages[${bad}]" must have a role (${ROLES.join(', ')}) and a string content`;
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1 || maxTokens > 64)
    return '"max_tokens" must be an integer from 1 to 64: a deploy check needs a short answer, not a long generation';
  return undefined;
}
