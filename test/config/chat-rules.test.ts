import { parseDeploymentConfig } from '../../lib/config';
import { PROJECT_ROOT } from '../helpers/app';
import { CHURN_ECR_IMAGE, churnYaml, yamlErrorOf } from './fixtures';

/** The chat proxy's and guardrail's invalid settings, as the loader reports them: path, value, what is allowed, line. */

const CHAT = 'chat: { enabled: true }';
const GUARDED = ['chat: { enabled: true }', 'guardrail:', '  enabled: true'];

test.each([
  [
    'a chat proxy on a Lambda-served model',
    [
      'project: acme',
      'environments: { dev: {} }',
      'models:',
      '  fraud:',
      '    target: lambda',
      '    artifact: { path: models/iris/repository/iris/1/model.onnx }',
      '    chat: { enabled: true }',
    ].join('\n'),
    " - models.fraud.chat.enabled: the chat proxy streams from a SageMaker endpoint (InvokeEndpointWithResponseStream); this model's target is lambda (line 7)",
  ],
  [
    'a chat proxy on a serverless endpoint',
    churnYaml('sagemaker:', '  variant: serverless', `  ${CHURN_ECR_IMAGE}`, CHAT),
    ' - models.churn.chat.enabled: needs an instance variant: serverless endpoints have no GPUs for an LLM container (set sagemaker.variant: instance) (line 11)',
  ],
  [
    'a chat proxy on an asynchronous endpoint',
    churnYaml('sagemaker: { async: { enabled: true } }', CHAT),
    ' - models.churn.chat.enabled: needs a real-time endpoint: an asynchronous endpoint writes its answers to S3 and cannot stream them (turn off sagemaker.async) (line 9)',
  ],
  [
    'an upstream timeout as long as the function timeout',
    churnYaml('chat: { enabled: true, timeoutSeconds: 60, upstreamTimeoutMs: 60000 }'),
    ' - models.churn.chat.upstreamTimeoutMs: 60000 must be shorter than chat.timeoutSeconds (60 s): the proxy must still be running to report an upstream timeout (line 8)',
  ],
  [
    'a guardrail without the chat proxy',
    churnYaml('guardrail: { enabled: true }'),
    ' - models.churn.guardrail.enabled: is applied by the chat proxy; set chat.enabled: true as well [chat.enabled from (built-in default).chat.enabled] (line 8)',
  ],
  [
    'an overlap as long as the chunk',
    churnYaml(...GUARDED, '  chunkCharacters: 200', '  overlapCharacters: 200'),
    ' - models.churn.guardrail.overlapCharacters: 200 must be less than chunkCharacters (200): each check carries this much of the previous chunk and needs new text besides (line 12)',
  ],
  [
    'a prompt attack filter on answers',
    churnYaml(...GUARDED, '  contentFilters:', '    promptAttack: { outputStrength: HIGH }'),
    ' - models.churn.guardrail.contentFilters.promptAttack.outputStrength: HIGH must be NONE: the prompt attack filter checks prompts only, never answers (line 12)',
  ],
  [
    'a guardrail with every filter off and nothing else',
    churnYaml(
      ...GUARDED,
      '  contentFilters:',
      ...['hate', 'insults', 'sexual', 'violence', 'misconduct', 'promptAttack'].map(
        (name) => `    ${name}: { inputStrength: NONE, outputStrength: NONE }`,
      ),
    ),
    ' - models.churn.guardrail.enabled: leaves the guardrail with nothing to check',
  ],
  [
    'an unknown sensitive entity type',
    churnYaml(...GUARDED, '  sensitiveInformation: { SHOE_SIZE: BLOCK }'),
    ' - models.churn.guardrail.sensitiveInformation.SHOE_SIZE',
  ],
  [
    'a filter strength Bedrock does not know',
    churnYaml(...GUARDED, '  contentFilters: { hate: { inputStrength: EXTREME } }'),
    ' - models.churn.guardrail.contentFilters.hate.inputStrength: "EXTREME"',
  ],
  [
    'a blocked message longer than 500 characters',
    churnYaml(...GUARDED, `  blockedInputMessage: ${'x'.repeat(501)}`),
    ' - models.churn.guardrail.blockedInputMessage',
  ],
])('%s', (_name, text, expected) => {
  expect(yamlErrorOf(text)).toContain(expected);
});

test('a guardrail name longer than Bedrock allows is refused at the switch that turns it on', () => {
  const model = 'c'.repeat(40);
  const text = churnYaml(...GUARDED)
    .replace('project: acme', 'project: acme-platform')
    .replace('  churn:', `  ${model}:`);
  // acme-platform (13) + model (40) + dev (3) + two hyphens = 58 characters.
  expect(yamlErrorOf(text)).toContain(
    ` - models.${model}.guardrail.enabled: names the guardrail "acme-platform-${model}-dev", which is 58 characters long; Bedrock allows guardrail names of at most 50 (line 10)`,
  );
});

test('an environment may tighten one filter of the guardrail; the others keep their defaults', () => {
  const text = [
    'project: acme',
    'environments: { dev: {}, prod: {} }',
    'models:',
    '  churn:',
    '    target: sagemaker',
    '    artifact: { path: models/iris/repository }',
    '    chat: { enabled: true, upstreamFormat: tgi-generate }',
    '    guardrail:',
    '      enabled: true',
    '      sensitiveInformation: { EMAIL: ANONYMIZE }',
    '    environments:',
    '      prod:',
    '        guardrail: { contentFilters: { violence: { inputStrength: MEDIUM } }, streamMode: stream-first }',
  ].join('\n');
  const config = parseDeploymentConfig(text, 'chat.yaml', { baseDir: PROJECT_ROOT });
  const [dev, prod] = config.environments.map((env) => env.models[0]);
  expect(dev.chat).toEqual({
    enabled: true,
    upstreamFormat: 'tgi-generate',
    maxTokens: 1024,
    upstreamTimeoutMs: 30000,
    timeoutSeconds: 300,
    memoryMb: 512,
  });
  expect(dev.guardrail.contentFilters.violence).toEqual({ inputStrength: 'HIGH', outputStrength: 'HIGH' });
  expect(prod.guardrail.contentFilters.violence).toEqual({ inputStrength: 'MEDIUM', outputStrength: 'HIGH' });
  expect(prod.guardrail.streamMode).toBe('stream-first');
  expect(dev.guardrail.streamMode).toBe('check-first');
  expect(prod.guardrail.sensitiveInformation).toEqual({ EMAIL: 'ANONYMIZE' });
});
