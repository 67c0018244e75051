import { parseDeploymentConfig } from '../../lib/config';
import { PROJECT_ROOT } from '../helpers/app';

/**
 * The rules of `monitoring` (drift and quality) as a user reads them: the dotted path, what is wrong, where the
 * other field was set, and the YAML line. Each case is a whole config file, so the line can be counted.
 */

const HEADER = `project: acme
environments:
  dev: {}
  prod: {}
models:
`;

/** A model `name` served by `target` on lines 6–8; its other settings follow from line 9. */
const model = (name: string, target: string, artifact: string, ...lines: string[]) =>
  [
    HEADER + `  ${name}:`,
    `    target: ${target}`,
    `    artifact: { path: ${artifact} }`,
    ...lines.map((line) => `    ${line}`),
  ].join('\n');
const fraud = (...lines: string[]) =>
  model('fraud', 'lambda', 'models/iris/repository/iris/1/model.onnx', ...lines);
const churn = (...lines: string[]) => model('churn', 'sagemaker', 'models/iris/repository', ...lines);

const BASELINE = 'baselinePath: models/iris/drift-baseline.json';

function messageOf(text: string): string {
  try {
    parseDeploymentConfig(text, 'deployments.yaml', { baseDir: PROJECT_ROOT });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected the config to be rejected:\n${text}`);
}

const accepted = (text: string) =>
  parseDeploymentConfig(text, 'deployments.yaml', { baseDir: PROJECT_ROOT }).environments.flatMap((env) =>
    env.models.map((m) => `${m.name}/${m.environment}: ${m.monitoring.enabled}`),
  );

test.each([
  [
    'Lambda monitoring without capture',
    fraud(`monitoring: { enabled: true, ${BASELINE} }`),
    ' - models.fraud.monitoring.enabled: needs lambda.dataCapture.enabled: true (the drift job reads the captured answers) [lambda.dataCapture.enabled from (built-in default).lambda.dataCapture.enabled] (line 9)',
  ],
  [
    'SageMaker monitoring without capture',
    churn(`monitoring: { enabled: true, ${BASELINE} }`),
    ' - models.churn.monitoring.enabled: needs sagemaker.dataCapture.enabled: true (the drift job reads the captured answers) [sagemaker.dataCapture.enabled from (built-in default).sagemaker.dataCapture.enabled] (line 9)',
  ],
  [
    'monitoring without a baseline',
    fraud('lambda: { dataCapture: { enabled: true } }', 'monitoring: { enabled: true }'),
    ' - models.fraud.monitoring.enabled: needs monitoring.baselinePath, the baseline JSON `mldeploy baseline` writes from the training data (docs/observability.md#baselines) (line 10)',
  ],
  [
    'monitoring over a capture of 0 %',
    fraud(
      'lambda:',
      '  dataCapture: { enabled: true, samplingPercent: 0 }',
      `monitoring: { enabled: true, ${BASELINE} }`,
    ),
    ' - models.fraud.lambda.dataCapture.samplingPercent: is 0 while monitoring.enabled is true: nothing would be captured, and every window would lack data; capture a share of the answers (line 10)',
  ],
])('%s is refused at its YAML line', (_case, text, expected) => {
  expect(messageOf(text).split('\n')).toContain(expected);
});

test('the line is the one of the environment that turns monitoring on', () => {
  const text = fraud(
    'lambda: { dataCapture: { enabled: true } }',
    'environments:',
    '  prod:',
    '    monitoring: { enabled: true }',
  );
  expect(messageOf(text)).toContain(
    ' - models.fraud.environments.prod.monitoring.enabled: needs monitoring.baselinePath, the baseline JSON `mldeploy baseline` writes from the training data (docs/observability.md#baselines) (line 12)',
  );
});

test('monitoring with capture on and a baseline is accepted, in the environments that enable it', () => {
  const text = fraud(
    'lambda: { dataCapture: { enabled: true } }',
    'environments:',
    `  prod: { monitoring: { enabled: true, ${BASELINE} } }`,
  );
  expect(accepted(text)).toEqual(['fraud/dev: false', 'fraud/prod: true']);
});
