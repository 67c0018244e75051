import { checkChatAnswer, describeChatAnswer } from '../../lib/ops/chat-answer';

// The answer LMI gives on /invocations to the OpenAI chat completions request of examples/llm/sample-request.json.
const LMI_ANSWER = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1764590000,
  choices: [{ index: 0, message: { role: 'assistant', content: 'Ready.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 14, completion_tokens: 3, total_tokens: 17 },
};

test('a chat completion with text passes and is shown with its finish reason', () => {
  const check = checkChatAnswer(LMI_ANSWER);
  expect(check).toEqual({ ok: true, content: 'Ready.', finishReason: 'stop' });
  expect(describeChatAnswer(check as Extract<typeof check, { ok: true }>)).toBe(
    'chat completion: "Ready." (stop)',
  );
});

test.each([
  [
    'a v2 infer response',
    { outputs: [{ name: 'label', datatype: 'INT64', shape: [1], data: [0] }] },
    '"choices" is not a non-empty array',
  ],
  [
    'an empty answer text',
    { choices: [{ message: { role: 'assistant', content: '  ' } }] },
    '"choices[0].message.content" holds no text',
  ],
  ['a list', [LMI_ANSWER], 'the answer is not a JSON object'],
])('%s fails with a reason', (_name, answer, problem) => {
  expect(checkChatAnswer(answer)).toEqual({ ok: false, problems: [problem] });
});
