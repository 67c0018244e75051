/**
 * Whether an answer is a chat completion, the shape LMI and TGI return for the OpenAI chat completions request a
 * model with `sagemaker.llm` is verified with (lib/config/chat-sample.ts): `choices[0].message.content` holds text.
 */
export type ChatAnswerCheck =
  | { readonly ok: true; readonly content: string; readonly finishReason?: string }
  | { readonly ok: false; readonly problems: readonly string[] };

export function checkChatAnswer(answer: unknown): ChatAnswerCheck {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer))
    return { ok: false, problems: ['the answer is not a JSON object'] };
  const choices = (answer as Record<string, unknown>).choices;
  if (!Array.isArray(choices) || choices.length === 0)
    return { ok: false, problems: ['"choices" is not a non-empty array'] };
  const first = choices[0] as Record<string, unknown> | null;
  const message = first?.message as Record<string, unknown> | undefined;
  const content = message?.content;
  if (typeof content !== 'string' || content.trim() === '')
    return { ok: false, problems: ['"choices[0].message.content" holds no text'] };
  const finishReason = typeof first?.finish_reason === 'string' ? first.finish_reason : undefined;
  return { ok: true, content, finishReason };
}

/** `chat completion: "Ready." (stop)` */
export function describeChatAnswer(check: Extract<ChatAnswerCheck, { ok: true }>): string {
  const text = check.content.trim();
  const shown = text.length > 40 ? `${text.slice(0, 39)}…` : text;
  return `chat completion: ${JSON.stringify(shown)}${check.finishReason ? ` (${check.finishReason})` : ''}`;
}
