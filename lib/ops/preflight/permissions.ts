import { ResolvedEnvironment, ResolvedModel } from '../../config';
import { ecrImageParts, s3UriParts } from '../../constructs/private/patterns';
import { presetImageOf } from '../../constructs/sagemaker/preset-images';
import { autoscalingRoles, serviceLinkedRoleArn } from './autoscaling-roles';

/**
 * The IAM permissions `mldeploy preflight --env <env>` uses, statement by statement, and no more: the checks'
 * calls (bootstrap.ts, quotas.ts, endpoint-usage.ts, lambda-concurrency.ts, sources.ts, monitoring.ts,
 * service-linked-roles.ts) for what the environment's models need. The pipeline grants exactly these to its
 * Preflight step. sts:GetCallerIdentity needs no permission. This module and what it imports load no AWS SDK
 * client: the app layer reads it at synth.
 */
export interface PreflightPermission {
  readonly sid: string;
  readonly actions: readonly string[];
  /**
   * ARNs with the placeholders `{partition}`, `{region}` and `{account}` (the environment's), or `*` for actions
   * that take no resource ("Actions, resources, and condition keys" of each service in the Service
   * Authorization Reference, e.g. https://docs.aws.amazon.com/service-authorization/latest/reference/list_servicequotas.html).
   */
  readonly resources: readonly string[];
}

/**
 * @param region the environment's region when known: it names the Triton registry account, which differs by
 * region; any registry account otherwise.
 */
export function preflightPermissions(
  project: string,
  environment: ResolvedEnvironment,
  region: string | undefined,
): PreflightPermission[] {
  const models = environment.models;
  const sagemaker = models.filter((m) => m.target === 'sagemaker');
  const lambda = models.filter((m) => m.target === 'lambda');
  const arn = (service: string, resource: string) =>
    `arn:{partition}:${service}:{region}:{account}:${resource}`;
  const permissions: PreflightPermission[] = [
    {
      sid: 'ReadBootstrapVersion',
      actions: ['ssm:GetParameter'],
      // Any qualifier: the assembly names its stacks' version parameter.
      resources: [arn('ssm', 'parameter/cdk-bootstrap/*/version')],
    },
  ];
  if (sagemaker.length > 0) {
    permissions.push(
      {
        sid: 'ListQuotas',
        actions: ['servicequotas:ListAWSDefaultServiceQuotas', 'servicequotas:ListServiceQuotas'],
        resources: ['*'],
      },
      {
        sid: 'ListEndpoints',
        actions: [
          'sagemaker:ListEndpointConfigs',
          'sagemaker:ListEndpoints',
          ...(sagemaker.some((m) => m.sagemaker.monitoring.enabled)
            ? ['sagemaker:ListMonitoringSchedules']
            : []),
        ],
        resources: ['*'],
      },
      {
        // Every endpoint of the account counts against the instance quotas, other teams' too.
        sid: 'DescribeAccountEndpoints',
        actions: ['sagemaker:DescribeEndpoint', 'sagemaker:DescribeEndpointConfig'],
        resources: [arn('sagemaker', 'endpoint/*'), arn('sagemaker', 'endpoint-config/*')],
      },
      {
        sid: 'ReadModelImages',
        actions: ['ecr:BatchGetImage'],
        resources: unique(sagemaker.map((m) => imageRepository(m, region))),
      },
    );
    const packages = sagemaker.flatMap((m) => (m.artifact.kind === 'modelPackage' ? [m.artifact.arn] : []));
    if (packages.length > 0) {
      permissions.push({
        sid: 'DescribeModelPackages',
        actions: ['sagemaker:DescribeModelPackage'],
        resources: unique(packages),
      });
    }
  }
  const objects = models.flatMap(s3Artifact);
  const files = objects
    .filter((o) => !o.key.endsWith('/'))
    .map((o) => `arn:{partition}:s3:::${o.bucket}/${o.key}`);
  const folders = objects.filter((o) => o.key.endsWith('/')).map((o) => `arn:{partition}:s3:::${o.bucket}`);
  if (files.length > 0)
    permissions.push({ sid: 'ReadArtifacts', actions: ['s3:GetObject'], resources: unique(files) });
  if (folders.length > 0)
    permissions.push({ sid: 'ListArtifactFolders', actions: ['s3:ListBucket'], resources: unique(folders) });
  if (lambda.length > 0) {
    permissions.push(
      { sid: 'ReadLambdaAccountSettings', actions: ['lambda:GetAccountSettings'], resources: ['*'] },
      {
        // CloudFormation generates the function names; preflight reads them from the model stacks' outputs.
        sid: 'ReadFunctionConcurrency',
        actions: ['lambda:GetFunctionConcurrency'],
        resources: [arn('lambda', 'function:*')],
      },
      {
        sid: 'DescribeEnvironmentStacks',
        actions: ['cloudformation:DescribeStacks'],
        resources: [arn('cloudformation', `stack/${project}-${environment.name}-*/*`)],
      },
    );
  }
  const roles = autoscalingRoles(models).map(serviceLinkedRoleArn);
  if (roles.length > 0)
    permissions.push({ sid: 'ReadServiceLinkedRoles', actions: ['iam:GetRole'], resources: roles });
  return permissions;
}

function imageRepository(model: ResolvedModel, region: string | undefined): string {
  const uri = model.artifact.kind === 'modelPackage' ? model.artifact.image : model.sagemaker.image.ecrUri;
  const parts = uri === undefined ? undefined : ecrImageParts(uri);
  if (parts) return `arn:{partition}:ecr:${parts.region}:${parts.account}:repository/${parts.repository}`;
  const preset = presetImageOf(model.sagemaker.image);
  const registry = (region && preset?.registry.accounts[region]) || '*';
  return `arn:{partition}:ecr:{region}:${registry}:repository/${preset?.registry.repository ?? '*'}`;
}

function s3Artifact(model: ResolvedModel): { bucket: string; key: string }[] {
  const { artifact } = model;
  const uri =
    artifact.kind === 's3'
      ? artifact.uri
      : artifact.kind === 'modelPackage'
        ? artifact.modelDataUri
        : undefined;
  const parts = uri === undefined ? undefined : s3UriParts(uri);
  return parts ? [parts] : [];
}

const unique = (values: readonly string[]) => [...new Set(values)];

/** Every IAM action preflight may call for some environment, for docs/operations.md. */
export const PREFLIGHT_ACTIONS: readonly string[] = [
  'cloudformation:DescribeStacks',
  'ecr:BatchGetImage',
  'iam:GetRole',
  'lambda:GetAccountSettings',
  'lambda:GetFunctionConcurrency',
  's3:GetObject',
  's3:ListBucket',
  'sagemaker:DescribeEndpoint',
  'sagemaker:DescribeEndpointConfig',
  'sagemaker:DescribeModelPackage',
  'sagemaker:ListEndpointConfigs',
  'sagemaker:ListEndpoints',
  'sagemaker:ListMonitoringSchedules',
  'servicequotas:ListAWSDefaultServiceQuotas',
  'servicequotas:ListServiceQuotas',
  'ssm:GetParameter',
];
