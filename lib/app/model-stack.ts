import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { endpointName, ResolvedModel } from '../config';
import { LambdaInference } from '../constructs/lambda/inference';
import { ModelArtifact } from '../constructs/storage/model-artifact';
import { CaptureBucket } from '../constructs/storage/capture-bucket';
import { ModelBucket } from '../constructs/storage/model-bucket';
import { ModelHealthAlarm } from '../constructs/alarms/model-health-alarm';
import { SageMakerEndpoint } from '../constructs/sagemaker';
import { AlarmPack } from '../constructs/alarms';
import { addLambdaHosting } from './lambda-model';
import { addModelAlarms } from './model-alarms';
import { addDriftMonitoring } from './model-monitoring';
import { addVariantAlarms } from './variant-alarms';
import { addSageMakerHosting } from './sagemaker-model';
import { addChat, ChatHosting } from './chat-model';

export interface ModelStackProps extends StackProps {
  readonly model: ResolvedModel;
  /** The environment's model bucket, from its platform stack. */
  readonly modelBucket: ModelBucket;
  /** The environment's capture bucket, from its platform stack. */
  readonly captureBucket: CaptureBucket;
  /** Prefix of physical names such as the endpoint name. */
  readonly project: string;
  /** The environment's critical alarm topic, paged when the model becomes unhealthy. */
  readonly alarmTopic: sns.ITopic;
  /** The environment's warning topic, told about drift and other trends. */
  readonly warningTopic: sns.ITopic;
  /**
   * ARN of a role of the model's account that `mldeploy verify` runs as (the pipeline's verify role);
   * a Lambda model's live alias lets it invoke through the function's resource policy. The role must
   * exist before this stack deploys.
   * @default no role is named in the function's resource policy
   */
  readonly verifyRoleArn?: string;
}

const SERVICE_PRINCIPALS = {
  sagemaker: 'sagemaker.amazonaws.com',
  lambda: 'lambda.amazonaws.com',
} as const;

/** Everything one model needs in one environment: its published artifact, the role that serves it and its hosting. */
export class ModelStack extends Stack {
  /** The published or referenced artifact; undefined for a Model Registry package. */
  readonly artifact?: ModelArtifact;
  /** The role the model's host (SageMaker or Lambda) runs as. */
  readonly executionRole: iam.Role;
  /** Every alarm of the model with its severity. */
  readonly alarmPack: AlarmPack;
  /** In ALARM while any of the model's critical alarms is; pages the critical topic. */
  readonly healthAlarm: ModelHealthAlarm;
  /** What serves the model: a SageMaker endpoint or a Lambda function, per the model's target. */
  readonly hosting: SageMakerEndpoint | LambdaInference;
  /** The chat proxy and guardrail of a SageMaker LLM with `chat.enabled`. */
  readonly chat?: ChatHosting;

  constructor(scope: Construct, id: string, props: ModelStackProps) {
    super(scope, id, props);
    const { model, modelBucket } = props;

    const source = model.artifact;
    // A Model Registry package brings its own data; every other source is published or referenced as an artifact.
    this.artifact =
      source.kind === 'modelPackage'
        ? undefined
        : new ModelArtifact(this, 'Artifact', {
            modelName: model.name,
            modelBucket,
            ...(source.kind === 'local'
              ? { localPath: source.path }
              : { s3Uri: source.uri, sha256: source.sha256 }),
          });

    this.executionRole = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal(SERVICE_PRINCIPALS[model.target]),
      description: `Runs model ${model.name} (${model.environment}) on ${model.target}`,
    });
    // Physical names that people and other resources refer to: the endpoint, the alarms.
    const namePrefix = endpointName(props.project, model.name, model.environment);
    // The hosting constructs grant the role what it needs, starting with reading this artifact.
    const warningActions = [new cloudwatchActions.SnsAction(props.warningTopic)];
    const lambdaHosting =
      model.target === 'lambda'
        ? addLambdaHosting(this, model, {
            artifact: this.artifact!,
            role: this.executionRole,
            alarmNamePrefix: namePrefix,
            captureBucket: props.captureBucket,
          })
        : undefined;
    this.hosting =
      lambdaHosting?.inference ??
      addSageMakerHosting(this, model, {
        project: props.project,
        artifact: this.artifact,
        role: this.executionRole,
        volumeEncryptionKey: modelBucket.encryptionKey,
        modelBucket,
        captureBucket: props.captureBucket,
        driftAlarmActions: warningActions,
      });

    // The verify role may invoke this environment's aliases only: its own policy cannot name the
    // functions, whose names CloudFormation generates, so each alias names the role instead.
    if (props.verifyRoleArn && this.hosting instanceof LambdaInference) {
      this.hosting.allowInvokeByArn('VerifyInvoke', props.verifyRoleArn);
    }

    if (model.monitoring.enabled) {
      addDriftMonitoring(this, model, this.hosting, {
        modelBucket,
        captureBucket: props.captureBucket,
        namePrefix,
        warningActions,
      });
    }

    this.alarmPack = addModelAlarms(this, model, this.hosting, {
      alarmNamePrefix: namePrefix,
      warningActions,
      capture: lambdaHosting?.capture?.delivery,
    });
    const variantPacks =
      this.hosting instanceof SageMakerEndpoint
        ? addVariantAlarms(this, model, this.hosting, { alarmNamePrefix: namePrefix, warningActions })
        : [];
    // A SageMaker LLM with chat.enabled gets the chat proxy (and its guardrail) in front of its endpoint.
    this.chat =
      this.hosting instanceof SageMakerEndpoint
        ? addChat(this, model, this.hosting, {
            project: props.project,
            alarmNamePrefix: namePrefix,
            warningActions,
          })
        : undefined;
    // The critical symptoms roll up into one page per model; rollback alarms still drive rollbacks on their own.
    this.healthAlarm = new ModelHealthAlarm(this, 'Health', {
      alarmName: `${namePrefix}-health`,
      modelName: model.name,
      criticalAlarms: [
        ...this.alarmPack.criticalAlarms,
        ...variantPacks.flatMap((pack) => pack.criticalAlarms),
        ...(this.chat?.alarms.criticalAlarms ?? []),
      ],
      actions: [new cloudwatchActions.SnsAction(props.alarmTopic)],
    });

    if (this.artifact) {
      new CfnOutput(this, 'ArtifactUri', { value: this.artifact.s3Uri });
      if (this.artifact.sha256) new CfnOutput(this, 'ArtifactSha256', { value: this.artifact.sha256 });
    }
    if (source.kind === 'modelPackage') new CfnOutput(this, 'ModelPackageArn', { value: source.arn });
  }
}
