import { createHash } from 'crypto';

/** The account and region a synthesized app is evaluated in. */
export interface SampleEnvironment {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly urlSuffix: string;
}

export const SAMPLE_ENVIRONMENT: SampleEnvironment = {
  account: '111111111111',
  region: 'eu-west-1',
  partition: 'aws',
  urlSuffix: 'amazonaws.com',
};

/** A resource of a template, with what its physical name and ARN are built from. */
export interface ResourceSite {
  readonly stackName: string;
  readonly logicalId: string;
  readonly type: string;
  /** Properties with intrinsics resolved on demand. */
  readonly property: (name: string) => unknown;
  readonly env: SampleEnvironment;
}

/**
 * What CloudFormation names a resource whose template gives it no name: the stack name, the logical id
 * and a random suffix, truncated to the service's limit ("Name type", AWS CloudFormation User Guide,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-name.html). The suffix
 * here is a hash of stack and logical id, so every run evaluates the same names.
 */
export function generatedName(site: ResourceSite, maxLength: number, lowerCase = false): string {
  const suffix = createHash('sha256')
    .update(`${site.stackName}/${site.logicalId}`)
    .digest('hex')
    .slice(0, 12)
    .toUpperCase();
  const head = `${site.stackName}-${site.logicalId}`.slice(0, maxLength - suffix.length - 1);
  const name = `${head}-${suffix}`;
  return lowerCase ? name.toLowerCase() : name;
}

/** A key id in the UUID shape KMS gives keys, derived from the stack and logical id. */
function keyId(site: ResourceSite): string {
  const hex = createHash('sha256').update(`${site.stackName}/${site.logicalId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface TypeRule {
  /** The physical name: the template's name property, or a generated one. */
  readonly name: (site: ResourceSite) => string;
  readonly arn?: (site: ResourceSite, name: string) => string;
  /** What `Ref` returns ("Ref" return values on each resource's page of the CloudFormation User Guide). */
  readonly ref: 'name' | 'arn';
  readonly attributes?: Record<string, (site: ResourceSite, name: string) => string>;
}

const named =
  (property: string, maxLength: number, lowerCase = false) =>
  (site: ResourceSite): string =>
    (site.property(property) as string | undefined) ?? generatedName(site, maxLength, lowerCase);
const regional =
  (service: string, resource: (name: string) => string) => (site: ResourceSite, name: string) =>
    `arn:${site.env.partition}:${service}:${site.env.region}:${site.env.account}:${resource(name)}`;

const functionArn = regional('lambda', (name) => `function:${name}`);

/** Physical names and ARNs of the resource types the access table reaches. */
const RULES: Record<string, TypeRule> = {
  'AWS::S3::Bucket': {
    name: named('BucketName', 63, true),
    arn: (site, name) => `arn:${site.env.partition}:s3:::${name}`,
    ref: 'name',
  },
  'AWS::IAM::Role': {
    name: named('RoleName', 64),
    arn: (site, name) =>
      `arn:${site.env.partition}:iam::${site.env.account}:role${(site.property('Path') as string | undefined) ?? '/'}${name}`,
    ref: 'name',
  },
  'AWS::KMS::Key': {
    name: keyId,
    arn: regional('kms', (id) => `key/${id}`),
    ref: 'name',
    attributes: { KeyId: (_site, id) => id },
  },
  'AWS::SNS::Topic': {
    name: named('TopicName', 256),
    arn: regional('sns', (name) => name),
    ref: 'arn',
    attributes: {
      TopicName: (_site, name) => name,
      TopicArn: (site, name) => regional('sns', (n) => n)(site, name),
    },
  },
  'AWS::Lambda::Function': { name: named('FunctionName', 64), arn: functionArn, ref: 'name' },
  'AWS::Lambda::Version': {
    // The first version CloudFormation publishes of a new function is 1.
    name: () => '1',
    arn: (site, version) => `${resolvedFunctionArn(site)}:${version}`,
    ref: 'arn',
    attributes: { Version: (_site, version) => version },
  },
  'AWS::Lambda::Alias': {
    name: (site) => site.property('Name') as string,
    arn: (site, name) => `${resolvedFunctionArn(site)}:${name}`,
    ref: 'arn',
    attributes: { AliasArn: (site, name) => `${resolvedFunctionArn(site)}:${name}` },
  },
  'AWS::Lambda::LayerVersion': {
    name: named('LayerName', 64),
    arn: regional('lambda', (name) => `layer:${name}:1`),
    ref: 'arn',
  },
  'AWS::SageMaker::Endpoint': {
    name: named('EndpointName', 63),
    arn: regional('sagemaker', (name) => `endpoint/${name.toLowerCase()}`),
    ref: 'arn',
    attributes: { EndpointName: (_site, name) => name },
  },
  'AWS::SageMaker::EndpointConfig': {
    name: named('EndpointConfigName', 63),
    arn: regional('sagemaker', (name) => `endpoint-config/${name.toLowerCase()}`),
    ref: 'arn',
    attributes: { EndpointConfigName: (_site, name) => name },
  },
  'AWS::SageMaker::Model': {
    name: named('ModelName', 63),
    arn: regional('sagemaker', (name) => `model/${name.toLowerCase()}`),
    ref: 'arn',
    attributes: { ModelName: (_site, name) => name },
  },
  'AWS::CloudWatch::Alarm': {
    name: named('AlarmName', 255),
    arn: regional('cloudwatch', (name) => `alarm:${name}`),
    ref: 'name',
  },
  'AWS::CloudWatch::CompositeAlarm': {
    name: named('AlarmName', 255),
    arn: regional('cloudwatch', (name) => `alarm:${name}`),
    ref: 'name',
  },
  'AWS::Logs::LogGroup': {
    name: named('LogGroupName', 512),
    arn: regional('logs', (name) => `log-group:${name}:*`),
    ref: 'name',
  },
  // "Controlling access with Amazon Data Firehose": arn:aws:firehose:<region>:<account>:deliverystream/<name>,
  // https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html
  'AWS::KinesisFirehose::DeliveryStream': {
    name: named('DeliveryStreamName', 64),
    arn: regional('firehose', (name) => `deliverystream/${name}`),
    ref: 'name',
  },
  'AWS::CodeDeploy::Application': { name: named('ApplicationName', 100), ref: 'name' },
  'AWS::CodeDeploy::DeploymentGroup': { name: named('DeploymentGroupName', 100), ref: 'name' },
  'AWS::CodeDeploy::DeploymentConfig': { name: named('DeploymentConfigName', 100), ref: 'name' },
  'AWS::CodeBuild::Project': {
    name: named('Name', 150),
    arn: regional('codebuild', (name) => `project/${name}`),
    ref: 'name',
  },
  'AWS::CodePipeline::Pipeline': {
    name: named('Name', 100),
    arn: regional('codepipeline', (name) => name),
    ref: 'name',
  },
};

function resolvedFunctionArn(site: ResourceSite): string {
  const fn = site.property('FunctionName') as string;
  return fn.startsWith('arn:') ? fn : functionArn(site, fn);
}

function ruleOf(site: ResourceSite): TypeRule {
  const rule = RULES[site.type];
  if (!rule) {
    throw new Error(
      `${site.stackName}/${site.logicalId}: no physical-name rule for ${site.type}; add one to test/access/physical-names.ts`,
    );
  }
  return rule;
}

/** What `Ref` to the resource evaluates to once deployed. */
export function refValue(site: ResourceSite): string {
  const rule = ruleOf(site);
  const name = rule.name(site);
  return rule.ref === 'name' ? name : rule.arn!(site, name);
}

/** What `Fn::GetAtt` of the resource evaluates to once deployed. */
export function attributeValue(site: ResourceSite, attribute: string): string {
  const rule = ruleOf(site);
  const name = rule.name(site);
  const custom = rule.attributes?.[attribute];
  if (custom) return custom(site, name);
  if (attribute === 'Arn' && rule.arn) return rule.arn(site, name);
  throw new Error(
    `${site.stackName}/${site.logicalId}: no rule for Fn::GetAtt ${attribute} of ${site.type}; add one to test/access/physical-names.ts`,
  );
}
