import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CodePipeline } from 'aws-cdk-lib/pipelines';
import { IConstruct } from 'constructs';
import { acknowledgeWildcardFindings } from '../constructs/private/nag';

/**
 * What the AwsSolutions checks ask of the resources CDK Pipelines generates. Fixed where the CDK
 * allows (the artifact bucket's server access logs); acknowledged, with the reason, where CDK
 * Pipelines decides (its roles' grants, its CodeBuild projects). Call after `buildPipeline()`.
 */
export function hardenPipeline(pipeline: CodePipeline): void {
  logArtifactBucketAccess(pipeline);
  acknowledgePipelineFindings(pipeline);
}

/**
 * Gives the pipeline's artifact buckets (sources, cloud assemblies, model files on their way to the
 * environments) server access logs: the main bucket, and the replication bucket CodePipeline creates
 * in a support stack for each other region it deploys to. CodePipeline creates them without a logging
 * option, so the configuration is set on their CloudFormation resources, next to a log bucket in the
 * same stack with the bucket policy S3 log delivery needs.
 */
function logArtifactBucketAccess(pipeline: CodePipeline): void {
  const codePipeline = pipeline.pipeline;
  logBucketAccess(codePipeline.artifactBucket);
  for (const support of Object.values(codePipeline.crossRegionSupport)) {
    logBucketAccess(support.replicationBucket);
  }
}

function logBucketAccess(bucket: s3.IBucket): void {
  const prefix = 'artifacts-bucket/';
  // S3 server access logs cannot be delivered to a KMS-encrypted bucket, hence S3-managed keys here ("Enabling
  // Amazon S3 server access logging", https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
  const logs = new s3.Bucket(bucket.node.scope!, 'ArtifactsAccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: Duration.days(365) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  logs.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'S3ServerAccessLogsPolicy',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [logs.arnForObjects(`${prefix}*`)],
      conditions: {
        ArnLike: { 'aws:SourceArn': bucket.bucketArn },
        StringEquals: { 'aws:SourceAccount': Stack.of(logs).account },
      },
    }),
  );
  // The log policy names the artifact bucket, so it is created after it: S3 checks no permission
  // when logging is configured and delivers the logs once the policy exists.
  const cfnBucket = bucket.node.defaultChild as s3.CfnBucket;
  cfnBucket.loggingConfiguration = { destinationBucketName: logs.bucketName, logFilePrefix: prefix };
}

const ARTIFACT_GRANT =
  'CDK’s standard read/write grant (s3:GetObject*, s3:List*, s3:Abort*, …) on the pipeline’s own artifact ' +
  'bucket and its objects, whose keys CodePipeline generates per execution';
const CODEBUILD_LOGS =
  'the log group /aws/codebuild/<project>:* and report groups <project>-* that CodeBuild creates per build';

function acknowledgePipelineFindings(pipeline: CodePipeline): void {
  const codePipeline = pipeline.pipeline;
  acknowledgeWildcardFindings(codePipeline.role, `CodePipeline service role: ${ARTIFACT_GRANT}.`);
  acknowledgeWildcardFindings(
    stageOf(pipeline, 'Source'),
    `Source action role: ${ARTIFACT_GRANT}; the connection or repository itself is named exactly.`,
  );
  acknowledgeWildcardFindings(
    pipeline.synthProject,
    `Synth project (npm ci, npm test, cdk synth): ${ARTIFACT_GRANT}, and ${CODEBUILD_LOGS}.`,
  );
  acknowledgeWildcardFindings(
    pipeline.selfMutationProject,
    'Self-mutation project (cdk deploy of the pipeline stack), as CDK Pipelines defines it: ' +
      `${ARTIFACT_GRANT}, ${CODEBUILD_LOGS}; sts:AssumeRole only on roles of the pipeline account tagged ` +
      'as CDK bootstrap roles (aws-cdk:bootstrap-role condition); cloudformation:DescribeStacks and ' +
      's3:ListBucket on *, which cdk deploy needs to find the stack and the bootstrap bucket.',
  );
  acknowledgeWildcardFindings(
    pipeline.node.findChild('Assets'),
    'Asset publishing role that CDK Pipelines shares between its generated asset projects (one per ' +
      `asset): ${ARTIFACT_GRANT}; to keep the shared policy within IAM's size limit, CDK Pipelines grants ` +
      'CodeBuild logs and report groups of any project and StartBuild/BatchGetBuilds/StopBuild on * ' +
      'once instead of per project; its only other power is assuming the bootstrap file-publishing ' +
      'role, which does the upload.',
  );
  Validations.of(pipeline).acknowledge({
    id: 'AwsSolutions-CB4',
    reason:
      'The CodeBuild projects run as CodePipeline actions: they read their inputs from and write their ' +
      'outputs to the pipeline’s artifact bucket, encrypted with its KMS key; a project-level key would only ' +
      'apply to artifacts a project stores itself, which these do not, and CDK Pipelines exposes none.',
  });
}

/** The CodePipeline stage construct of a stage, holding its actions' roles and projects. */
function stageOf(pipeline: CodePipeline, stageName: string): IConstruct {
  return pipeline.pipeline.node.findChild(stageName);
}
