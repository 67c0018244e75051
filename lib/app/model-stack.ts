import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ResolvedModel } from '../config';
import { ModelArtifact } from '../constructs/model-artifact';
import { ModelBucket } from '../constructs/model-bucket';
import { addLambdaHosting } from './lambda-model';
import { addSageMakerHosting } from './sagemaker-model';

export interface ModelStackProps extends StackProps {
  readonly model: ResolvedModel;
  /** The environment's model bucket, from its platform stack. */
  readonly modelBucket: ModelBucket;
  /** Prefix of physical names such as the endpoint name. */
  readonly project: string;
  /** The environment's alarm topic, notified when a deployment's rollback alarm fires. */
  readonly alarmTopic: sns.ITopic;
}

const SERVICE_PRINCIPALS = {
  sagemaker: 'sagemaker.amazonaws.com',
  lambda: 'lambda.amazonaws.com',
} as const;

/** Everything one model needs in one environment: its published artifact, the role that serves it and its hosting. */
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
    // The hosting constructs grant the role what it needs, starting with reading this artifact.
    const alarmActions = [new cloudwatchActions.SnsAction(props.alarmTopic)];
    if (model.target === 'sagemaker') {
      addSageMakerHosting(this, model, {
        project: props.project,
        artifact: this.artifact,
        role: this.executionRole,
        volumeEncryptionKey: modelBucket.encryptionKey,
        alarmActions,
      });
    } else {
      addLambdaHosting(this, model, { artifact: this.artifact, role: this.executionRole, alarmActions });
    }

    new CfnOutput(this, 'ArtifactUri', { value: this.artifact.s3Uri });
    if (this.artifact.sha256) new CfnOutput(this, 'ArtifactSha256', { value: this.artifact.sha256 });
  }
}
