import { Annotations, CfnOutput, Duration, Fn, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { LambdaSettings, ResolvedModel } from '../config';
import { lambdaRolloutOf, provisionedConcurrencyOf, rollbackAlarmsOf } from '../config/lambda-props';
import { acknowledgeControl } from '../constructs/private/guard';
import { LambdaInference, LambdaInferenceProps } from '../constructs/lambda/inference';
import { ModelArtifact } from '../constructs/storage/model-artifact';
import { CaptureBucket } from '../constructs/storage/capture-bucket';
import { LambdaCapture } from '../constructs/monitoring/lambda-capture';
import { ConstructValidationError } from '../constructs/errors/validation';
import { DEFAULT_METRICS_NAMESPACE } from '../../contract/metrics';
import { modelVersionOfArtifact } from '../../contract/names';

/**
 * Serves a resolved `target: lambda` model from Lambda: maps the config's `lambda` and `rollout` sections onto
 * a LambdaInference and outputs what callers need. The model version is the artifact's short digest, so every
 * answer says which artifact produced it and the pre-traffic hook can check that the new version serves the
 * new artifact.
 */
interface LambdaHostingDeps {
  readonly artifact: ModelArtifact;
  /** Role the function runs as. @default a new role */
  readonly role?: iam.IRole;
  /** Prefix of the deterministic alarm names, `<project>-<model>-<env>`. @default generated names */
  readonly alarmNamePrefix?: string;
  /** The environment's capture bucket, where `lambda.dataCapture` ships sampled answers. @default no capture */
  readonly captureBucket?: CaptureBucket;
}

/** The model's function, and the shipping of its capture records when capture is on. */
export interface LambdaHosting {
  readonly inference: LambdaInference;
  readonly capture?: LambdaCapture;
}

export function addLambdaHosting(
  scope: Construct,
  model: ResolvedModel,
  deps: LambdaHostingDeps,
): LambdaHosting {
  const { artifact, role } = deps;
  const { lambda: settings, rollout } = model;
  const where = `Model ${model.name} (${model.environment})`;
  if (rollout.strategy === 'rolling') {
    throw new ConstructValidationError(
      `${where}: rollout.strategy "rolling" is for SageMaker instance variants; use canary or linear`,
    );
  }
  const quota = accountConcurrencyNeeded(settings);
  if (quota) Annotations.of(scope).addWarningV2('@mldeploy/lambda:accountConcurrency', quota.warning);
  const inference = new LambdaInference(scope, 'Inference', {
    model: artifact,
    alarmNamePrefix: deps.alarmNamePrefix,
    modelName: model.name,
    modelVersion: artifact.sha256 && modelVersionOfArtifact(artifact.sha256),
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
    metricsNamespace: `${DEFAULT_METRICS_NAMESPACE}/${model.environment}`,
    rollout: lambdaRolloutOf(rollout),
    rollbackAlarms: rollbackAlarmsOf(settings),
    sampleRequestFile: settings.sampleRequest,
    captureSamplingPercent: settings.dataCapture.enabled ? settings.dataCapture.samplingPercent : undefined,
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
    ...networkOf(scope, settings.vpc),
  });
  acknowledgeLambdaControls(inference, model);
  const capture =
    settings.dataCapture.enabled && deps.captureBucket
      ? new LambdaCapture(scope, 'Capture', {
          logGroup: inference.logGroup,
          captureBucket: deps.captureBucket,
          modelName: model.name,
        })
      : undefined;

  const stack = Stack.of(scope);
  new CfnOutput(stack, 'FunctionName', { value: inference.function.functionName });
  new CfnOutput(stack, 'LiveAliasArn', { value: inference.alias.functionArn });
  new CfnOutput(stack, 'LiveVersion', {
    value: inference.version.version,
    description:
      'The version this deploy puts behind the live alias; a different live version means CodeDeploy rolled back.',
  });
  if (inference.functionUrl) new CfnOutput(stack, 'FunctionUrl', { value: inference.functionUrl.url });
  return { inference, capture };
}

/** Executions of the account's concurrency that Lambda keeps for functions without reserved concurrency. */
const UNRESERVED_MINIMUM = 100;

/**
 * The Lambda concurrency quota the account needs for this model's reserved and provisioned concurrency, and
 * the synth warning saying so; undefined when the model needs none of the account's concurrency for itself.
 * Lambda refuses a reservation that leaves fewer than 100 executions unreserved (AWS "Configuring reserved
 * concurrency", https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html); provisioned
 * concurrency is taken from the reserved concurrency when there is one, and from the unreserved pool
 * otherwise (AWS "Configuring provisioned concurrency"); new accounts get reduced concurrency quotas (AWS
 * "Lambda quotas", https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 */
function accountConcurrencyNeeded(
  settings: Pick<LambdaSettings, 'reservedConcurrency' | 'provisionedConcurrency'>,
): { readonly executions: number; readonly warning: string } | undefined {
  const pc = settings.provisionedConcurrency;
  const provisionedPeak = Math.max(pc.min, pc.max ?? 0, ...pc.schedules.map((s) => Math.max(s.min, s.max)));
  const reserved = settings.reservedConcurrency;
  if (!reserved && provisionedPeak === 0) return undefined;
  // Reserving 0 stops the function and takes nothing from the account.
  const executions = (reserved || provisionedPeak) + UNRESERVED_MINIMUM;
  const why = reserved
    ? `${reserved} reserved${provisionedPeak > 0 ? ` (holding up to ${provisionedPeak} provisioned)` : ''}`
    : `up to ${provisionedPeak} provisioned (taken from the unreserved pool)`;
  return {
    executions,
    warning:
      `this model needs a Lambda concurrency quota of at least ${executions} executions in its account and region: ` +
      `${why} + the ${UNRESERVED_MINIMUM} Lambda keeps unreserved. New accounts get reduced quotas (as low as 10); ` +
      'check "Concurrent executions" in Service Quotas and request an increase before deploying, or the function fails to create.',
  };
}

/** The config's `lambda.vpc` as the VPC, subnets and security groups of the function. */
function networkOf(
  scope: Construct,
  vpc: LambdaSettings['vpc'],
): Pick<LambdaInferenceProps, 'vpc' | 'vpcSubnets' | 'securityGroups'> {
  if (!vpc) return {};
  return {
    // The subnets are given by id, so the VPC's zones matter to nothing; the region's stand for them.
    vpc: ec2.Vpc.fromVpcAttributes(scope, 'Vpc', { vpcId: vpc.vpcId, availabilityZones: Fn.getAzs() }),
    vpcSubnets: {
      subnets: vpc.subnetIds.map((id, i) => ec2.Subnet.fromSubnetId(scope, `Subnet${i}`, id)),
    },
    securityGroups: vpc.securityGroupIds.map((id, i) =>
      ec2.SecurityGroup.fromSecurityGroupId(scope, `SecurityGroup${i}`, id, { mutable: false }),
    ),
  };
}

/** The Control Tower controls the model's functions do not meet, each with the config choice behind it. */
function acknowledgeLambdaControls(inference: LambdaInference, model: ResolvedModel): void {
  const { vpc, logRetentionDays } = model.lambda;
  if (!vpc) {
    acknowledgeControl(
      inference.function,
      'lambdaInVpc',
      `The config gives models.${model.name} no lambda.vpc in ${model.environment}: the function reads only its ` +
        'model from S3 and needs no private network, and a new account has no VPC to put it in. Set lambda.vpc to place it in one.',
    );
  }
  if (inference.preTrafficHook) {
    acknowledgeControl(
      inference.preTrafficHook,
      'lambdaInVpc',
      'The pre-traffic hook calls only the Lambda Invoke and CodeDeploy APIs during a deployment and holds no data.',
    );
  }
  if (logRetentionDays < 365) {
    acknowledgeControl(
      inference,
      'logRetentionYear',
      `lambda.logRetentionDays is ${logRetentionDays} for models.${model.name} in ${model.environment}: ` +
        'the config keeps this environment’s request logs that long on purpose (cost, data minimisation).',
    );
  }
}
