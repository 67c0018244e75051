import { BatchGetImageCommand } from '@aws-sdk/client-ecr';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DescribeModelPackageCommand } from '@aws-sdk/client-sagemaker';
import { ResolvedModel } from '../../config';
import { ecrImageParts, s3UriParts } from '../../constructs/private/patterns';
import { presetImageOf } from '../../constructs/sagemaker/preset-images';
import { errorCode } from '../retry';
import { CheckResult, guard, PreflightScope, result } from './check';

/** Each model's image exists in the environment's region, and its artifact exists (and is Approved, for a package). */
export async function checkSources(scope: PreflightScope): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const model of scope.environment.models) {
    if (model.target === 'sagemaker') {
      results.push(...(await guard('image', model.name, async () => [await checkImage(scope, model)])));
    }
    results.push(...(await guard('artifact', model.name, () => checkArtifact(scope, model))));
  }
  return results;
}

interface ImageRef {
  readonly registry: string;
  readonly region: string;
  readonly repository: string;
  readonly id: { imageTag: string } | { imageDigest: string };
  readonly uri: string;
  /** The config field to change. */
  readonly field: string;
}

function imageOf(scope: PreflightScope, model: ResolvedModel): ImageRef | string {
  const { image } = model.sagemaker;
  if (model.artifact.kind === 'modelPackage')
    return parseEcrUri(model.artifact.image, 'artifact.modelPackage.image');
  if (image.ecrUri) return parseEcrUri(image.ecrUri, 'sagemaker.image.ecrUri');
  // AWS publishes the Triton, LMI and TGI images in registry accounts that depend on the region
  // (triton-registries.ts, llm-registries.ts).
  const preset = presetImageOf(image);
  if (!preset) return 'the model names no image (sagemaker.image)';
  const registry = preset.registry.accounts[scope.region];
  if (!registry)
    return `${scope.region} has no ${preset.registry.description}; give the model sagemaker.image.ecrUri with your own copy`;
  const repository = preset.registry.repository;
  return {
    registry,
    region: scope.region,
    repository,
    id: { imageTag: preset.tag },
    uri: `${registry}.dkr.ecr.${scope.region}.amazonaws.com/${repository}:${preset.tag}`,
    field: `sagemaker.image.${preset.key}`,
  };
}

function parseEcrUri(uri: string, field: string): ImageRef | string {
  const parts = ecrImageParts(uri);
  if (!parts) return `${uri} is not an ECR image URI (${field})`;
  // What follows the repository: `:tag`, `@sha256:…` or nothing (Docker's `latest`).
  const reference = uri.slice(uri.indexOf('/') + 1 + parts.repository.length);
  const id = reference.startsWith('@')
    ? { imageDigest: reference.slice(1) }
    : { imageTag: reference.startsWith(':') ? reference.slice(1) : 'latest' };
  return { registry: parts.account, region: parts.region, repository: parts.repository, id, uri, field };
}

/**
 * BatchGetImage is what pulling the image calls, so a role that can pull can check; an image it cannot find is
 * a `failures` entry (ImageNotFound, …) and a missing repository a RepositoryNotFoundException ("BatchGetImage",
 * Amazon ECR API Reference, https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_BatchGetImage.html).
 * SageMaker pulls from the endpoint's own region only.
 */
async function checkImage(scope: PreflightScope, model: ResolvedModel): Promise<CheckResult> {
  const image = imageOf(scope, model);
  if (typeof image === 'string') return result('image', model.name, 'fail', image);
  if (image.region !== scope.region) {
    return result(
      'image',
      model.name,
      'fail',
      `${image.uri} is in ${image.region}, the endpoint in ${scope.region}: SageMaker pulls images from its own region; copy the image to ${scope.region} and change ${image.field}`,
    );
  }
  const repositoryArn = `arn:${scope.partition}:ecr:${image.region}:${image.registry}:repository/${image.repository}`;
  const answer = await scope.ctx.aws({ action: 'ecr:BatchGetImage', resource: repositoryArn }, () =>
    scope.clients.ecr
      .send(
        new BatchGetImageCommand({
          registryId: image.registry,
          repositoryName: image.repository,
          imageIds: [image.id],
        }),
      )
      .catch((error: unknown) => {
        if (errorCode(error) === 'RepositoryNotFoundException')
          return { images: [], failures: [{ failureCode: 'RepositoryNotFound' }] };
        throw error;
      }),
  );
  if ((answer.images ?? []).length > 0) return result('image', model.name, 'pass', `${image.uri} exists`);
  const why = answer.failures?.[0]?.failureCode ?? 'not found';
  return result('image', model.name, 'fail', `${image.uri}: ${why}; push the image or change ${image.field}`);
}

async function checkArtifact(scope: PreflightScope, model: ResolvedModel): Promise<CheckResult[]> {
  const { artifact } = model;
  if (artifact.kind === 'local') return [];
  if (artifact.kind === 's3') return [await checkS3(scope, model.name, artifact.uri, 'artifact.s3Uri')];
  const pkg = await scope.ctx.aws(
    { action: 'sagemaker:DescribeModelPackage', resource: `model package ${artifact.arn}` },
    () => scope.clients.sageMaker.send(new DescribeModelPackageCommand({ ModelPackageName: artifact.arn })),
  );
  const approval = result(
    'artifact',
    model.name,
    pkg.ModelApprovalStatus === 'Approved' ? 'pass' : 'fail',
    pkg.ModelApprovalStatus === 'Approved'
      ? `model package ${artifact.arn} is Approved`
      : `model package ${artifact.arn} is ${pkg.ModelApprovalStatus ?? 'without an approval status'}, not Approved; approve it in the Model Registry or point artifact.modelPackage at an approved one (mldeploy promote)`,
  );
  return [
    approval,
    await checkS3(scope, model.name, artifact.modelDataUri, 'artifact.modelPackage.modelDataUri'),
  ];
}

/** An S3 object (HeadObject: s3:GetObject) or, for a URI ending in `/`, a non-empty prefix (s3:ListBucket). */
async function checkS3(
  scope: PreflightScope,
  model: string,
  uri: string,
  field: string,
): Promise<CheckResult> {
  const parts = s3UriParts(uri);
  if (!parts) return result('artifact', model, 'fail', `${uri} is not an S3 URI (${field})`);
  const { bucket, key } = parts;
  const objectArn = `arn:${scope.partition}:s3:::${bucket}/${key}`;
  const missing = result('artifact', model, 'fail', `${uri} does not exist; upload it or change ${field}`);
  if (key.endsWith('/')) {
    const listed = await scope.ctx.aws(
      { action: 's3:ListBucket', resource: `arn:${scope.partition}:s3:::${bucket}` },
      () => scope.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 1 })),
    );
    return (listed.KeyCount ?? 0) > 0 ? result('artifact', model, 'pass', `${uri} holds objects`) : missing;
  }
  try {
    await scope.ctx.aws({ action: 's3:GetObject', resource: objectArn }, () =>
      scope.clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
    );
    return result('artifact', model, 'pass', `${uri} exists`);
  } catch (error) {
    const code = errorCode((error as { cause?: unknown }).cause ?? error);
    if (code === 'NotFound' || code === 'NoSuchKey') return missing;
    // HEAD answers carry no error body: S3's 403 arrives as `Forbidden`. Without s3:ListBucket a missing key is a 403 too.
    if (code === 'Forbidden') {
      return result(
        'artifact',
        model,
        'warn',
        `not checked: s3:GetObject on ${objectArn} was denied (or the object is missing and s3:ListBucket is not granted); grant s3:GetObject to the role that runs preflight`,
      );
    }
    throw error;
  }
}
