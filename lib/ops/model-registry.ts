import { DescribeModelPackageCommand, ListModelPackagesCommand } from '@aws-sdk/client-sagemaker';
import { OpsContext } from './context';
import { OpsFailure } from './errors';

/** An approved package of the Model Registry, with what an endpoint needs to serve it. */
export interface ApprovedPackage {
  readonly arn: string;
  readonly group?: string;
  readonly version?: number;
  readonly image: string;
  readonly modelDataUri: string;
}

interface PackageQuery {
  readonly region?: string;
  /** Model Package Group name (or ARN). */
  readonly group: string;
  /** A specific package; the group's latest approved package when absent. */
  readonly packageArn?: string;
}

/** The package to promote; refuses (OpsFailure) anything not approved or not servable. */
export async function findApprovedPackage(ctx: OpsContext, query: PackageQuery): Promise<ApprovedPackage> {
  const { sageMaker } = ctx.clientsFor(query.region);
  let arn = query.packageArn;
  if (arn === undefined) {
    const listed = await ctx.aws(
      { action: 'sagemaker:ListModelPackages', resource: `model package group ${query.group}` },
      () =>
        sageMaker.send(
          new ListModelPackagesCommand({
            ModelPackageGroupName: query.group,
            ModelApprovalStatus: 'Approved',
            SortBy: 'CreationTime',
            SortOrder: 'Descending',
            MaxResults: 1,
          }),
        ),
    );
    arn = listed.ModelPackageSummaryList?.[0]?.ModelPackageArn;
    if (arn === undefined) {
      throw new OpsFailure(
        `model package group ${query.group} has no Approved package; approve one in the Model Registry first`,
      );
    }
  }
  const pkg = await ctx.aws(
    { action: 'sagemaker:DescribeModelPackage', resource: `model package ${arn}` },
    () => sageMaker.send(new DescribeModelPackageCommand({ ModelPackageName: arn })),
  );
  if (pkg.ModelApprovalStatus !== 'Approved') {
    throw new OpsFailure(
      `model package ${arn} is ${pkg.ModelApprovalStatus ?? 'without an approval status'}, not Approved; only approved packages are promoted`,
    );
  }
  if (pkg.ModelPackageGroupName !== undefined && !sameGroup(pkg.ModelPackageGroupName, query.group)) {
    throw new OpsFailure(
      `model package ${arn} belongs to group ${pkg.ModelPackageGroupName}, not ${query.group}`,
    );
  }
  const container = pkg.InferenceSpecification?.Containers?.[0];
  const modelDataUri = container?.ModelDataUrl ?? container?.ModelDataSource?.S3DataSource?.S3Uri;
  if (!container?.Image || !modelDataUri) {
    const missing = !container
      ? 'no inference container (InferenceSpecification.Containers is empty)'
      : !container.Image
        ? 'no image in its first inference container'
        : 'no model data in its first inference container (neither ModelDataUrl nor ModelDataSource.S3DataSource.S3Uri)';
    throw new OpsFailure(`model package ${arn} has ${missing}`);
  }
  return {
    arn: pkg.ModelPackageArn ?? arn,
    group: pkg.ModelPackageGroupName,
    version: pkg.ModelPackageVersion,
    image: container.Image,
    modelDataUri,
  };
}

/** A group given by name or by ARN (`…:model-package-group/<name>`). */
function sameGroup(actual: string, given: string): boolean {
  return actual === given || given.endsWith(`:model-package-group/${actual}`);
}
