import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { runSimulation, Simulation } from '@cloud-copilot/iam-simulate';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parse as parseYaml, stringify } from 'yaml';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { EnvironmentStage } from '../../lib/app/environment-stage';
import { EnvironmentVerifyRole } from '../../lib/app/pipeline-verify-role';
import { PipelineStack } from '../../lib/app/pipeline-stack';
import { PREFLIGHT_ACTIONS } from '../../lib/ops/preflight/permissions';
import { parseDeploymentConfig, ResolvedConfig } from '../../lib/config';
import { newApp, PROJECT_ROOT } from '../helpers/app';
import { minimalConfig, parse } from '../config/fixtures';
import { ENV, resolveIn } from '../constructs/genai/support';

const CONFIG_FILE = path.join(PROJECT_ROOT, 'config/deployments.yaml');
const CONNECTION_ARN =
  'arn:aws:codeconnections:eu-west-1:111111111111:connection/0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d';
const CODESTAR_CONNECTION_ARN =
  'arn:aws:codestar-connections:us-east-1:111111111111:connection/7d2469ff-514a-4e4f-9003-5ca4a43cdc41';

/** The example config with a pipeline section (and any other change) added in memory. */
function exampleConfig(change: (document: Record<string, any>) => void): ResolvedConfig {
  const document = parseYaml(fs.readFileSync(CONFIG_FILE, 'utf8'));
  change(document);
  return parseDeploymentConfig(stringify(document), CONFIG_FILE, { baseDir: PROJECT_ROOT });
}

// Synthesized once for the whole file: the example app as `cdk synth` builds it, with the pipeline
// enabled and prod behind an approval, under the AwsSolutions checks. Synthesis throws on any
// unacknowledged finding, in the pipeline stack or in the stages it deploys.
const config = exampleConfig((document) => {
  document.pipeline = {
    enabled: true,
    source: { connectionArn: CONNECTION_ARN, repository: 'acme/ml-models', branch: 'main' },
  };
  document.environments.prod.requiresApproval = true;
});
const app = newApp();
addDeploymentStages(app, config);
app.synth();
const pipelineStack = app.node.findChild('mldeploy-pipeline') as PipelineStack;
const template = Template.fromStack(pipelineStack);
const resources = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;

interface Action {
  Name: string;
  RunOrder: number;
  InputArtifacts?: { Name: string }[];
  OutputArtifacts?: { Name: string }[];
  ActionTypeId: { Category: string; Provider: string };
  Configuration: Record<string, any>;
}
const pipelineStages = () =>
  Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0].Properties.Stages as {
    Name: string;
    Actions: Action[];
  }[];
const actionsOf = (stageName: string) => pipelineStages().find((s) => s.Name === stageName)!.Actions;
const deployActions = (stageName: string) =>
  actionsOf(stageName).filter((a) => a.ActionTypeId.Provider === 'CloudFormation');
const projectOf = (action: Action) => resources[action.Configuration.ProjectName.Ref].Properties;
/** The statements of the policies attached to a CodeBuild action's service role. */
const roleStatementsOf = (action: Action) => {
  const roleId = projectOf(action).ServiceRole['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
};
/** Ids of the app's top-level stages and stacks. */
const deployables = (target: App) =>
  target.node.children.filter((c) => Stage.isStage(c) || Stack.isStack(c)).map((c) => c.node.id);
/** An ARN of the stack's own partition, region and account, as CloudFormation joins it. */
const arn = (service: string, resource: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      `:${service}:`,
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:${resource}`,
    ],
  ],
});
/** An IAM ARN of the stack's own partition and account. */
const iamArn = (resource: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, `:${resource}`]],
});
/** The Lambda permissions of a stack that name a verify role as principal. */
const verifyPermissions = (stack: Stack) =>
  Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Permission'))
    .map((resource) => resource.Properties)
    .filter((p) => /:role\/[\w+=,.@-]+-verify"/.test(JSON.stringify(p.Principal)));
const verifyAction = (stageName: string) =>
  actionsOf(stageName).find((a) => a.Name === `Verify-${stageName}`)!;

test('adds the pipeline stack <project>-pipeline next to the top-level stages', () => {
  expect(pipelineStack).toBeInstanceOf(PipelineStack);
  expect(pipelineStack.stackName).toBe('mldeploy-pipeline');
  expect(deployables(app)).toEqual(['dev', 'staging', 'prod', 'mldeploy-pipeline']);
  template.hasResourceProperties('AWS::CodePipeline::Pipeline', { Name: 'mldeploy-pipeline' });
});

test('builds, updates itself, publishes assets, then deploys the environments in config order', () => {
  expect(pipelineStages().map((s) => s.Name)).toEqual([
    'Source',
    'Build',
    'UpdatePipeline',
    'Assets',
    'dev',
    'staging',
    'prod',
  ]);
});

test('updates itself with the CDK CLI version the app is built with, not the latest', () => {
  const cliVersion = (
    JSON.parse(fs.readFileSync(require.resolve('aws-cdk/package.json'), 'utf8')) as { version: string }
  ).version;
  const projects = template.findResources('AWS::CodeBuild::Project');
  const selfMutation = Object.values(projects)
    .map((project) => JSON.stringify(project.Properties.Source.BuildSpec))
    .filter((buildSpec) => buildSpec.includes('cdk -a . deploy'));
  expect(selfMutation).toHaveLength(1);
  expect(selfMutation[0]).toContain(`npm install -g aws-cdk@${cliVersion}`);
});

test('each environment stage deploys the same stacks as `cdk deploy <env>/*`', () => {
  expect(pipelineStack.stages.map((s) => s.node.path)).toEqual([
    'mldeploy-pipeline/dev',
    'mldeploy-pipeline/staging',
    'mldeploy-pipeline/prod',
  ]);
  const stackNames = new Set(deployActions('prod').map((a) => a.Configuration.StackName));
  expect([...stackNames].sort()).toEqual([
    'mldeploy-prod-dashboard',
    'mldeploy-prod-iris-lambda',
    'mldeploy-prod-iris-sagemaker',
    'mldeploy-prod-platform',
  ]);
});

test('reads the source through the CodeConnections connection', () => {
  const [source] = actionsOf('Source');
  expect(source.ActionTypeId).toMatchObject({ Category: 'Source', Provider: 'CodeStarSourceConnection' });
  expect(source.Configuration).toMatchObject({
    ConnectionArn: CONNECTION_ARN,
    FullRepositoryId: 'acme/ml-models',
    BranchName: 'main',
  });
});

test('synthesizes with npm ci, npm test and cdk synth, without Docker and without the ONNX Runtime download', () => {
  const [synth] = actionsOf('Build');
  const project = projectOf(synth);
  const buildSpec = JSON.parse(project.Source.BuildSpec);
  expect(buildSpec.phases.build.commands).toEqual(['npm ci', 'npm test', 'npx cdk synth']);
  expect(buildSpec.phases.install['runtime-versions']).toEqual({ nodejs: 22 });
  expect(buildSpec.artifacts['base-directory']).toBe('cdk.out');
  expect(project.Environment.PrivilegedMode).toBe(false);
  expect(project.Environment.EnvironmentVariables).toEqual([
    { Name: 'ONNXRUNTIME_NODE_INSTALL', Type: 'PLAINTEXT', Value: 'skip' },
  ]);
});

test('waits for a manual approval before deploying prod, and for none before dev or staging', () => {
  const approvals = (stageName: string) =>
    actionsOf(stageName).filter((a) => a.ActionTypeId.Category === 'Approval');
  expect(approvals('dev')).toEqual([]);
  expect(approvals('staging')).toEqual([]);
  const [approval] = approvals('prod');
  expect(approval.Name).toBe('Approve-prod');
  const firstDeploy = Math.min(...deployActions('prod').map((a) => a.RunOrder));
  expect(approval.RunOrder).toBeLessThan(firstDeploy);
});

test.each(['dev', 'staging', 'prod'])(
  'runs `mldeploy verify --env %s` as the environment’s verify role after every deploy action of the environment',
  (name) => {
    const verify = verifyAction(name);
    const lastDeploy = Math.max(...deployActions(name).map((a) => a.RunOrder));
    expect(verify.ActionTypeId).toMatchObject({ Category: 'Build', Provider: 'CodeBuild' });
    expect(verify.RunOrder).toBeGreaterThan(lastDeploy);
    const project = projectOf(verify);
    const buildSpec = JSON.parse(project.Source.BuildSpec);
    expect(buildSpec.phases.build.commands).toEqual([
      'npm ci',
      'mkdir -p ~/.aws',
      "printf '[profile mldeploy-verify]\\nrole_arn = %s\\ncredential_source = EcsContainer\\n" +
        `role_session_name = mldeploy-verify-${name}\\n' "$VERIFY_ROLE_ARN" >> ~/.aws/config`,
      `AWS_PROFILE=mldeploy-verify npm run -s mldeploy -- verify --env ${name}`,
    ]);
    // The step runs in a checkout of the repository, not in the cloud assembly.
    expect(verify.InputArtifacts).toEqual(actionsOf('Source')[0].OutputArtifacts);
    expect(project.Environment.EnvironmentVariables).toEqual([
      { Name: 'ONNXRUNTIME_NODE_INSTALL', Type: 'PLAINTEXT', Value: 'skip' },
      { Name: 'VERIFY_ROLE_ARN', Type: 'PLAINTEXT', Value: iamArn(`role/mldeploy-${name}-verify`) },
    ]);
  },
);

test('the verify step’s own role, named after the step, may only assume the environment’s verify role', () => {
  const verify = verifyAction('staging');
  const roleId = projectOf(verify).ServiceRole['Fn::GetAtt'][0];
  expect(resources[roleId].Properties).toMatchObject({
    RoleName: 'mldeploy-pipeline-verify-staging',
    AssumeRolePolicyDocument: {
      Statement: [
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' } },
      ],
    },
  });
  const statements = roleStatementsOf(verify);
  expect(statements).toContainEqual({
    Sid: 'AssumeEnvironmentVerifyRole',
    Effect: 'Allow',
    Action: 'sts:AssumeRole',
    Resource: iamArn('role/mldeploy-staging-verify'),
  });
  // Beside CodeBuild's logs and reports and the artifact bucket, nothing but that assumption.
  const actions = statements.flatMap((s: any) => [s.Action].flat() as string[]);
  expect(actions.filter((a) => !/^(logs|codebuild|s3|kms):/.test(a))).toEqual(['sts:AssumeRole']);
});

const preflightAction = (stageName: string) =>
  actionsOf(stageName).find((a) => a.Name === `Preflight-${stageName}`)!;

test.each(['dev', 'staging', 'prod'])(
  'runs `mldeploy preflight --env %s` on the cloud assembly before any deploy action of the environment, after its approval',
  (name) => {
    const preflight = preflightAction(name);
    const firstDeploy = Math.min(...deployActions(name).map((a) => a.RunOrder));
    expect(preflight.ActionTypeId).toMatchObject({ Category: 'Build', Provider: 'CodeBuild' });
    expect(preflight.RunOrder).toBeLessThan(firstDeploy);
    const approval = actionsOf(name).find((a) => a.ActionTypeId.Category === 'Approval');
    if (approval) expect(approval.RunOrder).toBeLessThan(preflight.RunOrder);
    const project = projectOf(preflight);
    const buildSpec = JSON.parse(project.Source.BuildSpec);
    expect(buildSpec.phases.build.commands).toEqual([
      'npm ci',
      `npm run -s mldeploy -- preflight --env ${name} --assembly cdk.out`,
    ]);
    // The repository checkout, and the synthesized assembly in its cdk.out folder.
    const [source] = actionsOf('Source')[0].OutputArtifacts!;
    const [assembly] = actionsOf('Build')[0].OutputArtifacts!;
    expect(preflight.InputArtifacts).toEqual([source, assembly]);
    expect(JSON.stringify(buildSpec)).toContain('cdk.out');
  },
);

test('the preflight step’s role may call exactly the read-only actions preflight needs for the environment', () => {
  const preflight = preflightAction('prod');
  const roleId = projectOf(preflight).ServiceRole['Fn::GetAtt'][0];
  expect(resources[roleId].Properties.RoleName).toBe('mldeploy-pipeline-preflight-prod');
  const statements = roleStatementsOf(preflight).filter((s: any) => s.Sid !== undefined);
  expect(statements.map((s: any) => [s.Sid, s.Action])).toEqual([
    ['ReadBootstrapVersion', 'ssm:GetParameter'],
    ['ListQuotas', ['servicequotas:ListAWSDefaultServiceQuotas', 'servicequotas:ListServiceQuotas']],
    ['ListEndpoints', ['sagemaker:ListEndpointConfigs', 'sagemaker:ListEndpoints']],
    ['DescribeAccountEndpoints', ['sagemaker:DescribeEndpoint', 'sagemaker:DescribeEndpointConfig']],
    ['ReadModelImages', 'ecr:BatchGetImage'],
    ['ReadLambdaAccountSettings', 'lambda:GetAccountSettings'],
    ['ReadFunctionConcurrency', 'lambda:GetFunctionConcurrency'],
    ['DescribeEnvironmentStacks', 'cloudformation:DescribeStacks'],
    ['ReadServiceLinkedRoles', 'iam:GetRole'],
  ]);
  expect(statements.find((s: any) => s.Sid === 'ReadServiceLinkedRoles').Resource).toEqual([
    iamArn(
      'role/aws-service-role/lambda.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency',
    ),
    iamArn(
      'role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint',
    ),
  ]);
  expect(statements.find((s: any) => s.Sid === 'DescribeEnvironmentStacks').Resource).toEqual(
    arn('cloudformation', 'stack/mldeploy-prod-*/*'),
  );
  // Beside CodeBuild's logs and reports and the artifact bucket, read-only calls only.
  const actions = roleStatementsOf(preflight).flatMap((s: any) => [s.Action].flat() as string[]);
  const own = actions.filter((a) => !/^(logs|codebuild|s3|kms):/.test(a));
  expect(own.filter((a) => !/:(Get|List|Describe|BatchGet)\w*$/.test(a))).toEqual([]);
});

test('docs/operations.md lists every action `mldeploy preflight` may call', () => {
  const operations = fs.readFileSync(path.join(PROJECT_ROOT, 'docs/operations.md'), 'utf8');
  // The row of the table "What each command calls, for IAM policies".
  const row = operations
    .split('\n')
    .find((line) => line.startsWith('| `preflight`') && line.includes('ssm:'))!;
  const documented = [...row.split('|')[2].matchAll(/`([a-z0-9-]+:\w+)`/g)].map((m) => m[1]);
  expect(documented.sort()).toEqual([...PREFLIGHT_ACTIONS].sort());
});

// The example with two more models that share an endpoint as inference components, beside iris-sagemaker's own
// endpoint and iris-lambda: the prod verify role built from it.
const sharedVerifyRole = (() => {
  const component = { cpuCores: 1, minMemoryMb: 1024, copyCount: 1, minCopies: 0, maxCopies: 2 };
  const shared = exampleConfig((document) => {
    document.sharedEndpoints = {
      shared: {
        models: ['iris-a', 'iris-b'],
        instanceType: 'ml.m5.xlarge',
        minInstances: 0,
        maxInstances: 2,
      },
    };
    for (const model of ['iris-a', 'iris-b']) {
      document.models[model] = {
        target: 'sagemaker',
        artifact: { path: 'models/iris/repository' },
        sagemaker: { image: { triton: '24.09' }, component },
      };
    }
  });
  const environment = shared.environments.find((e) => e.name === 'prod')!;
  const stack = new Stack(newApp(), 'Platform');
  new EnvironmentVerifyRole(stack, 'PipelineVerifyRole', { project: shared.project, environment });
  const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
  return Object.values(roles)[0].Properties;
})();
const sharedVerifyStatements = () => sharedVerifyRole.Policies[0].PolicyDocument.Statement as any[];

describe('the verify role of an environment with a shared endpoint', () => {
  test('may read and invoke the shared endpoint, not endpoints named after its models', () => {
    expect(sharedVerifyStatements().find((s) => s.Sid === 'InvokeEnvironmentEndpoints')).toEqual({
      Sid: 'InvokeEnvironmentEndpoints',
      Effect: 'Allow',
      Action: ['sagemaker:DescribeEndpoint', 'sagemaker:InvokeEndpoint'],
      Resource: [
        arn('sagemaker', 'endpoint/mldeploy-iris-sagemaker-prod'),
        arn('sagemaker', 'endpoint/mldeploy-shared-prod'),
      ],
    });
  });

  test('may read and invoke the inference components of its models, by their ARNs', () => {
    expect(sharedVerifyStatements().find((s) => s.Sid === 'InvokeEnvironmentInferenceComponents')).toEqual({
      Sid: 'InvokeEnvironmentInferenceComponents',
      Effect: 'Allow',
      Action: ['sagemaker:DescribeInferenceComponent', 'sagemaker:InvokeEndpoint'],
      Resource: [
        arn('sagemaker', 'inference-component/mldeploy-iris-a-prod'),
        arn('sagemaker', 'inference-component/mldeploy-iris-b-prod'),
      ],
    });
  });

  // Evaluated as IAM decides (offline): InvokeEndpoint with InferenceComponentName is authorized on the endpoint
  // and on the component, so both must be allowed; nothing else of SageMaker is.
  const ROLE_SESSION = `arn:aws:sts::${ENV.account}:assumed-role/mldeploy-prod-verify/verify`;
  const sagemakerArn = (resource: string) => `arn:aws:sagemaker:${ENV.region}:${ENV.account}:${resource}`;
  test.each([
    ['sagemaker:InvokeEndpoint', 'endpoint/mldeploy-shared-prod', 'Allowed'],
    ['sagemaker:InvokeEndpoint', 'inference-component/mldeploy-iris-a-prod', 'Allowed'],
    ['sagemaker:DescribeInferenceComponent', 'inference-component/mldeploy-iris-b-prod', 'Allowed'],
    ['sagemaker:DescribeEndpoint', 'endpoint/mldeploy-shared-prod', 'Allowed'],
    ['sagemaker:InvokeEndpoint', 'inference-component/mldeploy-iris-a-dev', 'ImplicitlyDenied'],
    ['sagemaker:DescribeInferenceComponent', 'inference-component/mldeploy-other-prod', 'ImplicitlyDenied'],
    ['sagemaker:InvokeEndpoint', 'endpoint/mldeploy-iris-a-prod', 'ImplicitlyDenied'],
    [
      'sagemaker:UpdateInferenceComponentRuntimeConfig',
      'inference-component/mldeploy-iris-a-prod',
      'ImplicitlyDenied',
    ],
  ])('calling %s on %s is %s', async (action, resource, expected) => {
    const result = await runSimulation(
      {
        request: {
          principal: ROLE_SESSION,
          action,
          resource: { resource: sagemakerArn(resource), accountId: ENV.account },
          contextVariables: { 'aws:SecureTransport': 'true' },
        },
        identityPolicies: [
          {
            name: 'Verify',
            policy: resolveIn(
              sharedVerifyRole.Policies[0].PolicyDocument,
              {},
            ) as Simulation['identityPolicies'][0]['policy'],
          },
        ],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: undefined,
      },
      {},
    );
    expect(result.resultType === 'error' ? result.errors : result.overallResult).toBe(expected);
  });

  test('names no endpoint or component of another environment and no wildcard in SageMaker statements', () => {
    const sagemaker = sharedVerifyStatements().filter((s) =>
      [s.Action].flat().some((a: string) => a.startsWith('sagemaker:')),
    );
    const resources = JSON.stringify(sagemaker.map((s) => s.Resource));
    expect(resources).not.toMatch(/-(dev|staging)"/);
    expect(resources).not.toContain('*');
  });
});

describe.each(['dev', 'staging', 'prod'])('the verify role of %s', (name) => {
  const stage = pipelineStack.stages.find((s) => s.stageName === name)!;
  const platform = Template.fromStack(stage.platform);
  const verifyRole = () => {
    const roles = platform.findResources('AWS::IAM::Role', {
      Properties: { RoleName: `mldeploy-${name}-verify` },
    });
    expect(Object.keys(roles)).toHaveLength(1);
    return Object.values(roles)[0].Properties;
  };

  test('is in the environment’s platform stack, with a fixed name, trusting only the pipeline’s verify step role', () => {
    expect(verifyRole().AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { AWS: iamArn('root') },
        Condition: { ArnEquals: { 'aws:PrincipalArn': iamArn(`role/mldeploy-pipeline-verify-${name}`) } },
      },
    ]);
  });

  test('may read its own environment’s stacks, endpoints and functions, and invoke its endpoints', () => {
    const [policy] = verifyRole().Policies;
    expect(policy.PolicyDocument.Statement).toEqual([
      {
        Sid: 'DescribeEnvironmentStacks',
        Effect: 'Allow',
        Action: 'cloudformation:DescribeStacks',
        Resource: arn('cloudformation', `stack/mldeploy-${name}-*/*`),
      },
      {
        Sid: 'InvokeEnvironmentEndpoints',
        Effect: 'Allow',
        Action: ['sagemaker:DescribeEndpoint', 'sagemaker:InvokeEndpoint'],
        Resource: arn('sagemaker', `endpoint/mldeploy-iris-sagemaker-${name}`),
      },
      {
        Sid: 'ReadFunctionAliases',
        Effect: 'Allow',
        Action: 'lambda:GetAlias',
        Resource: arn('lambda', 'function:*'),
      },
    ]);
  });

  test('may invoke each Lambda model’s live alias of its environment, named in the alias’s resource policy', () => {
    const lambdaModels = stage.models.filter((m) => m.node.id === 'iris-lambda');
    expect(lambdaModels).toHaveLength(1);
    for (const model of lambdaModels) {
      const modelTemplate = Template.fromStack(model);
      const [aliasId] = Object.keys(modelTemplate.findResources('AWS::Lambda::Alias'));
      expect(verifyPermissions(model)).toEqual([
        {
          Action: 'lambda:InvokeFunction',
          // The alias's ARN, so the statement applies to the `live` qualifier only.
          FunctionName: { Ref: aliasId },
          Principal: iamArn(`role/mldeploy-${name}-verify`),
        },
      ]);
    }
  });

  test('is named in no resource policy of a SageMaker model', () => {
    const sagemakerModel = stage.models.find((m) => m.node.id === 'iris-sagemaker')!;
    Template.fromStack(sagemakerModel).resourceCountIs('AWS::Lambda::Permission', 0);
  });

  test('exists before the model stacks that name it deploy: they depend on its platform stack', () => {
    for (const model of stage.models) expect(model.dependencies).toContain(stage.platform);
  });

  test('may call exactly what docs/operations.md lists for `mldeploy verify`', () => {
    const operations = fs.readFileSync(path.join(PROJECT_ROOT, 'docs/operations.md'), 'utf8');
    // The row of the table "What each command calls, for IAM policies".
    const row = operations
      .split('\n')
      .find((line) => line.startsWith('| `verify`') && line.includes('cloudformation:'))!;
    const documented = [...row.split('|')[2].matchAll(/`([a-z-]+:\w+)`/g)].map((m) => m[1]);
    const granted = verifyRole().Policies[0].PolicyDocument.Statement.flatMap(
      (statement: { Action: string | string[] }) => [statement.Action].flat(),
    );
    const grantedByResources = stage.models.flatMap((m) => verifyPermissions(m).map((p) => p.Action));
    // The example has no shared endpoint: what a role grants for inference components comes from the one above.
    const grantedForComponents = sharedVerifyStatements().flatMap((statement) => [statement.Action].flat());
    expect([...new Set([...granted, ...grantedByResources, ...grantedForComponents])].sort()).toEqual(
      [...new Set(documented)].sort(),
    );
  });

  test('is in the top-level stage too, so a terminal deploy of the environment keeps it', () => {
    const topLevel = app.node.findChild(name) as EnvironmentStage;
    Template.fromStack(topLevel.platform).hasResourceProperties('AWS::IAM::Role', {
      RoleName: `mldeploy-${name}-verify`,
    });
  });
});

test('keeps the artifact bucket KMS-encrypted, TLS-only and access-logged', () => {
  const bucketId = Object.keys(resources).find((id) => id.startsWith('PipelineArtifactsBucket'))!;
  const bucket = resources[bucketId].Properties;
  expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
    SSEAlgorithm: 'aws:kms',
  });
  expect(bucket.LoggingConfiguration).toEqual({
    DestinationBucketName: { Ref: expect.stringMatching(/^PipelineArtifactsAccessLogs/) },
    LogFilePrefix: 'artifacts-bucket/',
  });
  template.hasResourceProperties('AWS::S3::BucketPolicy', {
    Bucket: { Ref: bucketId },
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    },
  });
  template.hasResourceProperties('AWS::S3::BucketPolicy', {
    Bucket: { Ref: bucket.LoggingConfiguration.DestinationBucketName.Ref },
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Condition: Match.objectLike({ ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [bucketId, 'Arn'] } } }),
        }),
      ]),
    },
  });
});

test('uses no cross-account keys while every environment deploys to the pipeline’s account', () => {
  template.resourceCountIs('AWS::KMS::Key', 0);
});

describe('other pipeline settings', () => {
  /** Synthesizes the pipeline stack alone for a small config under the AwsSolutions checks. */
  function synthPipeline(change: (document: Record<string, any>) => void) {
    const document = minimalConfig();
    change(document);
    const resolved = parse(document);
    const target = newApp();
    const stack = new PipelineStack(target, 'acme-pipeline', {
      project: resolved.project,
      pipeline: resolved.pipeline!,
      environments: resolved.environments,
    });
    Validations.of(target).addPlugins(new AwsSolutionsChecks(target));
    target.synth();
    return stack;
  }

  test('a CodeCommit source in a pipeline deploying to another account and region passes the checks', () => {
    const stack = synthPipeline((document) => {
      document.pipeline = {
        enabled: true,
        account: '111111111111',
        region: 'eu-west-1',
        source: { codeCommitRepository: 'ml-models', branch: 'main' },
      };
      document.environments.prod = { account: '222222222222', region: 'us-east-1' };
    });
    const synthesized = Template.fromStack(stack);
    // Cross-account keys: a rotating customer-managed key on the artifact bucket.
    synthesized.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    // Cross-region: CodePipeline's replication bucket in us-east-1 is access-logged too.
    const support = stack.pipeline.pipeline.crossRegionSupport['us-east-1'].stack;
    Template.fromStack(support).hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { LogFilePrefix: 'artifacts-bucket/' },
    });
    const stages = Object.values(synthesized.findResources('AWS::CodePipeline::Pipeline'))[0].Properties
      .Stages as { Name: string; Actions: Action[] }[];
    expect(stages[0].Actions[0].ActionTypeId.Provider).toBe('CodeCommit');
    expect(stages[0].Actions[0].Configuration).toMatchObject({
      RepositoryName: 'ml-models',
      BranchName: 'main',
    });
    // An environment without an account deploys to the pipeline's.
    expect(stack.stages.map((s) => [s.stageName, s.account, s.region])).toEqual([
      ['dev', '111111111111', 'eu-west-1'],
      ['prod', '222222222222', 'us-east-1'],
    ]);
  });

  test('the verify step of an environment in another account assumes the verify role there, which trusts the step’s role', () => {
    const stack = synthPipeline((document) => {
      document.pipeline = {
        enabled: true,
        account: '111111111111',
        region: 'eu-west-1',
        source: { codeCommitRepository: 'ml-models', branch: 'main' },
      };
      document.environments.prod = { account: '222222222222', region: 'us-east-1' };
    });
    // Stacks with an explicit region know their partition.
    const partitionArn = (rest: string) => `arn:aws${rest}`;
    // In the pipeline account: the step's role may assume prod's verify role, in prod's account.
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^VerifyRoleprod') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'AssumeEnvironmentVerifyRole',
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Resource: partitionArn(':iam::222222222222:role/acme-prod-verify'),
          },
        ]),
      },
    });
    // In prod's account: the verify role trusts that one role of the pipeline account.
    const prod = stack.stages.find((s) => s.stageName === 'prod')!;
    Template.fromStack(prod.platform).hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'acme-prod-verify',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { AWS: partitionArn(':iam::111111111111:root') },
            Condition: {
              ArnEquals: {
                'aws:PrincipalArn': partitionArn(':iam::111111111111:role/acme-pipeline-verify-prod'),
              },
            },
          },
        ],
      },
    });
  });

  test('the preflight step of an environment in another account runs as that account’s CDK lookup role', () => {
    const stack = synthPipeline((document) => {
      document.pipeline = {
        enabled: true,
        account: '111111111111',
        region: 'eu-west-1',
        source: { codeCommitRepository: 'ml-models', branch: 'main' },
      };
      document.environments.prod = { account: '222222222222', region: 'us-east-1' };
    });
    const lookupRole = 'arn:aws:iam::222222222222:role/cdk-hnb659fds-lookup-role-222222222222-us-east-1';
    const synthesized = Template.fromStack(stack);
    const policies = Object.values(synthesized.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes('PreflightRoleprod'),
    );
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual({
      Sid: 'AssumeLookupRole',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: lookupRole,
    });
    // Nothing else of prod's account: the lookup role reads it.
    expect(statements.filter((s: any) => s.Sid !== undefined).map((s: any) => s.Sid)).toEqual([
      'AssumeLookupRole',
    ]);
    const projects = Object.values(synthesized.findResources('AWS::CodeBuild::Project')).map(
      (r) => r.Properties,
    );
    const project = projects.find((p) =>
      p.Environment.EnvironmentVariables?.some((v: any) => v.Name === 'PREFLIGHT_ROLE_ARN'),
    )!;
    expect(project.Environment.EnvironmentVariables).toContainEqual({
      Name: 'PREFLIGHT_ROLE_ARN',
      Type: 'PLAINTEXT',
      Value: lookupRole,
    });
    expect(JSON.parse(project.Source.BuildSpec).phases.build.commands).toEqual([
      'npm ci',
      'mkdir -p ~/.aws',
      "printf '[profile mldeploy-preflight]\\nrole_arn = %s\\ncredential_source = EcsContainer\\n" +
        'role_session_name = mldeploy-preflight-prod\\n\' "$PREFLIGHT_ROLE_ARN" >> ~/.aws/config',
      'AWS_PROFILE=mldeploy-preflight npm run -s mldeploy -- preflight --env prod --assembly cdk.out',
    ]);
    // dev deploys to the pipeline's own account: its step's role holds the read-only grants itself.
    const devStatements = Object.values(synthesized.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('PreflightRoledev'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(devStatements.map((s: any) => s.Sid).filter(Boolean)).toContain('ReadBootstrapVersion');
  });

  test.each([
    ['codeconnections', CONNECTION_ARN, 'codestar-connections'],
    ['codestar-connections', CODESTAR_CONNECTION_ARN, 'codeconnections'],
  ])(
    'the source action may use a %s connection under the service prefix of its ARN',
    (prefix, connectionArn, otherPrefix) => {
      const stack = synthPipeline((document) => {
        document.pipeline = {
          enabled: true,
          source: { connectionArn, repository: 'acme/ml-models', branch: 'main' },
        };
      });
      const synthesized = Template.fromStack(stack).toJSON().Resources as typeof resources;
      const stages = Object.values(synthesized).find((r) => r.Type === 'AWS::CodePipeline::Pipeline')!
        .Properties.Stages as { Name: string; Actions: (Action & { RoleArn: any })[] }[];
      const [source] = stages[0].Actions;
      expect(source.Configuration).toMatchObject({
        ConnectionArn: connectionArn,
        FullRepositoryId: 'acme/ml-models',
      });
      const roleId = source.RoleArn['Fn::GetAtt'][0];
      const statements = Object.values(synthesized)
        .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
      // "When specifying a resource in the IAM policy, the service prefix needs to match that of the
      // resource" (AWS CodeConnections, "Connections rename - Summary of changes").
      expect(statements).toContainEqual({
        Effect: 'Allow',
        Action: `${prefix}:UseConnection`,
        Resource: connectionArn,
      });
      const actions = statements.flatMap((s: any) => [s.Action].flat() as string[]);
      expect(actions.filter((a) => a.startsWith(`${otherPrefix}:`))).toEqual([]);
    },
  );

  test('an environment with an account needs the pipeline’s account and region', () => {
    const document = minimalConfig();
    document.pipeline = { enabled: true, source: { codeCommitRepository: 'ml-models', branch: 'main' } };
    document.environments.prod = { account: '222222222222', region: 'eu-west-1' };
    const resolved = parse(document);
    expect(
      () =>
        new PipelineStack(newApp(), 'acme-pipeline', {
          project: resolved.project,
          pipeline: resolved.pipeline!,
          environments: resolved.environments,
        }),
    ).toThrow(
      'pipeline.account and pipeline.region must be set: environment prod sets account or region, and ' +
        'CodePipeline deploys across accounts and regions only from a pipeline stack with an explicit ' +
        'account and region (add pipeline.account and pipeline.region to the config, or remove account ' +
        'and region from every environment)',
    );
  });
});

describe('without an enabled pipeline', () => {
  const stackIds = (document: Record<string, any>, environments?: string[]) => {
    const target = newApp();
    addDeploymentStages(target, parse(document, { environments }));
    return deployables(target);
  };
  const pipeline = { source: { codeCommitRepository: 'ml-models', branch: 'main' } };

  test('the app has no pipeline stack when the config has no pipeline section', () => {
    expect(stackIds(minimalConfig())).toEqual(['dev', 'prod']);
  });

  test('the environments have no verify role for a pipeline', () => {
    const target = newApp();
    const [dev] = addDeploymentStages(target, parse(minimalConfig()));
    Template.fromStack(dev.platform).resourcePropertiesCountIs(
      'AWS::IAM::Role',
      { RoleName: Match.stringLikeRegexp('-verify$') },
      0,
    );
  });

  test('the Lambda models’ live aliases name no verify role', () => {
    const target = newApp();
    const stages = addDeploymentStages(
      target,
      exampleConfig(() => {}),
    );
    const lambdaModels = stages.flatMap((stage) => stage.models.filter((m) => m.node.id === 'iris-lambda'));
    expect(lambdaModels).toHaveLength(3);
    for (const model of lambdaModels) expect(verifyPermissions(model)).toEqual([]);
  });

  test('the app has no pipeline stack when the pipeline is disabled', () => {
    expect(stackIds({ ...minimalConfig(), pipeline: { ...pipeline, enabled: false } })).toEqual([
      'dev',
      'prod',
    ]);
  });

  test('the app leaves the pipeline out when -c env selects only some environments', () => {
    const document = { ...minimalConfig(), pipeline: { ...pipeline, enabled: true } };
    expect(stackIds(document, ['dev'])).toEqual(['dev']);
    expect(stackIds(document)).toEqual(['dev', 'prod', 'acme-pipeline']);
  });
});
