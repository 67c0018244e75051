import { parseDeploymentConfig } from '../../lib/config';
import { PROJECT_ROOT } from '../helpers/app';

/**
 * Every rule the loader reports, as a user reads it: the file, the dotted path, the bad value, what is
 * allowed and the line. Each case is a whole config file, so the expected line can be counted.
 */

const HEADER = `project: acme
environments:
  dev: {}
models:
`;

/** A SageMaker model `churn` on lines 5–7; more of its settings follow from line 8. */
const churn = (...lines: string[]) =>
  [
    HEADER + '  churn:',
    '    target: sagemaker',
    '    artifact: { path: models/iris/repository }',
    ...lines.map((line) => `    ${line}`),
  ].join('\n');

/** A Lambda model `fraud` on lines 5–7; more of its settings follow from line 8. */
const fraud = (...lines: string[]) =>
  [
    HEADER + '  fraud:',
    '    target: lambda',
    '    artifact: { path: models/iris/repository/iris/1/model.onnx }',
    ...lines.map((line) => `    ${line}`),
  ].join('\n');

/** A Lambda model `fraud` whose artifact (line 7) is given whole. */
const fraudWithArtifact = (artifact: string, ...lines: string[]) =>
  [
    HEADER + '  fraud:',
    '    target: lambda',
    `    artifact: ${artifact}`,
    ...lines.map((l) => `    ${l}`),
  ].join('\n');

const ECR = "image: { ecrUri: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/churn:1' }";
const SHA = 'a'.repeat(64);
const ALARM =
  "{ name: queue-depth, namespace: Acme/Scoring, metricName: QueueDepth, statistic: Maximum, periodSeconds: 60, threshold: 100, comparison: GreaterThanThreshold, evaluationPeriods: 3, treatMissingData: notBreaching, description: 'Requests wait.', runbook: 'check the queue.'";

function messageOf(text: string): string {
  try {
    parseDeploymentConfig(text, 'rules.yaml', { baseDir: PROJECT_ROOT });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected the config to be rejected:\n${text}`);
}

describe.each([
  [
    'YAML',
    [
      [
        'a duplicate key',
        churn('sagemaker:', '  instanceType: ml.m5.large', '  instanceType: ml.c5.large'),
        ' - models.churn.sagemaker.instanceType: duplicate key "instanceType" (first at line 9): a key may appear once per mapping; merge the two entries (line 10)',
      ],
      [
        'an unquoted Triton version that YAML reads as a number',
        churn('sagemaker: { image: { triton: 24.09 } }'),
        " - models.churn.sagemaker.image.triton: 24.09 was read as the number 24.09; quote it: '24.09'; allowed: 23.12, 24.01, 24.03, 24.05, 24.09 (line 8)",
      ],
      [
        'an unquoted version whose trailing zero YAML drops',
        churn('sagemaker: { image: { triton: 24.10 } }'),
        " - models.churn.sagemaker.image.triton: 24.10 was read as the number 24.1; quote it: '24.10'; allowed: 23.12, 24.01, 24.03, 24.05, 24.09 (line 8)",
      ],
      [
        'an unquoted account id',
        `project: acme\nenvironments:\n  dev: { account: 012345678901 }\nmodels:\n  churn: { target: sagemaker, artifact: { path: models/iris/repository } }\n`,
        " - environments.dev.account: 012345678901 was read as the number 12345678901; quote it: '012345678901' (line 3)",
      ],
      [
        'aliases that expand without bound (billion laughs)',
        `project: acme\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
        ' - (root): YAML aliases expand to more than 100 nodes (Excessive alias count indicates a resource exhaustion attack); write the values out or use fewer aliases (line 3)',
      ],
    ],
  ],
  [
    'artifacts',
    [
      [
        'an artifact without a source',
        fraudWithArtifact('{}'),
        ' - models.fraud.artifact: needs exactly one of path, s3Uri and modelPackage (line 7)',
      ],
      [
        'an artifact with two sources',
        fraudWithArtifact(
          "{ path: models/iris/repository/iris/1/model.onnx, s3Uri: 's3://models/fraud.onnx' }",
        ),
        ' - models.fraud.artifact: set only one of path and s3Uri (line 7)',
      ],
      [
        'a digest on a local artifact',
        fraudWithArtifact(`{ path: models/iris/repository/iris/1/model.onnx, sha256: ${SHA} }`),
        ' - models.fraud.artifact.sha256: is the expected digest of an s3Uri artifact; it does not apply to path (line 7)',
      ],
      [
        'a local artifact that does not exist',
        fraudWithArtifact('{ path: models/nope.onnx }'),
        ` - models.fraud.artifact.path: "models/nope.onnx" does not exist (paths are relative to ${PROJECT_ROOT}) (line 7)`,
      ],
      [
        'a folder served from Lambda',
        fraudWithArtifact('{ path: models/iris/repository }'),
        ' - models.fraud.artifact.path: "models/iris/repository" is a folder; the Lambda runtime serves a single ONNX file: point the artifact at the .onnx file (line 7)',
      ],
      [
        'an S3 prefix served from Lambda',
        fraudWithArtifact("{ s3Uri: 's3://models-archive/fraud/' }"),
        ' - models.fraud.artifact.s3Uri: "s3://models-archive/fraud/" is a folder; the Lambda runtime serves a single ONNX file: point the artifact at the .onnx file (line 7)',
      ],
      [
        'an S3 file served from Lambda without its digest',
        fraudWithArtifact("{ s3Uri: 's3://models-archive/fraud/v1.onnx' }"),
        " - models.fraud.artifact.sha256: is required: the function refuses a model it cannot verify, so give the artifact's SHA-256 (line 7)",
      ],
      [
        'a model package served from Lambda',
        fraudWithArtifact(
          "{ modelPackage: { arn: 'arn:aws:sagemaker:eu-west-1:111111111111:model-package/fraud/3', modelDataUri: 's3://models-archive/fraud/model.tar.gz', image: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/fraud:1' } }",
        ),
        " - models.fraud.artifact.modelPackage: a model package is served by SageMaker (its container runs it); this model's target is lambda (line 7)",
      ],
      [
        'overrides for an environment that does not exist',
        fraud('environments: { prd: {} }'),
        ' - models.fraud.environments.prd: unknown environment; defined environments: dev (line 8)',
      ],
    ],
  ],
  [
    'SageMaker endpoints',
    [
      [
        'an endpoint name over 63 characters',
        `project: enterprise-ml-team\nenvironments:\n  production-eu: {}\nmodels:\n  customer-lifetime-value-predictor:\n    target: sagemaker\n    artifact: { path: models/iris/repository }\n`,
        ' - models.customer-lifetime-value-predictor: endpoint name "enterprise-ml-team-customer-lifetime-value-predictor-production-eu" (project-model-environment) is 66 characters; SageMaker allows 1–63 letters, digits and hyphens, starting and ending with a letter or digit (line 5)',
      ],
      [
        'an image without a source',
        churn('sagemaker: { image: {} }'),
        ' - models.churn.sagemaker.image: needs exactly one of triton, lmi, tgi and ecrUri (line 8)',
      ],
      [
        'an image with two sources',
        churn(
          "sagemaker: { image: { triton: '24.09', ecrUri: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/churn:1' } }",
        ),
        ' - models.churn.sagemaker.image: set only one of triton and ecrUri (line 8)',
      ],
      [
        'the Triton image on a serverless endpoint',
        churn('sagemaker:', '  variant: serverless'),
        ' - models.churn.sagemaker.variant: "serverless" endpoints cannot run the NVIDIA Triton image (sagemaker.image): it is larger than the 10 GB serverless image limit; use an instance variant (e.g. ml.t2.medium for a cheap environment) or an ECR image under 10 GB [sagemaker.image from (built-in default).sagemaker.image] (line 9)',
      ],
      [
        'provisioned concurrency above the serverless maximum',
        churn(
          'sagemaker:',
          '  variant: serverless',
          `  ${ECR}`,
          '  serverless: { maxConcurrency: 2, provisionedConcurrency: 5 }',
        ),
        ' - models.churn.sagemaker.serverless.provisionedConcurrency: 5 must be <= sagemaker.serverless.maxConcurrency (2) (line 11)',
      ],
      [
        'a VPC on a serverless endpoint',
        churn(
          'sagemaker:',
          '  variant: serverless',
          `  ${ECR}`,
          "  vpc: { subnetIds: ['subnet-0abc'], securityGroupIds: ['sg-0abc'] }",
        ),
        ' - models.churn.sagemaker.vpc: is not available on serverless endpoints; use an instance variant (line 11)',
      ],
      [
        'network isolation on a serverless endpoint',
        churn('sagemaker:', '  variant: serverless', `  ${ECR}`, '  networkIsolation: true'),
        ' - models.churn.sagemaker.networkIsolation: true is not available on serverless endpoints; use an instance variant (line 11)',
      ],
      [
        'data capture on a serverless endpoint',
        churn('sagemaker:', '  variant: serverless', `  ${ECR}`, '  dataCapture: { enabled: true }'),
        ' - models.churn.sagemaker.dataCapture.enabled: true is not available on serverless endpoints; use an instance variant (line 11)',
      ],
      [
        'autoscaling a burstable instance',
        churn('sagemaker: { instanceType: ml.t2.medium }', 'scaling:', '  enabled: true'),
        ' - models.churn.scaling.enabled: true is not supported on burstable instance type ml.t2.medium (sagemaker.instanceType); use another instance family or no autoscaling (line 10)',
      ],
      [
        'guardrails on an Inf1 instance',
        churn('sagemaker:', '  instanceType: ml.inf1.xlarge'),
        ' - models.churn.sagemaker.instanceType: "ml.inf1.xlarge" endpoints get no deployment guardrails (SageMaker falls back to all at once without rollback); set rollout.strategy allAtOnce and rollout.autoRollback false [rollout.strategy from (built-in default).rollout.strategy; rollout.autoRollback from (built-in default).rollout.autoRollback] (line 9)',
      ],
      [
        'an initial instance count outside the scaling range',
        churn(
          'sagemaker: { initialInstanceCount: 1 }',
          'scaling: { enabled: true, minInstances: 2, maxInstances: 4 }',
        ),
        ' - models.churn.sagemaker.initialInstanceCount: 1 must be between scaling.minInstances (2) and scaling.maxInstances (4) (line 8)',
      ],
      [
        'more minimum than maximum instances',
        churn('scaling:', '  enabled: true', '  minInstances: 3', '  maxInstances: 2'),
        ' - models.churn.scaling.minInstances: 3 must be <= scaling.maxInstances (2) (line 10)',
      ],
      [
        'a schedule with more minimum than maximum instances',
        churn(
          'scaling:',
          '  enabled: true',
          '  schedules:',
          "    - { name: night, schedule: 'cron(0 20 * * ? *)', minInstances: 3, maxInstances: 2 }",
        ),
        ' - models.churn.scaling.schedules.0.minInstances: 3 must be <= scaling.schedules.0.maxInstances (2) (line 11)',
      ],
      [
        'a serverless provisioned-concurrency range upside down',
        churn(
          'sagemaker: { variant: serverless, ' + ECR + ' }',
          'scaling: { enabled: true, minProvisionedConcurrency: 3, maxProvisionedConcurrency: 2 }',
        ),
        ' - models.churn.scaling.minProvisionedConcurrency: 3 must be <= scaling.maxProvisionedConcurrency (2) (line 9)',
      ],
      [
        'a serverless provisioned-concurrency range above the maximum concurrency',
        churn(
          'sagemaker: { variant: serverless, ' + ECR + ', serverless: { maxConcurrency: 5 } }',
          'scaling: { enabled: true, minProvisionedConcurrency: 1, maxProvisionedConcurrency: 8 }',
        ),
        ' - models.churn.scaling.maxProvisionedConcurrency: 8 must be <= sagemaker.serverless.maxConcurrency (5) (line 9)',
      ],
      [
        'CPU target tracking on an instance type without known vCPUs',
        churn(
          'sagemaker: { instanceType: ml.r5.large }',
          'scaling: { enabled: true, targetCpuUtilizationPercent: 70 }',
        ),
        ' - models.churn.scaling.targetCpuUtilizationPercent: 70 needs the vCPU count of ml.r5.large (sagemaker.instanceType) to normalise CPUUtilization, and it is not in the instance table; use targetInvocationsPerInstance or a listed instance type (line 9)',
      ],
      [
        'GPU target tracking on an instance type without GPUs',
        churn('scaling: { enabled: true, targetGpuUtilizationPercent: 70 }'),
        ' - models.churn.scaling.targetGpuUtilizationPercent: 70 needs an instance type with GPUs; ml.m5.large (sagemaker.instanceType) has none known [sagemaker.instanceType from (built-in default).sagemaker.instanceType] (line 8)',
      ],
      [
        'monitoring without data capture',
        churn('sagemaker:', '  monitoring: { enabled: true, baselinePath: models/iris/baseline }'),
        ' - models.churn.sagemaker.monitoring.enabled: needs sagemaker.dataCapture.enabled: true (Model Monitor analyzes the captured requests) [sagemaker.dataCapture.enabled from (built-in default).sagemaker.dataCapture.enabled] (line 9)',
      ],
      [
        'monitoring with half a baseline',
        churn(
          'sagemaker:',
          '  dataCapture: { enabled: true }',
          "  monitoring: { enabled: true, baselineStatisticsUri: 's3://baselines/churn/statistics.json' }",
        ),
        ' - models.churn.sagemaker.monitoring.baselineStatisticsUri: monitoring needs a baseline: both baselineStatisticsUri and baselineConstraintsUri (s3:// URIs), or baselinePath (line 10)',
      ],
      [
        'monitoring with two baselines',
        churn(
          'sagemaker:',
          '  dataCapture: { enabled: true }',
          "  monitoring: { enabled: true, baselinePath: models/iris/baseline, baselineStatisticsUri: 's3://b/s.json', baselineConstraintsUri: 's3://b/c.json' }",
        ),
        ' - models.churn.sagemaker.monitoring.baselinePath: set either baselinePath or baselineStatisticsUri and baselineConstraintsUri, not both (line 10)',
      ],
      [
        'a monitoring job that may outlast its hourly schedule',
        churn(
          'sagemaker:',
          '  dataCapture: { enabled: true }',
          '  monitoring: { enabled: true, baselinePath: models/iris/baseline, maxRuntimeSeconds: 7200 }',
        ),
        ' - models.churn.sagemaker.monitoring.maxRuntimeSeconds: 7200 must be <= 3600, the seconds between two runs of scheduleExpression "cron(0 * ? * * *)" (SageMaker refuses a job that may outlast its interval) [sagemaker.monitoring.scheduleExpression from (built-in default).sagemaker.monitoring.scheduleExpression] (line 10)',
      ],
      [
        'a baseline folder without its files',
        churn(
          'sagemaker:',
          '  dataCapture: { enabled: true }',
          '  monitoring: { enabled: true, baselinePath: models/iris/data }',
        ),
        ` - models.churn.sagemaker.monitoring.baselinePath: "models/iris/data" must be a folder holding statistics.json and constraints.json; missing: statistics.json, constraints.json (paths are relative to ${PROJECT_ROOT}) (line 10)`,
      ],
      [
        'a sample request that does not exist',
        churn('sagemaker:', '  sampleRequest: models/iris/nope.json'),
        ` - models.churn.sagemaker.sampleRequest: "models/iris/nope.json" does not exist (paths are relative to ${PROJECT_ROOT}) (line 9)`,
      ],
      [
        'a region without the Triton image',
        `project: acme\nenvironments:\n  dev: { region: mx-central-1 }\nmodels:\n  churn: { target: sagemaker, artifact: { path: models/iris/repository } }\n`,
        ' - environments.dev.region: "mx-central-1" has no NVIDIA Triton image for SageMaker; regions with one: af-south-1, ap-east-1, ap-northeast-1, ap-northeast-2, ap-northeast-3, ap-south-1, ap-southeast-1, ap-southeast-2, ap-southeast-3, ca-central-1, ca-west-1, cn-north-1, cn-northwest-1, eu-central-1, eu-north-1, eu-south-1, eu-west-1, eu-west-2, eu-west-3, il-central-1, me-south-1, sa-east-1, us-east-1, us-east-2, us-west-1, us-west-2; models churn run it (sagemaker.image.triton): give them sagemaker.image.ecrUri with your own copy, or choose another region (line 3)',
      ],
    ],
  ],
  [
    'SageMaker rollouts',
    [
      [
        'a guarded rollout on a serverless endpoint',
        churn('sagemaker: { variant: serverless, ' + ECR + ' }', 'rollout:', '  strategy: rolling'),
        ' - models.churn.rollout.strategy: "rolling" is not available for serverless endpoints (SageMaker offers no deployment guardrails there); use allAtOnce (line 10)',
      ],
      [
        'a canary of more than half the fleet',
        churn(
          'sagemaker: { initialInstanceCount: 3 }',
          'rollout:',
          '  strategy: canary',
          '  canaryInstances: 2',
        ),
        ' - models.churn.rollout.canaryInstances: 2 are 67% of the fleet of 3 (sagemaker.initialInstanceCount); allowed: 1% to 50% of the fleet (line 11)',
      ],
      [
        'a deployment timeout shorter than the waits',
        churn('rollout:', '  strategy: canary', '  bakeMinutes: 10', '  maxExecutionMinutes: 15'),
        " - models.churn.rollout.maxExecutionMinutes: 15 must be longer than the rollout's waits: 2 × rollout.bakeMinutes + rollout.terminationWaitMinutes = 1200 s (20 min) [rollout.terminationWaitMinutes from (built-in default).rollout.terminationWaitMinutes] (line 11)",
      ],
      [
        'waits longer than SageMaker’s 8-hour deployment limit',
        churn('rollout:', '  strategy: linear', '  linearStepPercent: 10', '  bakeMinutes: 60'),
        ' - models.churn.rollout.bakeMinutes: 60 makes the rollout wait 10 × rollout.bakeMinutes + rollout.terminationWaitMinutes = 36000 s (600 min); SageMaker ends a deployment after at most 28800 s (480 min): bake for less time or take larger steps [rollout.terminationWaitMinutes from (built-in default).rollout.terminationWaitMinutes] (line 11)',
      ],
      [
        'a deployment timeout over 8 hours',
        churn('rollout:', '  maxExecutionMinutes: 500'),
        ' - models.churn.rollout.maxExecutionMinutes: 500 is too large; must be <= 480 (line 9)',
      ],
    ],
  ],
  [
    'Lambda functions',
    [
      [
        'a rolling rollout',
        fraud('rollout:', '  strategy: rolling'),
        ' - models.fraud.rollout.strategy: "rolling" is not a strategy CodeDeploy offers for Lambda; allowed: allAtOnce, canary, linear (line 9)',
      ],
      [
        'a canary without bake time',
        fraud('rollout:', '  strategy: canary', '  bakeMinutes: 0'),
        ' - models.fraud.rollout.bakeMinutes: 0 must be whole minutes, at least 1: CodeDeploy shifts Lambda traffic (canary) in minute steps (line 10)',
      ],
      [
        'a public Function URL without the opt-in',
        fraud('lambda:', '  functionUrl: { enabled: true, authType: NONE }'),
        ' - models.fraud.lambda.functionUrl.authType: "NONE" lets anyone on the internet call the model; set lambda.functionUrl.allowPublic to true to mean it, or use AWS_IAM [lambda.functionUrl.allowPublic from (built-in default).lambda.functionUrl.allowPublic] (line 9)',
      ],
      [
        'more minimum than maximum provisioned concurrency',
        fraud('lambda:', '  provisionedConcurrency: { min: 4, max: 2 }'),
        ' - models.fraud.lambda.provisionedConcurrency.min: 4 must be <= lambda.provisionedConcurrency.max (2) (line 9)',
      ],
      [
        'autoscaled provisioned concurrency from zero',
        fraud('lambda:', '  provisionedConcurrency: { min: 0, max: 5 }'),
        ' - models.fraud.lambda.provisionedConcurrency.max: 5 turns on autoscaling, which needs lambda.provisionedConcurrency.min >= 1 (it is 0): target tracking measures the utilization of provisioned concurrency and cannot scale up from none (line 9)',
      ],
      [
        'a provisioned-concurrency schedule upside down',
        fraud(
          'lambda:',
          '  provisionedConcurrency:',
          '    min: 1',
          '    max: 5',
          "    schedules: [{ name: day, schedule: 'cron(0 7 ? * MON-FRI *)', min: 6, max: 4 }]",
        ),
        ' - models.fraud.lambda.provisionedConcurrency.schedules.0.min: 6 must be <= lambda.provisionedConcurrency.schedules.0.max (4) (line 12)',
      ],
      [
        'provisioned concurrency above the reserved concurrency',
        fraud('lambda:', '  reservedConcurrency: 3', '  provisionedConcurrency: { min: 1, max: 5 }'),
        ' - models.fraud.lambda.reservedConcurrency: 3 must be >= lambda.provisionedConcurrency.max (5): provisioned concurrency is taken from the reserved concurrency (line 9)',
      ],
      [
        'a duration alarm at the timeout',
        fraud('lambda:', '  timeoutSeconds: 5', '  alarms: { durationP99: { maxMs: 5000 } }'),
        ' - models.fraud.lambda.alarms.durationP99.maxMs: 5000 must be shorter than lambda.timeoutSeconds (5000 ms): no invocation lasts longer, so the alarm could never fire (line 10)',
      ],
    ],
  ],
  [
    'custom alarms',
    [
      [
        'two alarms with one name',
        fraud('customAlarms:', `  - ${ALARM} }`, `  - ${ALARM} }`),
        ' - models.fraud.customAlarms.1.name: "queue-depth" is used by an earlier custom alarm (customAlarms.0.name) (line 10)',
      ],
      [
        'more datapoints than evaluation periods',
        fraud('customAlarms:', `  - ${ALARM}, datapointsToAlarm: 4 }`),
        ' - models.fraud.customAlarms.0.datapointsToAlarm: 4 must be <= customAlarms.0.evaluationPeriods (3) (line 9)',
      ],
      [
        'an evaluation window longer than CloudWatch evaluates',
        fraud('customAlarms:', `  - ${ALARM.replace('evaluationPeriods: 3', 'evaluationPeriods: 1441')} }`),
        ' - models.fraud.customAlarms.0.evaluationPeriods: 1441 × periodSeconds (60) = 86460 s, but CloudWatch evaluates at most 86400 s of sub-hour periods (line 9)',
      ],
      [
        'a placeholder of the other target',
        fraud('customAlarms:', `  - ${ALARM}, dimensions: { EndpointName: '{endpoint}' } }`),
        " - models.fraud.customAlarms.0.dimensions.EndpointName: {endpoint} exists only for target sagemaker, and this model's target is lambda (line 9)",
      ],
    ],
  ],
] as [string, [string, string, string][]][])('%s', (_group, cases) => {
  test.each(cases)(
    'reports %s with the file, path, value, allowed values and line',
    (_name, text, expected) => {
      const lines = messageOf(text).split('\n');
      expect(lines[0]).toBe('Invalid deployment config (rules.yaml):');
      expect(lines).toContain(expected);
    },
  );
});

test('a rolling rollout on a serverless endpoint gets one fix, not two that disagree', () => {
  const lines = messageOf(
    churn(`sagemaker: { variant: serverless, ${ECR} }`, 'rollout:', '  strategy: rolling'),
  );
  expect(lines.split('\n')).toEqual([
    'Invalid deployment config (rules.yaml):',
    ' - models.churn.rollout.strategy: "rolling" is not available for serverless endpoints (SageMaker offers no deployment guardrails there); use allAtOnce (line 10)',
  ]);
});
