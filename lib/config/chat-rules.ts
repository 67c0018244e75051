import {
  guardrailNameProblem,
  hasActiveContentFilter,
  overlapProblem,
  promptAttackOutputProblem,
} from '../constructs/genai/guardrail-rules';
import { num, Rule, RuleContext, RuleViolation, section, Settings } from './rule-kit';

/**
 * Cross-field rules of the chat proxy and its guardrail. The guardrail's own rules (prompt attack output
 * strength, name, chunk overlap) are the BedrockGuardrail and ChatProxy constructs' functions, reported here at
 * the YAML line of the setting.
 */

/** `<project>-<model>-<env>`, as the endpoint; the guardrail is named after what it guards. */
export function guardrailName(project: string, model: string, environment: string): string {
  return `${project}-${model}-${environment}`;
}

const chatOn = (s: Settings) => section(s, 'chat').enabled === true;
const guardrailOn = (s: Settings) => section(s, 'guardrail').enabled === true;

const RULES: readonly Rule[] = [
  function chatIsServedBySageMaker(s, c) {
    if (!chatOn(s) || c.target === 'sagemaker') return undefined;
    return {
      field: ['chat', 'enabled'],
      message: `the chat proxy streams from a SageMaker endpoint (InvokeEndpointWithResponseStream); this model's target is ${String(c.target)}`,
    };
  },
  function chatNeedsARealTimeInstanceEndpoint(s, c) {
    if (!chatOn(s) || c.target !== 'sagemaker') return undefined;
    const sagemaker = section(s, 'sagemaker');
    // Asynchronous inference answers into S3, never on the connection; serverless endpoints run on CPU only,
    // without the GPUs an LLM container needs ("Deploy models with Amazon SageMaker Serverless Inference",
    // feature exclusions, https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints.html).
    if (section(sagemaker, 'async').enabled === true) {
      return {
        field: ['chat', 'enabled'],
        message:
          'needs a real-time endpoint: an asynchronous endpoint writes its answers to S3 and cannot stream them (turn off sagemaker.async)',
        related: [['sagemaker', 'async', 'enabled']],
      };
    }
    if (sagemaker.variant === 'serverless') {
      return {
        field: ['chat', 'enabled'],
        message:
          'needs an instance variant: serverless endpoints have no GPUs for an LLM container (set sagemaker.variant: instance)',
        related: [['sagemaker', 'variant']],
      };
    }
    return undefined;
  },
  function upstreamTimeoutWithinFunctionTimeout(s) {
    const chat = section(s, 'chat');
    const upstream = num(chat.upstreamTimeoutMs);
    const timeout = num(chat.timeoutSeconds);
    if (!chatOn(s) || upstream === undefined || timeout === undefined || upstream < timeout * 1000)
      return undefined;
    return {
      field: ['chat', 'upstreamTimeoutMs'],
      message: `${upstream} must be shorter than chat.timeoutSeconds (${timeout} s): the proxy must still be running to report an upstream timeout`,
      related: [['chat', 'timeoutSeconds']],
    };
  },
  function guardrailNeedsChat(s) {
    if (!guardrailOn(s) || chatOn(s)) return undefined;
    return {
      field: ['guardrail', 'enabled'],
      message: 'is applied by the chat proxy; set chat.enabled: true as well',
      related: [['chat', 'enabled']],
    };
  },
  function overlapIsShorterThanChunk(s) {
    const guardrail = section(s, 'guardrail');
    const chunk = num(guardrail.chunkCharacters);
    const overlap = num(guardrail.overlapCharacters);
    if (!guardrailOn(s) || chunk === undefined || overlap === undefined) return undefined;
    const problem = overlapProblem(chunk, overlap);
    return problem
      ? {
          field: ['guardrail', 'overlapCharacters'],
          message: `${overlap} ${problem}`,
          related: [['guardrail', 'chunkCharacters']],
        }
      : undefined;
  },
  function promptAttackChecksPromptsOnly(s) {
    const filter = section(section(section(s, 'guardrail'), 'contentFilters'), 'promptAttack');
    if (!guardrailOn(s) || typeof filter.outputStrength !== 'string') return undefined;
    const problem = promptAttackOutputProblem(filter.outputStrength);
    return problem
      ? {
          field: ['guardrail', 'contentFilters', 'promptAttack', 'outputStrength'],
          message: `${filter.outputStrength} ${problem}`,
        }
      : undefined;
  },
  function guardrailHasSomethingToCheck(s) {
    const guardrail = section(s, 'guardrail');
    if (!guardrailOn(s)) return undefined;
    const filters = section(guardrail, 'contentFilters') as Parameters<typeof hasActiveContentFilter>[0];
    const listed = (key: string) => {
      const value = guardrail[key];
      return Array.isArray(value)
        ? value.length
        : typeof value === 'object' && value
          ? Object.keys(value).length
          : 0;
    };
    const any =
      hasActiveContentFilter(filters) ||
      listed('deniedTopics') + listed('words') + listed('sensitiveInformation') > 0 ||
      guardrail.managedProfanity === true;
    return any
      ? undefined
      : {
          field: ['guardrail', 'enabled'],
          message:
            'leaves the guardrail with nothing to check: give a content filter a strength, or set deniedTopics, words, managedProfanity or sensitiveInformation',
        };
  },
  function guardrailNameFits(s, c) {
    if (!guardrailOn(s)) return undefined;
    const name = guardrailName(c.project, c.model, c.environment);
    const problem = guardrailNameProblem(name);
    return problem
      ? {
          field: ['guardrail', 'enabled'],
          message: `names the guardrail ${JSON.stringify(name)}, which ${problem}`,
        }
      : undefined;
  },
];

export function checkChatRules(settings: Settings, context: RuleContext): RuleViolation[] {
  return RULES.flatMap((rule) => rule(settings, context) ?? []);
}
