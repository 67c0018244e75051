import { z } from 'zod';
import { LLM_UPSTREAM_FORMATS } from '../../../contract/llm-proxy';

/**
 * `chat`: an OpenAI-compatible chat completions endpoint (POST /v1/chat/completions, streamed or not) in front
 * of a SageMaker LLM endpoint: a Lambda function behind a streaming Function URL that only signed (AWS_IAM) calls
 * reach. See docs/genai-guardrails.md.
 */
export const chatSchema = z
  .strictObject({
    enabled: z.boolean().describe('Deploy the chat proxy in front of this model’s SageMaker endpoint.'),
    upstreamFormat: z
      .enum(LLM_UPSTREAM_FORMATS)
      .describe(
        'What the container speaks: openai-chat (LMI’s chat completions schema, TGI’s Messages API) or tgi-generate (TGI’s inputs/parameters).',
      ),
    maxTokens: z
      .int()
      .min(1)
      .max(131072)
      .describe('max_tokens when a request sets none, and the most a request may ask for.'),
    upstreamTimeoutMs: z
      .int()
      .min(100)
      .max(899000)
      .describe('How long the proxy waits for the first token, then for each next one.'),
    // Timeout up to 900 s, memory 128–10,240 MB ("Lambda quotas", AWS Lambda Developer Guide,
    // https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
    timeoutSeconds: z.int().min(1).max(900).describe('Longest a whole answer may stream.'),
    memoryMb: z.int().min(128).max(10240).describe('Memory of the proxy function.'),
  })
  .partial()
  .meta({ id: 'ChatSettings' });
