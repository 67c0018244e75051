import { CfnOutput, Duration, Size, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ResolvedModel } from '../config';
import { provisionedConcurrencyOf, rollbackAlarmsOf } from '../config/lambda-props';
import { LambdaInference } from '../constructs/lambda-inference';
import { ModelArtifact } from '../constructs/model-artifact';

/** Characters of the artifact's SHA-256 that name the model version served (`model_version`). */
const VERSION_DIGITS = 12;

/**
 * Serves a resolved `target: lambda` model from Lambda: maps the config's `lambda` and `rollout` sections onto
 * a LambdaInference and outputs what callers need. The model version is the artifact's short digest, so every
 * answer says which artifact produced it and the pre-traffic hook can check that the new version serves the
 * new artifact.
 */
export interface LambdaHostingDeps {
  readonly artifact: ModelArtifact;
  /** Role the function runs as. @default a new role */
  readonly role?: iam.IRole;
  /** Prefix of the deterministic alarm names, `<project>-<model>-<env>`. @default generated names */
  readonly alarmNamePrefix?: string;
}

export function addLambdaHosting(
  scope: Construct,
  model: ResolvedModel,
  deps: LambdaHostingDeps,
): LambdaInference {
  const { artifact, role } = deps;
  const { lambda: settings, rollout } = model;
  const where = `Model ${model.name} (${model.environment})`;
  if (rollout.strategy === 'rolling') {
    throw new Error(
      `${where}: rollout.strategy "rolling" is for SageMaker instance variants; use canary or linear`,
    );
  }
  const inference = new LambdaInference(scope, 'Inference', {
    model: artifact,
    alarmNamePrefix: deps.alarmNamePrefix,
    modelName: model.name,
    modelVersion: artifact.sha256?.slice(0, VERSION_DIGITS),
    architecture:
      settings.architecture === 'x86_64' ? lambda.Architecture.X86_64 : lambda.Architecture.ARM_64,
    memorySize: Size.mebibytes(settings.memoryMb),
    timeout: Duration.seconds(settings.timeoutSeconds),
    ephemeralStorageSize:
      settings.ephemeralStorageMb === undefined ? undefined : Size.mebibytes(settings.ephemeralStorageMb),
    reservedConcurrentExecutions: settings.reservedConcurrency,
    maxBatchSize: settings.maxBatchSize,
    role,
    logRetention: settings.logRetentionDays,
    // Environments that share an account and region must not trip each other's InternalErrors alarm.
    metricsNamespace: `MlDeploy/Inference/${model.environment}`,
    rollout: {
      strategy: rollout.strategy,
      canaryPercent: rollout.canaryPercent,
      linearStepPercent: rollout.linearStepPercent,
      bake: Duration.minutes(rollout.bakeMinutes),
      autoRollback: rollout.autoRollback,
    },
    rollbackAlarms: rollbackAlarmsOf(settings),
    sampleRequestFile: settings.sampleRequest,
    provisionedConcurrency: provisionedConcurrencyOf(settings.provisionedConcurrency),
    functionUrl: settings.functionUrl.enabled
      ? {
          authType:
            settings.functionUrl.authType === 'NONE'
              ? lambda.FunctionUrlAuthType.NONE
              : lambda.FunctionUrlAuthType.AWS_IAM,
          allowPublic: settings.functionUrl.allowPublic,
        }
      : undefined,
  });

  const stack = Stack.of(scope);
  new CfnOutput(stack, 'FunctionName', { value: inference.function.functionName });
  new CfnOutput(stack, 'LiveAliasArn', { value: inference.alias.functionArn });
  new CfnOutput(stack, 'LiveVersion', {
    value: inference.version.version,
    description:
      'The version this deploy puts behind the live alias; a different live version means CodeDeploy rolled back.',
  });
  if (inference.functionUrl) new CfnOutput(stack, 'FunctionUrl', { value: inference.functionUrl.url });
  return inference;
}
