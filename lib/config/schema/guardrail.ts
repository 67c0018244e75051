import { z } from 'zod';
import { GUARDRAIL_STREAM_MODES } from '../../../contract/llm-proxy';
import {
  CONTENT_FILTER_TYPES,
  FILTER_STRENGTHS,
  GUARDRAIL_LIMITS,
  PII_ACTIONS,
  PII_ENTITY_TYPES,
  TOPIC_NAME_PATTERN,
} from '../../constructs/genai/guardrail-rules';

/**
 * `guardrail`: an Amazon Bedrock guardrail that the chat proxy applies to every prompt and, chunk by chunk, to
 * every streamed answer. Limits are those of AWS::Bedrock::Guardrail (lib/constructs/genai/guardrail-rules.ts).
 */

const strength = z.enum(FILTER_STRENGTHS);

const contentFilterSchema = z
  .strictObject({
    inputStrength: strength.describe('How strongly prompts are filtered.'),
    outputStrength: strength.describe('How strongly answers are filtered (NONE for promptAttack).'),
  })
  .partial();

const deniedTopicSchema = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(GUARDRAIL_LIMITS.topicNameLength)
    .regex(TOPIC_NAME_PATTERN, { error: 'must be letters, digits, spaces and - _ ! ? .' })
    .describe('Name of the topic.'),
  definition: z
    .string()
    .min(1)
    .max(GUARDRAIL_LIMITS.topicDefinitionLength)
    .describe('What the topic is; Bedrock classifies prompts and answers against it.'),
  examples: z
    .array(z.string().min(1).max(GUARDRAIL_LIMITS.topicExampleLength))
    .optional()
    .describe('Sample prompts of the topic.'),
});

const blockedMessage = () => z.string().min(1).max(GUARDRAIL_LIMITS.blockedMessageLength);

export const guardrailSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .describe('Create the guardrail and apply it in the chat proxy (needs chat.enabled).'),
    contentFilters: z
      .strictObject(
        Object.fromEntries(Object.keys(CONTENT_FILTER_TYPES).map((name) => [name, contentFilterSchema])),
      )
      .partial()
      .describe(
        'Strength per category (NONE, LOW, MEDIUM, HIGH) for prompts and answers; a category with both NONE is not filtered.',
      ),
    deniedTopics: z
      .array(deniedTopicSchema)
      .describe('Topics to refuse; a more specific layer replaces the list.'),
    words: z
      .array(z.string().min(1))
      .describe('Words and phrases to refuse; a more specific layer replaces the list.'),
    managedProfanity: z.boolean().describe('Refuse the words of AWS’s managed profanity list.'),
    sensitiveInformation: z
      .partialRecord(z.enum(PII_ENTITY_TYPES), z.enum(PII_ACTIONS))
      .describe('Entity type → BLOCK (refuse the text) or ANONYMIZE (mask the entity).'),
    blockedInputMessage: blockedMessage().describe('What the caller gets when the prompt is blocked.'),
    blockedOutputMessage: blockedMessage().describe('What replaces an answer that is blocked.'),
    chunkCharacters: z
      .int()
      .min(1)
      .max(10000)
      .describe('Characters of streamed answer per ApplyGuardrail call.'),
    overlapCharacters: z
      .int()
      .min(0)
      .max(9999)
      .describe(
        'Characters of the previous chunk carried into the next check, so a phrase split at a boundary is seen.',
      ),
    streamMode: z
      .enum(GUARDRAIL_STREAM_MODES)
      .describe(
        'check-first: nothing reaches the client unchecked; stream-first: send, check behind, retract on a block.',
      ),
    maxInterventionRatePercent: z
      .number()
      .min(0)
      .max(99)
      .describe(
        'Alarm when the guardrail blocks more than this share of requests (three 5-minute periods in a row).',
      ),
  })
  .partial()
  .meta({ id: 'GuardrailSettings' });
