/**
 * Every access path the deployed system needs, and the ones it must not have, as plain data. The
 * tests in this folder evaluate each row on the synthesized templates with an IAM policy simulator;
 * docs/security.md lists every row (a test checks that it does).
 *
 * Strings may use these placeholders, resolved per environment in the sample account and region (or in
 * the account and region the config pins the environment to):
 * - `{env}`, `{project}`, `{account}`, `{region}`, `{partition}`;
 * - `{arn:PATH}` / `{ref:PATH}`: the ARN / `Ref` value of the resource at construct path PATH
 *   (`*` matches within one path segment);
 * - `{output:STACK:NAME}`: output NAME of the stack at construct path STACK;
 * - the names of ALIASES below, e.g. `{modelBucket}`.
 * Principals: `role:PATH` (the role at PATH, with its identity policies), `service:NAME` (an AWS
 * service principal), `anonymous` (an unsigned request), `admin` (a role of the sample account, where
 * the pipeline runs, allowed `*` on `*`, to show what a resource or trust policy denies to everyone).
 * A role's requests carry `aws:PrincipalArn` and `aws:PrincipalAccount`, as AWS adds them.
 */

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface AccessRow {
  /** Stable, unique name: test titles and docs/security.md use it. */
  readonly id: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Request context keys; `aws:SecureTransport` is `true` unless set here. */
  readonly context?: Readonly<Record<string, string>>;
  readonly expect: Decision;
  /** The app the row is evaluated on. @default 'example' */
  readonly app?: 'example' | 'pipeline';
  /** Environments the row applies to. @default every environment of the config */
  readonly environments?: readonly string[];
  /** The resource belongs to no environment (e.g. the pipeline's): evaluate the row once. */
  readonly once?: boolean;
  /** A known defect makes the row fail today: the test expects the failure until it is fixed. */
  readonly knownDefect?: string;
}

/** Short names for resources the rows refer to often. */
export const ALIASES: Readonly<Record<string, string>> = {
  modelBucket: '{arn:{env}/platform/ModelBucket/Bucket}',
  modelKey: '{arn:{env}/platform/ModelBucket/Key}',
  accessLogBucket: '{arn:{env}/platform/ModelBucket/AccessLogs}',
  captureBucket: '{arn:{env}/platform/CaptureBucket/Bucket}',
  captureKey: '{arn:{env}/platform/CaptureBucket/Key}',
  criticalTopic: '{ref:{env}/platform/CriticalAlarms/Topic}',
  criticalKey: '{arn:{env}/platform/CriticalAlarms/Key}',
  warningTopic: '{ref:{env}/platform/WarningAlarms/Topic}',
  warningKey: '{arn:{env}/platform/WarningAlarms/Key}',
  sagemakerArtifact:
    '{modelBucket}/iris-sagemaker/{output:{env}/iris-sagemaker:ArtifactSha256}/iris/1/model.onnx',
  lambdaArtifact: '{modelBucket}/iris-lambda/{output:{env}/iris-lambda:ArtifactSha256}/model.onnx',
  tritonRepository: 'arn:{partition}:ecr:{region}:763104351884:repository/sagemaker-tritonserver',
  liveAlias: '{ref:{env}/iris-lambda/Inference/Live}',
  endpoint: '{ref:{env}/iris-sagemaker/Endpoint/Endpoint}',
  verifyRole: '{arn:{env}/platform/PipelineVerifyRole/Role}',
};

const SAGEMAKER_ROLE = 'role:{env}/iris-sagemaker/ExecutionRole';
const LAMBDA_ROLE = 'role:{env}/iris-lambda/ExecutionRole';
const SAGEMAKER_UPLOAD_ROLE = 'role:{env}/iris-sagemaker/ArtifactPublisher/Role';
const LAMBDA_UPLOAD_ROLE = 'role:{env}/iris-lambda/ArtifactPublisher/Role';
const CAPTURE_SUBSCRIPTION_ROLE = 'role:{env}/iris-lambda/Capture/SubscriptionRole';
const CAPTURE_DELIVERY_ROLE = 'role:{env}/iris-lambda/Capture/DeliveryRole';
const HOOK_ROLE = 'role:{env}/iris-lambda/Inference/PreTrafficHook/Role';
const CODEDEPLOY_ROLE = 'role:{env}/iris-lambda/Inference/Deployment/ServiceRole';
/** The CodeBuild role of the pipeline's Verify-<env> step, in the pipeline's account. */
const VERIFY_STEP_ROLE = 'role:mldeploy-pipeline/VerifyRole-{env}';
/** The CodeBuild role of the pipeline's Preflight-<env> step, in the pipeline's account. */
const PREFLIGHT_STEP_ROLE = 'role:mldeploy-pipeline/PreflightRole-{env}';
/** The CDK bootstrap stack's version parameter (default qualifier) in the environment's account and region. */
const BOOTSTRAP_VERSION = 'arn:{partition}:ssm:{region}:{account}:parameter/cdk-bootstrap/hnb659fds/version';
/** The role `mldeploy verify` runs as in the environment's account, assumed by the Verify-<env> step. */
const VERIFY_ROLE = 'role:{env}/platform/PipelineVerifyRole/Role';
/** The CodeBuild role of the pipeline's Synth step (build, tests, `cdk synth`). */
const SYNTH_STEP_ROLE = 'role:mldeploy-pipeline/Pipeline/Pipeline/Build/Synth/CdkBuildProject/Role';
/** One of the environment's stacks, as CloudFormation names it (the id after the name is generated). */
const ENVIRONMENT_STACK =
  'arn:{partition}:cloudformation:{region}:{account}:stack/{project}-{env}-iris-lambda/00000000-0000-4000-8000-000000000000';
const CLOUDWATCH = 'service:cloudwatch.amazonaws.com';
/** What CloudWatch sends with a notification of one of the project's alarms. */
const PROJECT_ALARM = {
  'aws:SourceAccount': '{account}',
  'aws:SourceArn': '{arn:{env}/iris-sagemaker/Health/Alarm}',
};
const NO_TLS = { 'aws:SecureTransport': 'false' };

export const ACCESS_TABLE: readonly AccessRow[] = [
  // Alarm notifications reach the people on call.
  ...(['critical', 'warning'] as const).flatMap((severity): AccessRow[] => [
    {
      id: `cloudwatch-publishes-to-the-${severity}-topic`,
      principal: CLOUDWATCH,
      action: 'sns:Publish',
      resource: `{${severity}Topic}`,
      context: PROJECT_ALARM,
      expect: 'Allowed',
    },
    ...['kms:GenerateDataKey', 'kms:Decrypt'].map((action): AccessRow => ({
      id: `cloudwatch-uses-the-${severity}-topic-key-${action.split(':')[1]}`,
      principal: CLOUDWATCH,
      action,
      resource: `{${severity}Key}`,
      context: PROJECT_ALARM,
      expect: 'Allowed',
    })),
    {
      id: `another-accounts-alarm-cannot-publish-to-the-${severity}-topic`,
      principal: CLOUDWATCH,
      action: 'sns:Publish',
      resource: `{${severity}Topic}`,
      context: {
        'aws:SourceAccount': '222222222222',
        'aws:SourceArn':
          'arn:{partition}:cloudwatch:{region}:222222222222:alarm:{project}-iris-sagemaker-{env}-health',
      },
      expect: 'ImplicitlyDenied',
    },
    {
      id: `another-projects-alarm-cannot-publish-to-the-${severity}-topic`,
      principal: CLOUDWATCH,
      action: 'sns:Publish',
      resource: `{${severity}Topic}`,
      context: {
        'aws:SourceAccount': '{account}',
        'aws:SourceArn': 'arn:{partition}:cloudwatch:{region}:{account}:alarm:other-app-health',
      },
      expect: 'ImplicitlyDenied',
    },
    {
      id: `the-${severity}-topic-refuses-publishing-without-tls`,
      principal: CLOUDWATCH,
      action: 'sns:Publish',
      resource: `{${severity}Topic}`,
      context: { ...PROJECT_ALARM, ...NO_TLS },
      expect: 'ExplicitlyDenied',
    },
    {
      id: `the-${severity}-topic-refuses-an-administrator-without-tls`,
      principal: 'admin',
      action: 'sns:Publish',
      resource: `{${severity}Topic}`,
      context: NO_TLS,
      expect: 'ExplicitlyDenied',
    },
  ]),

  // The SageMaker execution role: its artifact, its image, its rollback alarms, its captured data.
  {
    id: 'sagemaker-role-reads-its-artifact',
    principal: SAGEMAKER_ROLE,
    action: 's3:GetObject',
    resource: '{sagemakerArtifact}',
    expect: 'Allowed',
  },
  {
    id: 'sagemaker-role-decrypts-its-artifact',
    principal: SAGEMAKER_ROLE,
    action: 'kms:Decrypt',
    resource: '{modelKey}',
    expect: 'Allowed',
  },
  {
    id: 'sagemaker-role-pulls-its-image',
    principal: SAGEMAKER_ROLE,
    action: 'ecr:BatchGetImage',
    resource: '{tritonRepository}',
    expect: 'Allowed',
  },
  {
    id: 'sagemaker-role-downloads-its-image-layers',
    principal: SAGEMAKER_ROLE,
    action: 'ecr:GetDownloadUrlForLayer',
    resource: '{tritonRepository}',
    expect: 'Allowed',
  },
  {
    id: 'sagemaker-role-gets-a-registry-token',
    principal: SAGEMAKER_ROLE,
    action: 'ecr:GetAuthorizationToken',
    resource: '*',
    expect: 'Allowed',
  },
  ...['ErrorRate', 'Latency'].map((alarm): AccessRow => ({
    id: `sagemaker-role-describes-its-${alarm.toLowerCase()}-rollback-alarm`,
    principal: SAGEMAKER_ROLE,
    action: 'cloudwatch:DescribeAlarms',
    resource: `{arn:{env}/iris-sagemaker/Endpoint/RollbackAlarms/${alarm}}`,
    expect: 'Allowed',
  })),
  {
    id: 'sagemaker-role-writes-captured-data',
    principal: SAGEMAKER_ROLE,
    action: 's3:PutObject',
    resource:
      '{captureBucket}/iris-sagemaker/{project}-iris-sagemaker-{env}/AllTraffic/2026/01/01/00/capture.jsonl',
    environments: ['prod'],
    expect: 'Allowed',
  },
  {
    id: 'sagemaker-role-encrypts-captured-data',
    principal: SAGEMAKER_ROLE,
    action: 'kms:GenerateDataKey',
    resource: '{captureKey}',
    environments: ['prod'],
    expect: 'Allowed',
  },

  // The Lambda execution role: its artifact.
  {
    id: 'lambda-role-reads-its-artifact',
    principal: LAMBDA_ROLE,
    action: 's3:GetObject',
    resource: '{lambdaArtifact}',
    expect: 'Allowed',
  },
  {
    id: 'lambda-role-decrypts-its-artifact',
    principal: LAMBDA_ROLE,
    action: 'kms:Decrypt',
    resource: '{modelKey}',
    expect: 'Allowed',
  },

  // Capture of the Lambda model (prod): CloudWatch Logs puts the sampled records to the Firehose stream
  // through the subscription role; Firehose writes them under the model's capture prefix with the capture key.
  {
    id: 'capture-subscription-puts-records-to-the-stream',
    principal: CAPTURE_SUBSCRIPTION_ROLE,
    action: 'firehose:PutRecordBatch',
    resource: '{arn:{env}/iris-lambda/Capture/Stream}',
    environments: ['prod'],
    expect: 'Allowed',
  },
  {
    id: 'capture-subscription-cannot-write-the-capture-bucket',
    principal: CAPTURE_SUBSCRIPTION_ROLE,
    action: 's3:PutObject',
    resource: '{captureBucket}/iris-lambda/lambda/2026/01/01/00/records.gz',
    environments: ['prod'],
    expect: 'ImplicitlyDenied',
  },
  {
    id: 'capture-stream-writes-the-lambda-capture-prefix',
    principal: CAPTURE_DELIVERY_ROLE,
    action: 's3:PutObject',
    resource: '{captureBucket}/iris-lambda/lambda/2026/01/01/00/records.gz',
    environments: ['prod'],
    expect: 'Allowed',
  },
  {
    id: 'capture-stream-encrypts-with-the-capture-key',
    principal: CAPTURE_DELIVERY_ROLE,
    action: 'kms:GenerateDataKey',
    resource: '{captureKey}',
    environments: ['prod'],
    expect: 'Allowed',
  },
  {
    id: 'capture-stream-cannot-write-the-sagemaker-capture-prefix',
    principal: CAPTURE_DELIVERY_ROLE,
    action: 's3:PutObject',
    resource:
      '{captureBucket}/iris-sagemaker/{project}-iris-sagemaker-{env}/AllTraffic/2026/01/01/00/capture.jsonl',
    environments: ['prod'],
    expect: 'ImplicitlyDenied',
  },
  {
    id: 'capture-stream-cannot-delete-captured-data',
    principal: CAPTURE_DELIVERY_ROLE,
    action: 's3:DeleteObject',
    resource: '{captureBucket}/iris-lambda/lambda/2026/01/01/00/records.gz',
    environments: ['prod'],
    expect: 'ImplicitlyDenied',
  },

  // The drift job (prod): queries its model's capture and ground truth in its own workgroup, writes results
  // and reports under its model's prefix; EventBridge Scheduler invokes it through its own role.
  ...(['iris-lambda', 'iris-sagemaker'] as const).flatMap((model): AccessRow[] => {
    const role = `role:{env}/${model}/DriftJob/Role`;
    const capture =
      model === 'iris-lambda'
        ? '{captureBucket}/iris-lambda/lambda/2026/01/01/00/records.gz'
        : '{captureBucket}/iris-sagemaker/{project}-iris-sagemaker-{env}/AllTraffic/2026/01/01/00/capture.jsonl';
    const other = model === 'iris-lambda' ? 'iris-sagemaker' : 'iris-lambda';
    const row = (
      id: string,
      principal: string,
      action: string,
      resource: string,
      expect: Decision,
    ): AccessRow => ({
      id: `${model}-${id}`,
      principal,
      action,
      resource,
      environments: ['prod'],
      expect,
    });
    return [
      row(
        'drift-job-queries-in-its-workgroup',
        role,
        'athena:StartQueryExecution',
        `arn:{partition}:athena:{region}:{account}:workgroup/{project}-${model}-{env}-monitoring`,
        'Allowed',
      ),
      row(
        'drift-job-reads-its-capture-table',
        role,
        'glue:GetTable',
        `arn:{partition}:glue:{region}:{account}:table/{project}_${model.replace('-', '_')}_{env}/capture`,
        'Allowed',
      ),
      row('drift-job-reads-captured-data', role, 's3:GetObject', capture, 'Allowed'),
      row(
        'drift-job-reads-ground-truth',
        role,
        's3:GetObject',
        `{captureBucket}/${model}/ground-truth/labels.jsonl`,
        'Allowed',
      ),
      row('drift-job-decrypts-captured-data', role, 'kms:Decrypt', '{captureKey}', 'Allowed'),
      row(
        'drift-job-writes-query-results',
        role,
        's3:PutObject',
        `{captureBucket}/${model}/athena-results/q.csv`,
        'Allowed',
      ),
      row(
        'drift-job-writes-reports',
        role,
        's3:PutObject',
        `{captureBucket}/${model}/drift-reports/2026-01-01/00.json`,
        'Allowed',
      ),
      row(
        'drift-job-cannot-read-another-models-capture',
        role,
        's3:GetObject',
        `{captureBucket}/${other}/ground-truth/labels.jsonl`,
        'ImplicitlyDenied',
      ),
      row('drift-job-cannot-delete-captured-data', role, 's3:DeleteObject', capture, 'ImplicitlyDenied'),
      row(
        'scheduler-invokes-the-drift-job',
        `role:{env}/${model}/DriftJob/SchedulerRole`,
        'lambda:InvokeFunction',
        `{arn:{env}/${model}/DriftJob/Function}`,
        'Allowed',
      ),
    ];
  }),

  // Lambda rollouts: CodeDeploy runs the pre-traffic hook, which tests the new version and reports.
  {
    id: 'codedeploy-invokes-the-pre-traffic-hook',
    principal: CODEDEPLOY_ROLE,
    action: 'lambda:InvokeFunction',
    resource: '{arn:{env}/iris-lambda/Inference/PreTrafficHook/Function}',
    expect: 'Allowed',
  },
  {
    id: 'pre-traffic-hook-invokes-the-new-version',
    principal: HOOK_ROLE,
    action: 'lambda:InvokeFunction',
    resource: '{ref:{env}/iris-lambda/Inference/Function/CurrentVersion}',
    expect: 'Allowed',
  },
  {
    id: 'pre-traffic-hook-reports-its-result',
    principal: HOOK_ROLE,
    action: 'codedeploy:PutLifecycleEventHookExecutionStatus',
    // The Service Authorization Reference lists no resource type for this action ("Actions,
    // resources, and condition keys for AWS CodeDeploy",
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodedeploy.html):
    // IAM authorizes it on "*".
    resource: '*',
    expect: 'Allowed',
  },

  // Artifact upload at deploy time (aws-cdk-lib's BucketDeployment).
  {
    id: 'artifact-upload-writes-the-sagemaker-artifact',
    principal: SAGEMAKER_UPLOAD_ROLE,
    action: 's3:PutObject',
    resource: '{sagemakerArtifact}',
    expect: 'Allowed',
  },
  {
    id: 'artifact-upload-writes-the-lambda-artifact',
    principal: LAMBDA_UPLOAD_ROLE,
    action: 's3:PutObject',
    resource: '{lambdaArtifact}',
    expect: 'Allowed',
  },
  {
    id: 'artifact-upload-encrypts-with-the-bucket-key',
    principal: LAMBDA_UPLOAD_ROLE,
    action: 'kms:GenerateDataKey',
    resource: '{modelKey}',
    expect: 'Allowed',
  },
  {
    // S3 decrypts the parts of an SSE-KMS multipart upload to complete it.
    id: 'artifact-upload-completes-multipart-uploads-with-the-bucket-key',
    principal: LAMBDA_UPLOAD_ROLE,
    action: 'kms:Decrypt',
    resource: '{modelKey}',
    expect: 'Allowed',
  },
  {
    id: 'artifact-upload-cannot-overwrite-another-models-artifact',
    principal: LAMBDA_UPLOAD_ROLE,
    action: 's3:PutObject',
    resource: '{sagemakerArtifact}',
    expect: 'ImplicitlyDenied',
  },
  {
    id: 'artifact-upload-cannot-delete-its-own-artifact',
    principal: LAMBDA_UPLOAD_ROLE,
    action: 's3:DeleteObject',
    resource: '{lambdaArtifact}',
    expect: 'ImplicitlyDenied',
  },
  {
    id: 'artifact-upload-cannot-delete-another-models-artifact',
    principal: LAMBDA_UPLOAD_ROLE,
    action: 's3:DeleteObject',
    resource: '{sagemakerArtifact}',
    expect: 'ImplicitlyDenied',
  },

  // One model cannot read another's artifact.
  {
    id: 'lambda-role-cannot-read-the-sagemaker-artifact',
    principal: LAMBDA_ROLE,
    action: 's3:GetObject',
    resource: '{sagemakerArtifact}',
    expect: 'ImplicitlyDenied',
  },
  {
    id: 'sagemaker-role-cannot-read-the-lambda-artifact',
    principal: SAGEMAKER_ROLE,
    action: 's3:GetObject',
    resource: '{lambdaArtifact}',
    expect: 'ImplicitlyDenied',
  },

  // Serving roles never change the model bucket.
  ...[
    ['sagemaker', SAGEMAKER_ROLE, '{sagemakerArtifact}'],
    ['lambda', LAMBDA_ROLE, '{lambdaArtifact}'],
  ].flatMap(([target, principal, resource]) =>
    ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'].map((action): AccessRow => ({
      id: `${target}-role-cannot-${action
        .split(':')[1]
        .replace(/([a-z])([A-Z])/g, '$1-$2')
        .toLowerCase()}-its-artifact`,
      principal,
      action,
      resource,
      expect: 'ImplicitlyDenied',
    })),
  ),

  // Buckets: TLS only, never public.
  ...(['modelBucket', 'accessLogBucket', 'captureBucket'] as const).flatMap((bucket): AccessRow[] => {
    const name = bucket.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
    return [
      {
        id: `the-${name}-refuses-an-administrator-without-tls`,
        principal: 'admin',
        action: 's3:GetObject',
        resource: `{${bucket}}/any/key`,
        context: NO_TLS,
        expect: 'ExplicitlyDenied',
      },
      {
        id: `the-${name}-refuses-anonymous-reads`,
        principal: 'anonymous',
        action: 's3:GetObject',
        resource: `{${bucket}}/any/key`,
        expect: 'ImplicitlyDenied',
      },
      {
        id: `the-${name}-refuses-anonymous-listing`,
        principal: 'anonymous',
        action: 's3:ListBucket',
        resource: `{${bucket}}`,
        expect: 'ImplicitlyDenied',
      },
      {
        id: `the-${name}-refuses-anonymous-writes`,
        principal: 'anonymous',
        action: 's3:PutObject',
        resource: `{${bucket}}/any/key`,
        expect: 'ImplicitlyDenied',
      },
    ];
  }),
  {
    id: 'sagemaker-role-cannot-read-its-artifact-without-tls',
    principal: SAGEMAKER_ROLE,
    action: 's3:GetObject',
    resource: '{sagemakerArtifact}',
    context: NO_TLS,
    expect: 'ExplicitlyDenied',
  },

  // The Function URL takes signed requests only.
  {
    id: 'function-url-refuses-unsigned-calls',
    principal: 'anonymous',
    action: 'lambda:InvokeFunctionUrl',
    resource: '{liveAlias}',
    context: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' },
    environments: ['prod'],
    expect: 'ImplicitlyDenied',
  },

  // The pipeline's Verify-<env> step assumes its environment's verify role, and nothing else may.
  ...(
    [
      ['verify-step-assumes-the-environment-verify-role', ['dev', 'prod']],
      ['verify-step-assumes-the-environment-verify-role-in-another-account', ['staging']],
    ] as const
  ).map(([id, environments]): AccessRow => ({
    id,
    app: 'pipeline',
    principal: VERIFY_STEP_ROLE,
    action: 'sts:AssumeRole',
    resource: '{verifyRole}',
    environments,
    expect: 'Allowed',
  })),
  ...(
    [
      ['the-synth-step-cannot-assume-the-environment-verify-role', SYNTH_STEP_ROLE, undefined],
      ['a-pipeline-account-administrator-cannot-assume-the-environment-verify-role', 'admin', undefined],
      [
        'another-environments-verify-step-cannot-assume-the-environment-verify-role',
        'role:mldeploy-pipeline/VerifyRole-dev',
        ['staging', 'prod'],
      ],
    ] as const
  ).map(([id, principal, environments]): AccessRow => ({
    id,
    app: 'pipeline',
    principal,
    action: 'sts:AssumeRole',
    resource: '{verifyRole}',
    environments,
    expect: 'ImplicitlyDenied',
  })),
  // The step's own role reaches the environment only through the verify role.
  ...(
    [
      [
        'verify-step-cannot-describe-the-environment-stacks-itself',
        'cloudformation:DescribeStacks',
        ENVIRONMENT_STACK,
      ],
      ['verify-step-cannot-invoke-the-endpoint-itself', 'sagemaker:InvokeEndpoint', '{endpoint}'],
      ['verify-step-cannot-invoke-the-live-alias-itself', 'lambda:InvokeFunction', '{liveAlias}'],
    ] as const
  ).map(([id, action, resource]): AccessRow => ({
    id,
    app: 'pipeline',
    principal: VERIFY_STEP_ROLE,
    action,
    resource,
    expect: 'ImplicitlyDenied',
  })),

  // The pipeline's Preflight-<env> step reads the account it deploys to, and changes and calls nothing.
  ...(
    [
      ['preflight-step-reads-the-bootstrap-version', 'ssm:GetParameter', BOOTSTRAP_VERSION],
      ['preflight-step-describes-the-endpoint', 'sagemaker:DescribeEndpoint', '{endpoint}'],
      ['preflight-step-describes-the-environment-stacks', 'cloudformation:DescribeStacks', ENVIRONMENT_STACK],
    ] as const
  ).map(([id, action, resource]): AccessRow => ({
    id,
    app: 'pipeline',
    principal: PREFLIGHT_STEP_ROLE,
    action,
    resource,
    environments: ['dev', 'prod'],
    expect: 'Allowed',
  })),
  ...(
    [
      ['preflight-step-cannot-invoke-the-endpoint', 'sagemaker:InvokeEndpoint', '{endpoint}'],
      ['preflight-step-cannot-update-the-endpoint', 'sagemaker:UpdateEndpoint', '{endpoint}'],
      ['preflight-step-cannot-invoke-the-live-alias', 'lambda:InvokeFunction', '{liveAlias}'],
      ['preflight-step-cannot-read-the-model-artifacts', 's3:GetObject', '{sagemakerArtifact}'],
    ] as const
  ).map(([id, action, resource]): AccessRow => ({
    id,
    app: 'pipeline',
    principal: PREFLIGHT_STEP_ROLE,
    action,
    resource,
    expect: 'ImplicitlyDenied',
  })),
  {
    // staging is in another account: the step reads it as that account's CDK lookup role, never itself.
    id: 'preflight-step-cannot-read-another-accounts-bootstrap-version-itself',
    app: 'pipeline',
    principal: PREFLIGHT_STEP_ROLE,
    action: 'ssm:GetParameter',
    resource: BOOTSTRAP_VERSION,
    environments: ['staging'],
    expect: 'ImplicitlyDenied',
  },

  // The environment's verify role reads and calls its own environment only.
  ...(
    [
      ['verify-describes-the-environment-stacks', 'cloudformation:DescribeStacks', ENVIRONMENT_STACK],
      ['verify-describes-the-endpoint', 'sagemaker:DescribeEndpoint', '{endpoint}'],
      ['verify-invokes-the-endpoint', 'sagemaker:InvokeEndpoint', '{endpoint}'],
      ['verify-reads-the-live-alias', 'lambda:GetAlias', '{liveAlias}'],
      ['verify-invokes-the-live-alias', 'lambda:InvokeFunction', '{liveAlias}'],
    ] as const
  ).map(([id, action, resource]): AccessRow => ({
    id,
    app: 'pipeline',
    principal: VERIFY_ROLE,
    action,
    resource,
    expect: 'Allowed',
  })),
  {
    id: 'verify-cannot-invoke-the-prod-endpoint-from-another-environment',
    app: 'pipeline',
    principal: VERIFY_ROLE,
    action: 'sagemaker:InvokeEndpoint',
    resource: '{ref:prod/iris-sagemaker/Endpoint/Endpoint}',
    environments: ['dev', 'staging'],
    expect: 'ImplicitlyDenied',
  },
  {
    id: 'verify-cannot-invoke-the-prod-function-from-another-account',
    app: 'pipeline',
    principal: VERIFY_ROLE,
    action: 'lambda:InvokeFunction',
    resource: '{ref:prod/iris-lambda/Inference/Live}',
    environments: ['staging'],
    expect: 'ImplicitlyDenied',
  },
  // dev and prod share the pipeline's account and region: the verify role's own policy cannot tell
  // their functions apart (CloudFormation generates the names from the stack name, the logical id and
  // a random suffix, cut to the service's limit where it does not say how: "Name type", AWS
  // CloudFormation User Guide, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html;
  // and `<project>-prod-*` also matches an environment `prod-eu`). Each live alias's resource policy
  // names its own environment's verify role instead, and within one account that Allow suffices.
  ...(
    [
      [
        'verify-invokes-its-own-live-alias-beside-another-environment',
        '{liveAlias}',
        ['dev', 'prod'],
        'Allowed',
      ],
      [
        'verify-cannot-invoke-the-prod-function-from-another-environment',
        '{ref:prod/iris-lambda/Inference/Live}',
        ['dev'],
        'ImplicitlyDenied',
      ],
      [
        'verify-cannot-invoke-the-dev-function-from-another-environment',
        '{ref:dev/iris-lambda/Inference/Live}',
        ['prod'],
        'ImplicitlyDenied',
      ],
      // The resource policy names the live alias, not the function: no other version.
      [
        'verify-cannot-invoke-the-unqualified-function',
        '{arn:{env}/iris-lambda/Inference/Function}',
        undefined,
        'ImplicitlyDenied',
      ],
    ] as const
  ).map(([id, resource, environments, expect]): AccessRow => ({
    id,
    app: 'pipeline',
    principal: VERIFY_ROLE,
    action: 'lambda:InvokeFunction',
    resource,
    environments,
    expect,
  })),
  {
    // The alias's resource policy names the verify role only, not the account it is in.
    id: 'the-synth-step-cannot-invoke-the-live-alias',
    app: 'pipeline',
    principal: SYNTH_STEP_ROLE,
    action: 'lambda:InvokeFunction',
    resource: '{liveAlias}',
    environments: ['dev', 'prod'],
    expect: 'ImplicitlyDenied',
  },
  // The pipeline's artifact bucket and its access-log bucket: TLS only, never public.
  ...(
    [
      ['artifact', 'ArtifactsBucket'],
      ['artifact-access-log', 'ArtifactsAccessLogs'],
    ] as const
  ).flatMap(([name, construct]): AccessRow[] => [
    {
      id: `the-pipeline-${name}-bucket-refuses-an-administrator-without-tls`,
      app: 'pipeline',
      once: true,
      principal: 'admin',
      action: 's3:GetObject',
      resource: `{arn:mldeploy-pipeline/Pipeline/Pipeline/${construct}}/any/key`,
      context: NO_TLS,
      expect: 'ExplicitlyDenied',
    },
    {
      id: `the-pipeline-${name}-bucket-refuses-anonymous-reads`,
      app: 'pipeline',
      once: true,
      principal: 'anonymous',
      action: 's3:GetObject',
      resource: `{arn:mldeploy-pipeline/Pipeline/Pipeline/${construct}}/any/key`,
      expect: 'ImplicitlyDenied',
    },
  ]),
  {
    id: 'verify-cannot-update-the-environment-stacks',
    app: 'pipeline',
    principal: VERIFY_ROLE,
    action: 'cloudformation:UpdateStack',
    resource: ENVIRONMENT_STACK,
    expect: 'ImplicitlyDenied',
  },
];
