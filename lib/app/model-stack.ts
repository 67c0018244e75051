import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ResolvedModel } from '../config';
import { ModelArtifact } from '../constructs/model-artifact';
import { ModelBucket } from '../constructs/model-bucket';
import { acknowledgeWildcardFindings } from '../constructs/nag';

export interface ModelStackProps extends StackProps {
  readonly model: ResolvedModel;
  /** The environment's model bucket, from its platform stack. */
  readonly modelBucket: ModelBucket;
}

const SERVICE_PRINCIPALS = {
  sagemaker: 'sagemaker.amazonaws.com',
  lambda: 'lambda.amazonaws.com',
} as const;

/** Everything one model needs in one environment: its published artifact and the role that serves it. */
export class ModelStack extends Stack {
  readonly artifact: ModelArtifact;
  /** The role the model's host (SageMaker or Lambda) runs as. */
  readonly executionRole: iam.Role;

  constructor(scope: Construct, id: string, props: ModelStackProps) {
    super(scope, id, props);
    const { model, modelBucket } = props;

    this.artifact = new ModelArtifact(this, 'Artifact', {
      modelName: model.name,
      modelBucket,
      ...(model.artifact.kind === 'local'
        ? { localPath: model.artifact.path }
        : { s3Uri: model.artifact.uri, sha256: model.artifact.sha256 }),
    });

    this.executionRole = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal(SERVICE_PRINCIPALS[model.target]),
      description: `Runs model ${model.name} (${model.environment}) on ${model.target}`,
    });
    this.artifact.grantRead(this.executionRole);
    acknowledgeWildcardFindings(
      this.executionRole,
      "Object wildcards cover only this model's own immutable artifact prefix (<model>/<sha256>/*).",
    );

    new CfnOutput(this, 'ArtifactUri', { value: this.artifact.s3Uri });
    if (this.artifact.sha256) new CfnOutput(this, 'ArtifactSha256', { value: this.artifact.sha256 });
  }
}
