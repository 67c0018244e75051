import { CfnResolver, StackTemplate } from './cfn-resolver';

export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: readonly Record<string, unknown>[];
}

/** A resource of the app, found by its construct path. */
export interface Located {
  readonly stack: StackTemplate;
  readonly logicalId: string;
}

/** A resource policy and the settings that change how it is evaluated. */
export interface ResourcePolicy {
  readonly policy?: PolicyDocument;
  /** S3 only: the bucket's RestrictPublicBuckets setting (Block Public Access). */
  readonly s3BlockPublicAccess?: boolean;
}

/**
 * Policies that live outside the app's templates but decide some of its flows. AWS's prebuilt
 * SageMaker images (Triton, Model Monitor) sit in repositories of AWS-owned accounts whose repository
 * policies let every account pull ("Prebuilt SageMaker AI Docker images",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/pre-built-containers-frameworks-deep-learning.html);
 * they are modeled as such, so the rows test the app's side of the pull.
 */
const EXTERNAL_ECR_PULL_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    },
  ],
};

/** Every resource, role and policy of a synthesized app, with intrinsics resolved. */
export class AccessModel {
  constructor(readonly resolver: CfnResolver) {}

  private *resources(type?: string): Generator<Located & { properties: Record<string, unknown> }> {
    for (const stack of this.resolver.stacks) {
      for (const [logicalId, resource] of Object.entries(stack.template.Resources)) {
        if (!type || resource.Type === type)
          yield { stack, logicalId, properties: resource.Properties ?? {} };
      }
    }
  }

  /**
   * The resource at a construct path (`prod/platform/ModelBucket/Bucket`); `*` matches any characters
   * within a path segment. An L2 construct's path names its `Resource` child.
   */
  locate(path: string): Located {
    const pattern = new RegExp(`^${path.split('*').map(escapeRegExp).join('[^/]*')}(/Resource)?$`);
    const found = [...this.resources()].filter(({ stack, logicalId }) => {
      const cdkPath = stack.template.Resources[logicalId].Metadata?.['aws:cdk:path'];
      return typeof cdkPath === 'string' && pattern.test(cdkPath);
    });
    if (found.length !== 1) {
      throw new Error(`${found.length} resources at construct path ${path} (expected exactly one)`);
    }
    return found[0];
  }

  arnOf({ stack, logicalId }: Located): string {
    return this.resolver.resolveString(stack, { 'Fn::GetAtt': [logicalId, 'Arn'] });
  }

  refOf({ stack, logicalId }: Located): string {
    return this.resolver.resolveString(stack, { Ref: logicalId });
  }

  /** The account a resource is deployed to. */
  accountOf({ stack }: Located): string {
    return this.resolver.envOf(stack).account;
  }

  /** The inline policies of a role and the `AWS::IAM::Policy`/`ManagedPolicy` resources attached to it. */
  identityPolicies(role: Located): { name: string; policy: PolicyDocument }[] {
    const roleName = this.refOf(role);
    const properties = role.stack.template.Resources[role.logicalId].Properties ?? {};
    const inline = (
      (this.resolver.resolve(role.stack, properties.Policies) ?? []) as {
        PolicyName: string;
        PolicyDocument: PolicyDocument;
      }[]
    ).map((p) => ({ name: p.PolicyName, policy: p.PolicyDocument }));
    const attached = [...this.resources('AWS::IAM::Policy'), ...this.resources('AWS::IAM::ManagedPolicy')]
      .filter(({ stack, properties: p }) =>
        ((this.resolver.resolve(stack, p.Roles) ?? []) as string[]).includes(roleName),
      )
      .map(({ stack, logicalId, properties: p }) => ({
        name: logicalId,
        policy: this.resolver.resolve(stack, p.PolicyDocument) as PolicyDocument,
      }));
    return [...inline, ...attached];
  }

  /** The resource policy AWS evaluates for a request on this ARN, if the resource has one. */
  resourcePolicy(arn: string): ResourcePolicy {
    const [, , service, , account] = arn.split(':');
    if (service === 's3') return this.bucketPolicy(arn.split(':::')[1].split('/')[0]);
    if (service === 'sns') return { policy: this.topicPolicy(arn) };
    if (service === 'kms') return { policy: this.keyPolicy(arn) };
    if (service === 'lambda') return { policy: this.functionPolicy(arn) };
    if (service === 'iam' && arn.split(':')[5].startsWith('role/')) return { policy: this.trustPolicy(arn) };
    if (service === 'ecr' && account !== this.resolver.env.account)
      return { policy: EXTERNAL_ECR_PULL_POLICY };
    return {};
  }

  private bucketPolicy(bucketName: string): ResourcePolicy {
    const bucket = [...this.resources('AWS::S3::Bucket')].find(
      (located) => this.refOf(located) === bucketName,
    );
    const policy = [...this.resources('AWS::S3::BucketPolicy')].find(
      ({ stack, properties }) => this.resolver.resolve(stack, properties.Bucket) === bucketName,
    );
    const blockPublicAccess = bucket?.properties.PublicAccessBlockConfiguration as
      { RestrictPublicBuckets?: boolean } | undefined;
    return {
      policy:
        policy && (this.resolver.resolve(policy.stack, policy.properties.PolicyDocument) as PolicyDocument),
      s3BlockPublicAccess: blockPublicAccess?.RestrictPublicBuckets === true,
    };
  }

  /**
   * A role's trust policy, which STS evaluates as the role's resource policy: `sts:AssumeRole` needs
   * it to allow the caller, in the role's account or another ("How IAM roles differ from
   * resource-based policies",
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_compare-resource-policies.html).
   */
  private trustPolicy(roleArn: string): PolicyDocument | undefined {
    const found = [...this.resources('AWS::IAM::Role')].find((located) => this.arnOf(located) === roleArn);
    return (
      found &&
      (this.resolver.resolve(found.stack, found.properties.AssumeRolePolicyDocument) as PolicyDocument)
    );
  }

  private topicPolicy(topicArn: string): PolicyDocument | undefined {
    const found = [...this.resources('AWS::SNS::TopicPolicy')].find(({ stack, properties }) =>
      (this.resolver.resolve(stack, properties.Topics) as string[]).includes(topicArn),
    );
    return found && (this.resolver.resolve(found.stack, found.properties.PolicyDocument) as PolicyDocument);
  }

  private keyPolicy(keyArn: string): PolicyDocument | undefined {
    const found = [...this.resources('AWS::KMS::Key')].find((located) => this.arnOf(located) === keyArn);
    return found && (this.resolver.resolve(found.stack, found.properties.KeyPolicy) as PolicyDocument);
  }

  /**
   * A function's resource policy, assembled from its `AWS::Lambda::Permission` resources. Each
   * permission applies to the function ARN it names, qualified or not ("Working with resource-based
   * IAM policies in Lambda", https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html).
   */
  private functionPolicy(arn: string): PolicyDocument {
    const unqualified = arn.split(':').slice(0, 7).join(':');
    const statements = [...this.resources('AWS::Lambda::Permission')].flatMap(({ stack, properties }) => {
      const env = this.resolver.envOf(stack);
      const p = this.resolver.resolve(stack, properties) as Record<string, string>;
      const target = p.FunctionName.startsWith('arn:')
        ? p.FunctionName
        : `arn:${env.partition}:lambda:${env.region}:${env.account}:function:${p.FunctionName}`;
      if (target.split(':').slice(0, 7).join(':') !== unqualified) return [];
      const condition: Record<string, Record<string, string>> = {};
      if (p.SourceArn) condition.ArnLike = { 'aws:SourceArn': p.SourceArn };
      if (p.SourceAccount) condition.StringEquals = { 'aws:SourceAccount': p.SourceAccount };
      if (p.FunctionUrlAuthType) {
        condition.StringEquals = {
          ...condition.StringEquals,
          'lambda:FunctionUrlAuthType': p.FunctionUrlAuthType,
        };
      }
      const principal =
        p.Principal === '*'
          ? '*'
          : p.Principal.includes('.amazonaws.com')
            ? { Service: p.Principal }
            : { AWS: p.Principal };
      return [
        { Effect: 'Allow', Principal: principal, Action: p.Action, Resource: target, Condition: condition },
      ];
    });
    return { Version: '2012-10-17', Statement: statements };
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
