import { createHash } from 'crypto';
import { CfnDeletionPolicy } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { throwOnProblems } from '../errors/validation';
import {
  CONTENT_FILTER_TYPES,
  ContentFilterName,
  FilterStrength,
  guardrailPolicyProblems,
  PiiAction,
  PiiEntityType,
} from './guardrail-rules';

/** How strongly one content filter applies to prompts and to answers. */
export interface ContentFilterStrengths {
  readonly inputStrength: FilterStrength;
  /** Must be NONE for `promptAttack`. */
  readonly outputStrength: FilterStrength;
}

/** A topic the guardrail refuses to discuss. */
export interface DeniedTopic {
  /** 1–100 letters, digits, spaces and `-_!?.`. */
  readonly name: string;
  /** What the topic is, in 1–1000 characters; Bedrock classifies text against it. */
  readonly definition: string;
  /** Sample prompts of the topic, 1–100 characters each. @default none */
  readonly examples?: readonly string[];
}

export interface BedrockGuardrailProps {
  /** Physical name, 1–50 letters, digits, `-` and `_`, unique in the account and region. */
  readonly guardrailName: string;
  /** @default a line naming the guardrail */
  readonly description?: string;
  /** Content filters by category; categories left out are not filtered. @default none */
  readonly contentFilters?: Partial<Record<ContentFilterName, ContentFilterStrengths>>;
  /** Topics to refuse. @default none */
  readonly deniedTopics?: readonly DeniedTopic[];
  /** Words and phrases to refuse. @default none */
  readonly words?: readonly string[];
  /** Refuse the words of AWS's managed profanity list. @default false */
  readonly managedProfanity?: boolean;
  /** Sensitive entities to block or mask. @default none */
  readonly sensitiveInformation?: Partial<Record<PiiEntityType, PiiAction>>;
  /** What a caller is told instead of an answer when the prompt is blocked (1–500 characters). @default a short refusal */
  readonly blockedInputMessage?: string;
  /** What replaces a blocked answer (1–500 characters). @default a short refusal */
  readonly blockedOutputMessage?: string;
  /** Key that encrypts the guardrail's configuration. @default a new rotating key */
  readonly encryptionKey?: kms.IKey;
}

const DEFAULT_BLOCKED_INPUT = 'Sorry, I cannot answer that request.';
const DEFAULT_BLOCKED_OUTPUT = 'Sorry, the answer was withheld by the content policy.';

/**
 * An Amazon Bedrock guardrail (AWS::Bedrock::Guardrail) and a published version of it
 * (AWS::Bedrock::GuardrailVersion), encrypted with a customer managed key. Callers apply the published version,
 * never the working draft.
 *
 * Every property of AWS::Bedrock::GuardrailVersion requires replacement on change ("AWS::Bedrock::GuardrailVersion",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-bedrock-guardrailversion.html),
 * and an unchanged version resource is never republished. So the version's description carries a digest of the
 * policy: a policy change replaces the version resource, which publishes the updated guardrail as a new version,
 * and `guardrailVersion` (which callers read) follows it in the same deployment.
 */
export class BedrockGuardrail extends Construct {
  readonly guardrail: bedrock.CfnGuardrail;
  readonly version: bedrock.CfnGuardrailVersion;
  readonly encryptionKey: kms.IKey;
  /** Identifier ApplyGuardrail takes. */
  readonly guardrailId: string;
  readonly guardrailArn: string;
  /** The published version number (never DRAFT). */
  readonly guardrailVersion: string;
  /** Digest of the policy the published version holds. */
  readonly policyDigest: string;

  constructor(scope: Construct, id: string, props: BedrockGuardrailProps) {
    super(scope, id);
    const filters = props.contentFilters ?? {};
    throwOnProblems('BedrockGuardrail', this, [
      ...guardrailPolicyProblems({
        name: props.guardrailName,
        contentFilters: filters,
        deniedTopicCount: props.deniedTopics?.length ?? 0,
        wordCount: props.words?.length ?? 0,
        managedProfanity: props.managedProfanity ?? false,
        sensitiveEntityCount: Object.keys(props.sensitiveInformation ?? {}).length,
      }),
    ]);

    this.encryptionKey =
      props.encryptionKey ??
      new kms.Key(this, 'Key', {
        description: `Encrypts Bedrock guardrail ${props.guardrailName}`,
        enableKeyRotation: true,
      });

    const policy = guardrailPolicy(props);
    this.guardrail = new bedrock.CfnGuardrail(this, 'Guardrail', {
      name: props.guardrailName,
      description: props.description ?? `Guardrail ${props.guardrailName}, managed by ml-deploy-cdk`,
      blockedInputMessaging: props.blockedInputMessage ?? DEFAULT_BLOCKED_INPUT,
      blockedOutputsMessaging: props.blockedOutputMessage ?? DEFAULT_BLOCKED_OUTPUT,
      kmsKeyArn: this.encryptionKey.keyArn,
      ...policy,
    });
    this.policyDigest = createHash('sha256')
      .update(
        JSON.stringify({
          policy,
          blockedInput: this.guardrail.blockedInputMessaging,
          blockedOutput: this.guardrail.blockedOutputsMessaging,
        }),
      )
      .digest('hex')
      .slice(0, 16);
    this.version = new bedrock.CfnGuardrailVersion(this, 'Version', {
      guardrailIdentifier: this.guardrail.attrGuardrailId,
      description: `Policy ${this.policyDigest}`,
    });
    // A replaced version is kept: a streamed answer that started before the deployment still checks its chunks
    // against the version it read, for up to the proxy's timeout after CloudFormation has moved on. Deleting the
    // guardrail deletes every version with it ("DeleteGuardrail",
    // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_DeleteGuardrail.html).
    this.version.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
    this.guardrailId = this.guardrail.attrGuardrailId;
    this.guardrailArn = this.guardrail.attrGuardrailArn;
    this.guardrailVersion = this.version.attrVersion;
  }

  /**
   * Lets a principal apply the guardrail (`bedrock:ApplyGuardrail` on this guardrail's ARN, the `guardrail`
   * resource type of "Actions, resources, and condition keys for Amazon Bedrock", Service Authorization Reference,
   * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonbedrock.html) and decrypt it with
   * its key, which users of a guardrail encrypted with a customer managed key need ("Create a customer managed key
   * for your guardrail", https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-permissions-kms.html).
   */
  grantApply(grantee: iam.IGrantable): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['bedrock:ApplyGuardrail'],
      resourceArns: [this.guardrailArn],
    });
    this.encryptionKey.grantDecrypt(grantee);
    return grant;
  }
}

/** The policy properties of the resource, each present only when it has entries. */
function guardrailPolicy(props: BedrockGuardrailProps): Partial<bedrock.CfnGuardrailProps> {
  const filters = Object.entries(props.contentFilters ?? {})
    .filter(([, s]) => s !== undefined && (s.inputStrength !== 'NONE' || s.outputStrength !== 'NONE'))
    .map(([name, s]) => ({
      type: CONTENT_FILTER_TYPES[name as ContentFilterName],
      inputStrength: s!.inputStrength,
      outputStrength: s!.outputStrength,
    }));
  const topics = (props.deniedTopics ?? []).map((topic) => ({
    name: topic.name,
    definition: topic.definition,
    examples: topic.examples && [...topic.examples],
    type: 'DENY',
  }));
  const words = (props.words ?? []).map((text) => ({ text }));
  // Each entity is checked on both sides, said explicitly: an entity given only its Action has been seen deployed
  // with the prompt side disabled, and the per-side fields are what ApplyGuardrail honours ("GuardrailPiiEntityConfig",
  // inputAction/inputEnabled/outputAction/outputEnabled,
  // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_GuardrailPiiEntityConfig.html).
  const pii = Object.entries(props.sensitiveInformation ?? {}).map(([type, action]) => ({
    type,
    action: action!,
    inputAction: action!,
    inputEnabled: true,
    outputAction: action!,
    outputEnabled: true,
  }));
  return {
    contentPolicyConfig: filters.length > 0 ? { filtersConfig: filters } : undefined,
    topicPolicyConfig: topics.length > 0 ? { topicsConfig: topics } : undefined,
    wordPolicyConfig:
      words.length > 0 || props.managedProfanity
        ? {
            wordsConfig: words.length > 0 ? words : undefined,
            managedWordListsConfig: props.managedProfanity ? [{ type: 'PROFANITY' }] : undefined,
          }
        : undefined,
    sensitiveInformationPolicyConfig: pii.length > 0 ? { piiEntitiesConfig: pii } : undefined,
  };
}
