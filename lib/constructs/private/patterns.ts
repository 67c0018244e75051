/**
 * The formats of the values a deployment config names (AWS identifiers, URIs, ARNs and this project's own
 * names), each defined once and used by the config schema, the constructs that check the same values and the
 * `mldeploy` commands. Names that the deployed functions check too live in contract/names.ts.
 *
 * The JSON Schema and docs/config-reference.md print each pattern's source, so a pattern is written the way
 * users read it.
 *
 * The module sits with the constructs' internals because the config layer builds on the constructs, never the
 * other way round: both import it, and it imports nothing.
 */

/**
 * A project, environment, model, schedule or custom alarm name: lowercase letters, digits and single
 * hyphens, starting with a letter. This project's own rule: the names are joined with hyphens into
 * SageMaker endpoint and CloudWatch alarm names, which then stay within SAGEMAKER_NAME_PATTERN
 * (contract/names.ts) and never begin or end with a hyphen.
 */
export const RESOURCE_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** What a name that fails RESOURCE_NAME_PATTERN is told. */
export const RESOURCE_NAME_MESSAGE =
  'must be lowercase letters, digits and single hyphens, starting with a letter';

/**
 * A 12-digit AWS account id ("View AWS account identifiers", AWS Account Management Reference Guide,
 * https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html).
 */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/**
 * A Region code such as eu-west-1 or us-gov-west-1: area, one or more words, a number ("AWS Regions",
 * AWS General Reference, https://docs.aws.amazon.com/general/latest/gr/rande.html).
 */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * An S3 bucket name: 3–63 lowercase letters, digits, dots and hyphens, beginning and ending with a letter or
 * digit ("General purpose bucket naming rules", Amazon S3 User Guide,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 */
const S3_BUCKET_NAME = '[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]';

/** An object (or prefix) in S3 as `s3://<bucket>/<key>`, the key not empty; see S3_BUCKET_NAME. */
export const S3_URI_PATTERN = new RegExp(`^s3:\\/\\/${S3_BUCKET_NAME}\\/.+$`);

/** S3_URI_PATTERN with the bucket and the key captured. */
const S3_URI_PARTS = new RegExp(`^s3:\\/\\/(${S3_BUCKET_NAME})\\/(.+)$`);

/** The bucket and key of a URI S3_URI_PATTERN accepts; undefined for any other text. */
export function s3UriParts(uri: string): { bucket: string; key: string } | undefined {
  const match = S3_URI_PARTS.exec(uri);
  return match ? { bucket: match[1], key: match[2] } : undefined;
}

/**
 * A SHA-256 digest as 64 lowercase hex characters: how `sha256sum` prints it, and how an ECR image digest
 * writes it after `sha256:` ("ImageIdentifier", Amazon ECR API Reference,
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageIdentifier.html). Stricter than
 * SHA256_HEX_PATTERN (contract/names.ts), which compares digests in either case.
 */
export const SHA256_LOWERCASE_HEX_PATTERN = /^[a-f0-9]{64}$/;

/**
 * An image in an ECR private registry, `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>` ("Amazon
 * ECR private registry", Amazon ECR User Guide, https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html),
 * then a tag or a sha256 digest ("ImageIdentifier").
 */
const ECR_ACCOUNT = String.raw`\d{12}`;
const ECR_REGION = '[a-z0-9-]+';
const ECR_REPOSITORY = '[a-z0-9._/-]+';
const ECR_REFERENCE = String.raw`(:[\w.-]+|@sha256:${SHA256_LOWERCASE_HEX_PATTERN.source.slice(1, -1)})`;
const ecrImage = (part: (text: string) => string) =>
  String.raw`^${part(ECR_ACCOUNT)}\.dkr\.ecr\.${part(ECR_REGION)}\.amazonaws\.com(\.cn)?\/${part(ECR_REPOSITORY)}`;

/** An ECR image URI, with or without a tag or digest. */
export const ECR_IMAGE_URI_PATTERN = new RegExp(`${ecrImage((text) => text)}${ECR_REFERENCE}?$`);

/** An ECR image URI pinned to a tag or a digest, as a model package records its image. */
export const PINNED_ECR_IMAGE_URI_PATTERN = new RegExp(`${ecrImage((text) => text)}${ECR_REFERENCE}$`);

/** ECR_IMAGE_URI_PATTERN with the account, Region and repository captured. */
const ECR_IMAGE_URI_PARTS = new RegExp(`${ecrImage((text) => `(${text})`)}${ECR_REFERENCE}?$`);

/** The account, Region and repository of a URI ECR_IMAGE_URI_PATTERN accepts; undefined for any other text. */
export function ecrImageParts(
  uri: string,
): { account: string; region: string; repository: string } | undefined {
  const match = ECR_IMAGE_URI_PARTS.exec(uri);
  return match ? { account: match[1], region: match[2], repository: match[4] } : undefined;
}

/**
 * The shape of a SageMaker instance type, `ml.<family>.<size>`; families may hold a hyphen (ml.p6-b200.48xlarge).
 * The values of ProductionVariantInstanceType ("ProductionVariant", Amazon SageMaker API Reference,
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html). The config checks
 * types against the service's own lists (instance-type.ts); constructs, which take any string, check the shape.
 */
export const SAGEMAKER_INSTANCE_TYPE_PATTERN = /^ml\.[a-z0-9-]+\.[a-z0-9]+$/;

/**
 * A Model Package Group name as this config accepts it (also inside package ARNs); `mldeploy promote` checks it
 * too. Looser than SageMaker's own ModelPackageGroupName, 1–63 of [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}
 * ("CreateModelPackageGroup", Amazon SageMaker API Reference,
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateModelPackageGroup.html).
 */
export const MODEL_PACKAGE_GROUP_NAME_PATTERN = /^[a-zA-Z0-9-]{1,63}$/;

/**
 * A versioned model package ARN, `arn:<partition>:sagemaker:<region>:<account>:model-package/<group>/<version>`
 * ("DescribeModelPackage", ModelPackageArn, Amazon SageMaker API Reference,
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeModelPackage.html).
 */
export const MODEL_PACKAGE_ARN_PATTERN = new RegExp(
  `^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\\d{12}:model-package\\/${MODEL_PACKAGE_GROUP_NAME_PATTERN.source.slice(1, -1)}\\/\\d+$`,
);

/**
 * EC2 resource ids as SageMaker and Lambda VPC settings take them: `subnet-…`, `sg-…`, `vpc-…` followed by hex
 * ("VpcConfig", Amazon SageMaker API Reference, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_VpcConfig.html:
 * security group ids "in the form sg-xxxxxxxx").
 */
export const SUBNET_ID_PATTERN = /^subnet-[a-f0-9]+$/;
/** See SUBNET_ID_PATTERN. */
export const SECURITY_GROUP_ID_PATTERN = /^sg-[a-f0-9]+$/;
/** See SUBNET_ID_PATTERN. */
export const VPC_ID_PATTERN = /^vpc-[a-f0-9]+$/;

/**
 * A container environment variable name. Stricter than SageMaker, which takes keys of up to 1024 characters
 * ("ContainerDefinition", Environment, Amazon SageMaker API Reference,
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html): a name every shell
 * in a container can read.
 */
export const CONTAINER_ENVIRONMENT_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A CloudWatch alarm statistic: a Statistic, or an ExtendedStatistic in its percentile and trimmed forms
 * ("PutMetricAlarm", Amazon CloudWatch API Reference,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html; "CloudWatch
 * statistics definitions", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html).
 */
export const CLOUDWATCH_STATISTIC_PATTERN =
  /^(Average|Sum|Minimum|Maximum|SampleCount|(p|tm|wm|tc|ts)\d{1,2}(\.\d+)?)$/;

/** How a placeholder is written in a custom alarm's dimension value: `{name}` (this project's syntax). */
export const PLACEHOLDER_PATTERN = /\{([^}]*)\}/g;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * A CodeConnections connection ARN, `arn:<partition>:codeconnections:<region>:<account>:connection/<uuid>`:
 * connections have `codeconnections` ARNs since the service was renamed, `codestar-connections` ARNs before
 * (AWS CodeConnections, "Connections rename - Summary of changes",
 * https://docs.aws.amazon.com/dtconsole/latest/userguide/rename.html).
 */
export const CONNECTION_ARN_PATTERN = new RegExp(
  `^arn:aws(-[a-z]+)*:(codeconnections|codestar-connections):${REGION_PATTERN.source.slice(1, -1)}:${ACCOUNT_ID_PATTERN.source.slice(1, -1)}:connection/${UUID}$`,
);

/**
 * The `owner/name` of a repository behind a connection, as CDK Pipelines takes it
 * ("CodePipelineSource.connection", AWS CDK API Reference,
 * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.pipelines.CodePipelineSource.html).
 */
export const REPOSITORY_FULL_NAME_PATTERN = /^[\w.-]+\/[\w.-]+$/;

/**
 * A CodeCommit repository name: 1–100 of letters, digits, `_`, `.` and `-` ("RepositoryNameIdPair", AWS
 * CodeCommit API Reference, https://docs.aws.amazon.com/codecommit/latest/APIReference/API_RepositoryNameIdPair.html).
 */
export const CODECOMMIT_REPOSITORY_NAME_PATTERN = /^[\w.-]{1,100}$/;

/**
 * The shape of an IANA time zone name (Europe/Paris, Etc/GMT+9, UTC) and nothing else: no UTC offsets such as
 * +01:00, which recent runtimes also accept. Application Auto Scaling takes IANA names ("Schedule recurring
 * scaling actions using cron expressions", Application Auto Scaling User Guide,
 * https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html);
 * time-zone.ts asks the runtime which names exist.
 */
export const TIME_ZONE_NAME_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * The characters of a tag key or value: Unicode letters, digits, white space and _ . : / = + - @ ("Tag",
 * Resource Groups Tagging API Reference, https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_Tag.html).
 */
export const TAG_CHARACTERS_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * The tag prefix AWS reserves for its own tags, in any case ("Tagging AWS resources", tag naming limits and
 * requirements, https://docs.aws.amazon.com/general/latest/gr/aws_tagging.html).
 */
export const AWS_RESERVED_TAG_PREFIX_PATTERN = /^aws:/i;
