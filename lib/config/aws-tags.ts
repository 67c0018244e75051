import { AWS_RESERVED_TAG_PREFIX_PATTERN, TAG_CHARACTERS_PATTERN } from '../constructs/private/patterns';

/**
 * Tag rules as AWS applies them. Every config tag lands on every resource and, through the CDK, on
 * every CloudFormation stack of the environment, so the strictest of these rules applies:
 * - keys 1-128 and values up to 256 Unicode characters, made of Unicode letters, digits, white space and
 *   _ . : / = + - @ (Resource Groups Tagging API Reference, "Tag"
 *   https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_Tag.html);
 * - no aws: prefix, in any case, on keys or values: reserved for AWS ("Tagging AWS resources", tag
 *   naming limits and requirements https://docs.aws.amazon.com/general/latest/gr/aws_tagging.html);
 * - stack tag values of at least one character (AWS CloudFormation API Reference, "Tag"
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Tag.html);
 * - at most 50 tags on a stack (AWS CloudFormation API Reference, "CreateStack", Tags
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html).
 */

const MAX_TAG_KEY_LENGTH = 128;
const MAX_TAG_VALUE_LENGTH = 256;
const MAX_STACK_TAGS = 50;

/**
 * Tags the app puts on every model stack besides the config's (lib/app/environment-stage.ts); they
 * count towards the stack's 50.
 */
const BUILT_IN_TAG_KEYS = ['project', 'environment', 'model'] as const;

const ALLOWED_DESCRIPTION = 'Unicode letters, digits, spaces and _ . : / = + - @';

export function tagKeyProblem(key: string): string | undefined {
  // The app sets these itself; a config tag of the same key would silently replace its value.
  if ((BUILT_IN_TAG_KEYS as readonly string[]).includes(key)) {
    return `is set by the app on every resource (${BUILT_IN_TAG_KEYS.join(', ')}); choose another key`;
  }
  return textProblem(key, 'key', 1, MAX_TAG_KEY_LENGTH);
}

export function tagValueProblem(value: string): string | undefined {
  return textProblem(value, 'value', 1, MAX_TAG_VALUE_LENGTH);
}

function textProblem(text: string, what: 'key' | 'value', min: number, max: number): string | undefined {
  // AWS counts Unicode characters, not UTF-16 code units.
  const length = [...text].length;
  if (length < min) {
    return what === 'value'
      ? 'is empty; CloudFormation stack tags need a value of at least one character'
      : 'is empty; tag keys need at least one character';
  }
  if (length > max) return `is ${length} characters long; a tag ${what} has at most ${max}`;
  if (AWS_RESERVED_TAG_PREFIX_PATTERN.test(text))
    return `starts with ${text.slice(0, 4)}, which AWS reserves for its own tags`;
  if (!TAG_CHARACTERS_PATTERN.test(text)) {
    const bad = [...new Set([...text].filter((char) => !TAG_CHARACTERS_PATTERN.test(char)))];
    return `has characters AWS does not allow in a tag ${what}: ${bad.map((char) => JSON.stringify(char)).join(' ')}; allowed: ${ALLOWED_DESCRIPTION}`;
  }
  return undefined;
}

/** The number of tags each environment's model stacks carry, when it exceeds the stack limit. */
export function stackTagCountProblems(
  projectTags: Readonly<Record<string, unknown>> | undefined,
  environments: Readonly<Record<string, { readonly tags?: Readonly<Record<string, unknown>> } | undefined>>,
): { environment: string; count: number; message: string }[] {
  return Object.entries(environments).flatMap(([environment, config]) => {
    const keys = new Set([
      ...BUILT_IN_TAG_KEYS,
      ...Object.keys(projectTags ?? {}),
      ...Object.keys(config?.tags ?? {}),
    ]);
    if (keys.size <= MAX_STACK_TAGS) return [];
    return [
      {
        environment,
        count: keys.size,
        message: `gives the model stacks of ${environment} ${keys.size} tags (the top-level and environment tags together, with ${BUILT_IN_TAG_KEYS.join(', ')}); a CloudFormation stack takes at most ${MAX_STACK_TAGS}`,
      },
    ];
  });
}
