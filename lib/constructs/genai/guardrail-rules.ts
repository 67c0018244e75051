import { PropProblem } from '../errors/validation';

/**
 * What an Amazon Bedrock guardrail accepts, as the `AWS::Bedrock::Guardrail` resource type declares it
 * ("AWS::Bedrock::Guardrail", AWS CloudFormation Template Reference,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-bedrock-guardrail.html),
 * and the rules both the BedrockGuardrail construct and the config check. Pure values and functions: the
 * config layer imports them without building anything.
 */

/** Filter strengths of a content filter ("AWS::Bedrock::Guardrail ContentFilterConfig", InputStrength/OutputStrength). */
export const FILTER_STRENGTHS = ['NONE', 'LOW', 'MEDIUM', 'HIGH'] as const;
export type FilterStrength = (typeof FILTER_STRENGTHS)[number];

/** Content filter types ("AWS::Bedrock::Guardrail ContentFilterConfig", Type), by the name the config uses. */
export const CONTENT_FILTER_TYPES = {
  hate: 'HATE',
  insults: 'INSULTS',
  sexual: 'SEXUAL',
  violence: 'VIOLENCE',
  misconduct: 'MISCONDUCT',
  promptAttack: 'PROMPT_ATTACK',
} as const;
export type ContentFilterName = keyof typeof CONTENT_FILTER_TYPES;

/**
 * Entity types of the sensitive-information policy ("AWS::Bedrock::Guardrail PiiEntityConfig", Type,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-bedrock-guardrail-piientityconfig.html).
 */
export const PII_ENTITY_TYPES = [
  'ADDRESS',
  'AGE',
  'AWS_ACCESS_KEY',
  'AWS_SECRET_KEY',
  'CA_HEALTH_NUMBER',
  'CA_SOCIAL_INSURANCE_NUMBER',
  'CREDIT_DEBIT_CARD_CVV',
  'CREDIT_DEBIT_CARD_EXPIRY',
  'CREDIT_DEBIT_CARD_NUMBER',
  'DRIVER_ID',
  'EMAIL',
  'INTERNATIONAL_BANK_ACCOUNT_NUMBER',
  'IP_ADDRESS',
  'LICENSE_PLATE',
  'MAC_ADDRESS',
  'NAME',
  'PASSWORD',
  'PHONE',
  'PIN',
  'SWIFT_CODE',
  'UK_NATIONAL_HEALTH_SERVICE_NUMBER',
  'UK_NATIONAL_INSURANCE_NUMBER',
  'UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER',
  'URL',
  'USERNAME',
  'US_BANK_ACCOUNT_NUMBER',
  'US_BANK_ROUTING_NUMBER',
  'US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER',
  'US_PASSPORT_NUMBER',
  'US_SOCIAL_SECURITY_NUMBER',
  'VEHICLE_IDENTIFICATION_NUMBER',
] as const;
export type PiiEntityType = (typeof PII_ENTITY_TYPES)[number];

/** BLOCK refuses the text; ANONYMIZE masks the entity (e.g. `{EMAIL}`) and lets the rest through. */
export const PII_ACTIONS = ['BLOCK', 'ANONYMIZE'] as const;
export type PiiAction = (typeof PII_ACTIONS)[number];

/**
 * Limits of the resource type's properties: Name 1–50 characters of `^[0-9a-zA-Z-_]+$`, Description 1–200,
 * BlockedInputMessaging and BlockedOutputsMessaging 1–500, a denied topic's Name 1–100 of `^[0-9a-zA-Z-_ !?.]+$`,
 * its Definition 1–1000 and each of its Examples 1–100 characters.
 */
export const GUARDRAIL_LIMITS = {
  nameLength: 50,
  descriptionLength: 200,
  blockedMessageLength: 500,
  topicNameLength: 100,
  topicDefinitionLength: 1000,
  topicExampleLength: 100,
} as const;
export const GUARDRAIL_NAME_PATTERN = /^[0-9a-zA-Z-_]+$/;
export const TOPIC_NAME_PATTERN = /^[0-9a-zA-Z-_ !?.]+$/;

/**
 * A prompt attack (jailbreak, prompt injection) is an attack by the user on the model's instructions: Bedrock
 * classifies prompts for it, never model answers ("Configure content filters for Amazon Bedrock Guardrails", Amazon
 * Bedrock User Guide, https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-content-filters-overview.html),
 * and creating a guardrail whose PROMPT_ATTACK filter has another output strength than NONE fails at deploy
 * (reported in https://github.com/hashicorp/terraform-provider-awscc/issues/1905).
 */
export function promptAttackOutputProblem(outputStrength: string): string | undefined {
  return outputStrength === 'NONE'
    ? undefined
    : `must be NONE: the prompt attack filter checks prompts only, never answers`;
}

/** The next chunk's check repeats `overlap` characters of the last one, so it must leave new text to check. */
export function overlapProblem(chunkCharacters: number, overlapCharacters: number): string | undefined {
  return overlapCharacters < chunkCharacters
    ? undefined
    : `must be less than chunkCharacters (${chunkCharacters}): each check carries this much of the previous chunk and needs new text besides`;
}

export function guardrailNameProblem(name: string): string | undefined {
  if (name.length > GUARDRAIL_LIMITS.nameLength) {
    return `is ${name.length} characters long; Bedrock allows guardrail names of at most ${GUARDRAIL_LIMITS.nameLength}`;
  }
  return GUARDRAIL_NAME_PATTERN.test(name)
    ? undefined
    : 'must be letters, digits, hyphens and underscores (AWS::Bedrock::Guardrail Name)';
}

/** What the BedrockGuardrail construct checks of its policy props. */
export interface GuardrailPolicyFacts {
  readonly name: string;
  readonly contentFilters: Partial<
    Record<ContentFilterName, { readonly inputStrength: string; readonly outputStrength: string }>
  >;
  readonly deniedTopicCount: number;
  readonly wordCount: number;
  readonly managedProfanity: boolean;
  readonly sensitiveEntityCount: number;
}

/** Whether any content filter has a strength other than NONE. */
export function hasActiveContentFilter(filters: GuardrailPolicyFacts['contentFilters']): boolean {
  return Object.values(filters).some(
    (filter) => filter !== undefined && (filter.inputStrength !== 'NONE' || filter.outputStrength !== 'NONE'),
  );
}

export function guardrailPolicyProblems(facts: GuardrailPolicyFacts): PropProblem[] {
  const problems: PropProblem[] = [];
  const nameProblem = guardrailNameProblem(facts.name);
  if (nameProblem) problems.push({ field: 'guardrailName', value: facts.name, message: nameProblem });
  const promptAttack = facts.contentFilters.promptAttack;
  const attackProblem = promptAttack && promptAttackOutputProblem(promptAttack.outputStrength);
  if (attackProblem) {
    problems.push({
      field: 'contentFilters.promptAttack.outputStrength',
      value: promptAttack.outputStrength,
      message: attackProblem,
    });
  }
  const anyPolicy =
    hasActiveContentFilter(facts.contentFilters) ||
    facts.deniedTopicCount + facts.wordCount + facts.sensitiveEntityCount > 0 ||
    facts.managedProfanity;
  if (!anyPolicy) {
    problems.push({
      field: 'contentFilters',
      message:
        'leaves the guardrail with nothing to check: give a content filter a strength, or deny a topic, filter a word or the profanity list, or name a sensitive entity',
    });
  }
  return problems;
}
