import {
  ApplyGuardrailCommand,
  type ApplyGuardrailResponse,
  type BedrockRuntimeClient,
  type GuardrailAssessment,
} from '@aws-sdk/client-bedrock-runtime';
import type { GuardrailPolicy } from '../../contract/llm-proxy';
import { UpstreamError } from './errors';

export type GuardrailSource = 'INPUT' | 'OUTPUT';

/** What the guardrail decided about one text. Never carries the text it blocked. */
export type GuardrailVerdict =
  | { readonly outcome: 'pass'; readonly latencyMs: number }
  /** Sensitive information masked (ANONYMIZE): `text` replaces what was checked. */
  | {
      readonly outcome: 'masked';
      readonly text: string;
      readonly policies: readonly GuardrailPolicy[];
      readonly latencyMs: number;
    }
  /** Blocked: `message` is the guardrail's configured blocked message for this source. */
  | {
      readonly outcome: 'blocked';
      readonly message: string;
      readonly policies: readonly GuardrailPolicy[];
      readonly latencyMs: number;
    };

export interface Guardrail {
  check(text: string, source: GuardrailSource): Promise<GuardrailVerdict>;
}

/** Said to the client when a blocked answer came back without the guardrail's own message. */
export const FALLBACK_BLOCKED_MESSAGE = 'Sorry, this request cannot be answered.';

/**
 * Apply a Bedrock guardrail to one text with ApplyGuardrail
 * (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ApplyGuardrail.html): `source` INPUT for the
 * prompt, OUTPUT for the answer. The answer's `action` is GUARDRAIL_INTERVENED for blocks and masks alike; the
 * assessments tell them apart (an entry with action BLOCKED blocks; ANONYMIZED entries only mask, and `outputs`
 * then hold the masked text) ("Use the ApplyGuardrail API in your application",
 * https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-use-independent-api.html).
 */
export function createGuardrail(
  client: BedrockRuntimeClient,
  settings: { readonly id: string; readonly version: string },
): Guardrail {
  return {
    async check(text, source) {
      const started = performance.now();
      let response: ApplyGuardrailResponse;
      try {
        response = await client.send(
          new ApplyGuardrailCommand({
            guardrailIdentifier: settings.id,
            guardrailVersion: settings.version,
            source,
            content: [{ text: { text } }],
          }),
        );
      } catch (error) {
        // Fail closed: nothing goes on unchecked. The text stays out of the message.
        const name = error instanceof Error ? error.name : 'Error';
        throw new UpstreamError(
          `the guardrail could not be applied (${name})`,
          503,
          'guardrail_unavailable',
          {
            cause: error,
          },
        );
      }
      const latencyMs = performance.now() - started;
      if (response.action !== 'GUARDRAIL_INTERVENED') return { outcome: 'pass', latencyMs };
      const { policies, blocked } = readAssessments(response.assessments ?? []);
      const output = (response.outputs ?? []).map((o) => o.text ?? '').join('');
      if (blocked || policies.length === 0) {
        return { outcome: 'blocked', message: output || FALLBACK_BLOCKED_MESSAGE, policies, latencyMs };
      }
      return { outcome: 'masked', text: output, policies, latencyMs };
    },
  };
}

interface Finding {
  readonly action?: string;
}

/** Which policies intervened (an entry whose action is not NONE) and whether any of them blocked. */
export function readAssessments(assessments: readonly GuardrailAssessment[]): {
  policies: GuardrailPolicy[];
  blocked: boolean;
} {
  const policies = new Set<GuardrailPolicy>();
  let blocked = false;
  const note = (policy: GuardrailPolicy, findings: readonly (Finding | undefined)[] | undefined): void => {
    for (const finding of findings ?? []) {
      if (finding?.action === undefined || finding.action === 'NONE') continue;
      policies.add(policy);
      if (finding.action === 'BLOCKED') blocked = true;
    }
  };
  for (const a of assessments) {
    note('content', a.contentPolicy?.filters);
    note('topic', a.topicPolicy?.topics);
    note('word', [...(a.wordPolicy?.customWords ?? []), ...(a.wordPolicy?.managedWordLists ?? [])]);
    note('sensitiveInformation', [
      ...(a.sensitiveInformationPolicy?.piiEntities ?? []),
      ...(a.sensitiveInformationPolicy?.regexes ?? []),
    ]);
    note('contextualGrounding', a.contextualGroundingPolicy?.filters);
  }
  return { policies: [...policies], blocked };
}
