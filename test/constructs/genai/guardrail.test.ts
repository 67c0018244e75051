import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BedrockGuardrail, BedrockGuardrailProps } from '../../../lib/constructs/genai/guardrail';
import { assetsInPlaceApp } from '../lambda/support';

const FULL: BedrockGuardrailProps = {
  guardrailName: 'acme-assistant-prod',
  contentFilters: {
    hate: { inputStrength: 'HIGH', outputStrength: 'HIGH' },
    violence: { inputStrength: 'MEDIUM', outputStrength: 'LOW' },
    insults: { inputStrength: 'NONE', outputStrength: 'NONE' },
    promptAttack: { inputStrength: 'HIGH', outputStrength: 'NONE' },
  },
  deniedTopics: [
    {
      name: 'Investment advice',
      definition: 'Recommendations on where to invest money.',
      examples: ['Which stock should I buy?'],
    },
  ],
  words: ['competitor-x'],
  managedProfanity: true,
  sensitiveInformation: { EMAIL: 'ANONYMIZE', US_SOCIAL_SECURITY_NUMBER: 'BLOCK' },
  blockedInputMessage: 'I cannot help with that.',
  blockedOutputMessage: 'That answer was withheld.',
};

function guardrailStack(props: BedrockGuardrailProps = FULL) {
  const stack = new Stack(assetsInPlaceApp(), 'Guardrails', {
    env: { account: '111111111111', region: 'eu-west-1' },
  });
  const guardrail = new BedrockGuardrail(stack, 'Guardrail', props);
  let template: Template | undefined;
  return { stack, guardrail, template: () => (template ??= Template.fromStack(stack)) };
}

const constructionError = (props: BedrockGuardrailProps): string => {
  try {
    guardrailStack(props);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the guardrail to be refused');
};

describe('BedrockGuardrail', () => {
  const { stack, guardrail, template: synth } = guardrailStack();
  const template = synth();

  test('creates the guardrail with every policy, the blocked messages and its own KMS key', () => {
    template.hasResourceProperties('AWS::Bedrock::Guardrail', {
      Name: 'acme-assistant-prod',
      BlockedInputMessaging: 'I cannot help with that.',
      BlockedOutputsMessaging: 'That answer was withheld.',
      KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GuardrailKey'), 'Arn'] },
      ContentPolicyConfig: {
        FiltersConfig: [
          { Type: 'HATE', InputStrength: 'HIGH', OutputStrength: 'HIGH' },
          { Type: 'VIOLENCE', InputStrength: 'MEDIUM', OutputStrength: 'LOW' },
          { Type: 'PROMPT_ATTACK', InputStrength: 'HIGH', OutputStrength: 'NONE' },
        ],
      },
      TopicPolicyConfig: {
        TopicsConfig: [
          {
            Name: 'Investment advice',
            Definition: 'Recommendations on where to invest money.',
            Examples: ['Which stock should I buy?'],
            Type: 'DENY',
          },
        ],
      },
      WordPolicyConfig: {
        WordsConfig: [{ Text: 'competitor-x' }],
        ManagedWordListsConfig: [{ Type: 'PROFANITY' }],
      },
      SensitiveInformationPolicyConfig: {
        PiiEntitiesConfig: [
          {
            Type: 'EMAIL',
            Action: 'ANONYMIZE',
            InputAction: 'ANONYMIZE',
            InputEnabled: true,
            OutputAction: 'ANONYMIZE',
            OutputEnabled: true,
          },
          {
            Type: 'US_SOCIAL_SECURITY_NUMBER',
            Action: 'BLOCK',
            InputAction: 'BLOCK',
            InputEnabled: true,
            OutputAction: 'BLOCK',
            OutputEnabled: true,
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('a filter with both strengths NONE is left out: it would filter nothing', () => {
    const filters = template.findResources('AWS::Bedrock::Guardrail');
    const types = Object.values(filters)[0].Properties.ContentPolicyConfig.FiltersConfig.map(
      (f: { Type: string }) => f.Type,
    );
    expect(types).not.toContain('INSULTS');
  });

  test('publishes a version of the guardrail and exposes its number', () => {
    template.resourceCountIs('AWS::Bedrock::GuardrailVersion', 1);
    template.hasResourceProperties('AWS::Bedrock::GuardrailVersion', {
      GuardrailIdentifier: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Guardrail'), 'GuardrailId'] },
      Description: `Policy ${guardrail.policyDigest}`,
    });
    expect(stack.resolve(guardrail.guardrailVersion)).toEqual({
      'Fn::GetAtt': [stack.getLogicalId(guardrail.version), 'Version'],
    });
  });

  test('a replaced version is kept, so answers streaming during a deployment can still apply it', () => {
    template.hasResource('AWS::Bedrock::GuardrailVersion', { UpdateReplacePolicy: 'Retain' });
  });

  test('a policy change changes the version description, so CloudFormation publishes a new version', () => {
    const changed = guardrailStack({ ...FULL, words: ['competitor-y'] }).guardrail;
    const same = guardrailStack(FULL).guardrail;
    expect(changed.policyDigest).not.toEqual(guardrail.policyDigest);
    expect(same.policyDigest).toEqual(guardrail.policyDigest);
  });

  test('grantApply allows ApplyGuardrail on this guardrail and decrypting with its key, nothing more', () => {
    const { stack: s, guardrail: g } = guardrailStack();
    const role = new iam.Role(s, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    g.grantApply(role);
    const policies = Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy'));
    expect(policies).toHaveLength(1);
    const statements = policies[0].Properties.PolicyDocument.Statement;
    expect(statements).toEqual([
      {
        Action: 'bedrock:ApplyGuardrail',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [s.getLogicalId(g.guardrail), 'GuardrailArn'] },
      },
      {
        Action: 'kms:Decrypt',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [s.getLogicalId(g.encryptionKey.node.defaultChild as CfnElement), 'Arn'] },
      },
    ]);
  });

  test('passes the AwsSolutions checks with no finding', () => {
    const { stack: s } = guardrailStack();
    const app = s.node.root as ReturnType<typeof assetsInPlaceApp>;
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
    expect(new AwsSolutionsChecks().validateScope(s).violations).toEqual([]);
  });
});

describe('BedrockGuardrail refuses', () => {
  test('a prompt attack filter with an output strength', () => {
    expect(
      constructionError({
        ...FULL,
        contentFilters: { promptAttack: { inputStrength: 'HIGH', outputStrength: 'LOW' } },
      }),
    ).toContain(
      'contentFilters.promptAttack.outputStrength LOW must be NONE: the prompt attack filter checks prompts only',
    );
  });

  test('a name longer than 50 characters or with other characters', () => {
    expect(constructionError({ ...FULL, guardrailName: 'a'.repeat(51) })).toContain(
      `guardrailName ${'a'.repeat(51)} is 51 characters long; Bedrock allows guardrail names of at most 50`,
    );
    expect(constructionError({ ...FULL, guardrailName: 'acme.assistant' })).toContain(
      'guardrailName acme.assistant must be letters, digits, hyphens and underscores',
    );
  });

  test('a guardrail with nothing to check', () => {
    expect(
      constructionError({
        guardrailName: 'empty',
        contentFilters: { hate: { inputStrength: 'NONE', outputStrength: 'NONE' } },
      }),
    ).toContain('contentFilters leaves the guardrail with nothing to check');
  });
});
