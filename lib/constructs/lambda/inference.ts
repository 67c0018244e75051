import { Annotations, Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEFAULT_METRICS_NAMESPACE, HANDLER_METRICS, LAMBDA_METRICS } from '../../../contract/metrics';
import { handlerMetric } from './handler-metrics';
import { inferenceCode } from '../private/lambda-bundles';
import {
  ALARM_PERIOD,
  internalErrorsMetric,
  LambdaRollbackAlarms,
  LambdaRollbackThresholds,
  resolveRollbackThresholds,
  rollbackAlarmProblems,
} from './rollback-alarms';
import {
  lambdaDeploymentConfig,
  LambdaRolloutOptions,
  lambdaRolloutProblems,
  resolveRollout,
} from './rollout';
import { acknowledgeManagedPolicy, acknowledgeWildcardFindings } from '../private/nag';
import { PreTrafficHook, readSampleRequest } from './pre-traffic-hook';
import {
  architectureProblems,
  checkFunctionSettings,
  defaultIntraOpThreads,
  ephemeralStorageFor,
  FunctionSettings,
  functionEnvironment,
  FunctionUrlOptions,
  functionUrlProblems,
  inferenceModelProblems,
} from './inference-props';
import { ConstructValidationError, throwOnProblems } from '../errors/validation';
import { requireRoleGrants } from '../private/role-policies';
import { IModelArtifact } from '../storage/artifact-ref';
import {
  autoscaleProvisionedConcurrency,
  provisionedConcurrencyProblems,
  ProvisionedConcurrencyOptions,
  resolveProvisionedConcurrency,
} from './provisioned-concurrency';

export interface LambdaInferenceProps {
  /** The ONNX model to serve: a single file in S3 with its SHA-256 (a ModelArtifact fits). */
  readonly model: IModelArtifact;
  /** Name the model is served under (`/v2/models/{name}`) and the `service` dimension of its metrics. */
  readonly modelName: string;
  /** Version the model reports and accepts in `/versions/{version}` paths. @default '1' */
  readonly modelVersion?: string;
  /** Instruction set of the function, ARM_64 or X86_64; the bundle ships only its ONNX Runtime. @default Architecture.ARM_64 */
  readonly architecture?: lambda.Architecture;
  /** Memory of the function (128 MiB to 10,240 MiB, "Configure Lambda function memory"); CPU grows with it. @default Size.mebibytes(1024) */
  readonly memorySize?: Size;
  /** Longest an invocation may run. @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** Space in `/tmp`, where the model is downloaded. @default 512 MiB, or the model size plus 20 % and 256 MiB when that is more */
  readonly ephemeralStorageSize?: Size;
  /** Concurrency reserved for this function (and the most it may use). @default the account's unreserved pool */
  readonly reservedConcurrentExecutions?: number;
  /** Largest batch (first dimension) a request may carry. @default 64 */
  readonly maxBatchSize?: number;
  /**
   * ONNX Runtime intra-op threads. Lambda gives a function CPU time in proportion to its memory (one vCPU at
   * 1,769 MB) but shows it more cores, so ONNX Runtime's own default would spin threads the function cannot run.
   * @default one per whole vCPU of CPU time at this memory size, at least 1
   */
  readonly intraOpThreads?: number;
  /**
   * Percentage (0–100) of answers the handler writes to its log group as capture records (one JSON line per row,
   * contract/capture.ts); a LambdaCapture ships them to the capture bucket.
   * @default 0, no capture
   */
  readonly captureSamplingPercent?: number;
  /** Extra environment variables of the function; they may not replace the ones this construct sets. @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Role the function runs as. A given role receives read on the model and write on the log group, an imported
   * one in a policy of its own; one imported with `mutable: false` must already allow them. @default a new role
   */
  readonly role?: iam.IRole;
  /** How long the function's logs are kept. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** What happens to the log groups when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** CloudWatch namespace of the handler's own metrics (InferenceLatency, InternalErrors, …). @default 'MlDeploy/Inference' */
  readonly metricsNamespace?: string;
  /** Node.js runtime of the function. @default Runtime.NODEJS_24_X */
  readonly runtime?: lambda.Runtime;
  /** How CodeDeploy moves the live alias to each new version. @default all at once, rolled back on alarm */
  readonly rollout?: LambdaRolloutOptions;
  /** Thresholds of the alarms that stop a rollout and roll it back. @default see LambdaRollbackThresholds */
  readonly rollbackAlarms?: LambdaRollbackThresholds;
  /** Prefix of deterministic alarm names, e.g. `<project>-<model>-<env>`. @default generated names */
  readonly alarmNamePrefix?: string;
  /** Actions of the rollback alarms, e.g. notifying an SNS topic. @default none */
  readonly alarmActions?: readonly cloudwatch.IAlarmAction[];
  /**
   * A v2 infer request file (like models/iris/sample-request.json) that a pre-traffic hook sends to every new
   * version before it takes traffic.
   * @default no pre-traffic hook
   */
  readonly sampleRequestFile?: string;
  /** Provisioned concurrency on the live alias, fixed or autoscaled. @default none */
  readonly provisionedConcurrency?: ProvisionedConcurrencyOptions;
  /** A Function URL on the live alias. @default no URL */
  readonly functionUrl?: FunctionUrlOptions;
  /**
   * VPC to run the function in. The handler calls one AWS API, S3 GetObject for the model on a cold start
   * (S3 decrypts with KMS on its side), so its subnets need a route to S3: an S3 gateway endpoint or a NAT
   * gateway. Its logs and embedded-format metrics are shipped by Lambda itself, not over the VPC. The
   * function's role gets the network interface permissions Lambda needs.
   * @default outside any VPC
   */
  readonly vpc?: ec2.IVpc;
  /** Subnets of `vpc` to run in. @default the VPC's private subnets */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** Security groups of the function's network interfaces. @default a new security group allowing all outbound traffic */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

const LIVE = 'live';

/**
 * An ONNX model served from AWS Lambda (ONNX Runtime, Open Inference Protocol v2) and rolled out safely:
 * every change publishes a version, CodeDeploy shifts the `live` alias to it (all at once, canary or linear)
 * after an optional pre-traffic hook has checked the new version's answer, and rolls back when the deployment
 * fails or an alarm on the alias fires (error rate, p99 duration, the handler's InternalErrors). Callers
 * invoke the alias; provisioned concurrency and the optional Function URL live on it too.
 */
export class LambdaInference extends Construct {
  readonly function: lambda.Function;
  /** The role the function runs as: the given one, or the one this construct created. */
  readonly role: iam.IRole;
  /** The version published from the current configuration and code. */
  readonly version: lambda.Version;
  /** The `live` alias: what callers invoke and what CodeDeploy shifts. */
  readonly alias: lambda.Alias;
  readonly deploymentGroup: codedeploy.LambdaDeploymentGroup;
  /** The alarms CodeDeploy watches during a rollout. */
  readonly rollbackAlarms: LambdaRollbackAlarms;
  readonly logGroup: logs.LogGroup;
  readonly preTrafficHook?: PreTrafficHook;
  readonly functionUrl?: lambda.FunctionUrl;
  /** Autoscaling of the alias's provisioned concurrency, when enabled. */
  readonly provisionedConcurrencyScaling?: lambda.IScalableFunctionAttribute;
  readonly modelName: string;
  readonly metricsNamespace: string;
  readonly timeout: Duration;
  /** The function's reserved concurrency; undefined for the account's unreserved pool. */
  readonly reservedConcurrency?: number;
  /** Whether the live alias has provisioned concurrency (fixed or autoscaled). */
  readonly hasProvisionedConcurrency: boolean;

  constructor(scope: Construct, id: string, props: LambdaInferenceProps) {
    super(scope, id);
    const where = `LambdaInference ${this.node.path}`;
    const architecture = props.architecture ?? lambda.Architecture.ARM_64;
    const memorySize = props.memorySize ?? Size.mebibytes(1024);
    const settings: FunctionSettings = {
      modelName: props.modelName,
      modelVersion: props.modelVersion ?? '1',
      memorySize,
      timeout: props.timeout ?? Duration.seconds(30),
      maxBatchSize: props.maxBatchSize ?? 64,
      intraOpThreads: props.intraOpThreads ?? defaultIntraOpThreads(memorySize),
      metricsNamespace: props.metricsNamespace ?? DEFAULT_METRICS_NAMESPACE,
      captureSamplingPercent: props.captureSamplingPercent,
      extraEnvironment: props.environment,
    };
    const { timeout } = settings;
    this.modelName = settings.modelName;
    this.metricsNamespace = settings.metricsNamespace;
    this.timeout = timeout;
    this.reservedConcurrency = props.reservedConcurrentExecutions;
    const rollbackThresholds = resolveRollbackThresholds(props.rollbackAlarms, settings.timeout);
    throwOnProblems('LambdaInference', this, [
      ...architectureProblems(architecture),
      ...rollbackAlarmProblems(rollbackThresholds, settings.timeout),
      ...inferenceModelProblems(props.model),
      ...lambdaRolloutProblems(props.rollout ?? {}),
      ...functionUrlProblems(props.functionUrl ?? {}),
      ...provisionedConcurrencyProblems(props.provisionedConcurrency, props.reservedConcurrentExecutions),
    ]);
    const rollout = resolveRollout(props.rollout ?? {});
    for (const warning of checkFunctionSettings(settings, props.model.sizeBytes, this)) {
      Annotations.of(this).addWarningV2('@mldeploy/lambda-inference:memoryBelowModel', warning);
    }
    const environment = functionEnvironment({ ...props.model, sha256: props.model.sha256! }, settings, this);
    const ephemeralStorageSize =
      props.ephemeralStorageSize ?? ephemeralStorageFor(props.model.sizeBytes, this);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    const role = (this.role = props.role ?? this.newRole());
    requireRoleGrants('LambdaInference', this, role, [props.model.grantRead(role)]);
    this.logGroup.grantWrite(role);
    acknowledgeWildcardFindings(
      role,
      "Object wildcards cover only this model's own immutable artifact prefix (<model>/<sha256>/*) and this function's log streams.",
    );

    this.function = new lambda.Function(this, 'Function', {
      description: `Serves ONNX model ${props.modelName} over the Open Inference Protocol v2`,
      runtime: props.runtime ?? lambda.Runtime.NODEJS_24_X,
      architecture,
      handler: 'index.handler',
      code: inferenceCode(architecture),
      memorySize: memorySize.toMebibytes(),
      timeout,
      ephemeralStorageSize,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role,
      logGroup: this.logGroup,
      environment,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.securityGroups,
      // Replaced versions stay, so `live` can be pointed back at the previous one by hand after a rollout.
      currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN },
    });
    this.version = this.function.currentVersion;
    // A new version loads the artifact at its first invocation (the pre-traffic hook's, during a rollout), so it
    // is published only after the upload of a new artifact completes, as the SageMaker model waits for it.
    // CloudFormation creates a resource only after every resource in its DependsOn is created or updated
    // ("DependsOn attribute", https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-dependson.html).
    if (props.model.publication) this.version.node.addDependency(props.model.publication);
    if (props.vpc) this.grantNetworkInterfaces(role);

    const pc = resolveProvisionedConcurrency(props.provisionedConcurrency);
    this.alias = new lambda.Alias(this, 'Live', {
      aliasName: LIVE,
      version: this.version,
      provisionedConcurrentExecutions: !pc.autoscaled && pc.min > 0 ? pc.min : undefined,
    });
    if (pc.autoscaled) this.provisionedConcurrencyScaling = autoscaleProvisionedConcurrency(this.alias, pc);
    this.hasProvisionedConcurrency = pc.autoscaled || pc.min > 0;

    this.rollbackAlarms = new LambdaRollbackAlarms(this, 'RollbackAlarms', {
      alias: this.alias,
      metricsNamespace: this.metricsNamespace,
      modelName: props.modelName,
      logGroupName: this.logGroup.logGroupName,
      alarmNamePrefix: props.alarmNamePrefix,
      timeout,
      thresholds: rollbackThresholds,
    });
    for (const alarm of this.rollbackAlarms.alarms) alarm.addAlarmAction(...(props.alarmActions ?? []));

    this.deploymentGroup = new codedeploy.LambdaDeploymentGroup(this, 'Deployment', {
      alias: this.alias,
      deploymentConfig: lambdaDeploymentConfig(this, rollout),
      alarms: this.rollbackAlarms.alarms,
      autoRollback: {
        failedDeployment: rollout.autoRollback,
        stoppedDeployment: false,
        deploymentInAlarm: rollout.autoRollback,
      },
    });
    acknowledgeManagedPolicy(
      this.deploymentGroup,
      'service-role/AWSCodeDeployRoleForLambdaLimited',
      'CodeDeploy needs this service policy to read the rollback alarms and update the alias it shifts; aws-cdk-lib attaches it to the deployment group role.',
    );

    if (props.sampleRequestFile !== undefined) {
      this.preTrafficHook = new PreTrafficHook(this, 'PreTrafficHook', {
        target: this.version,
        sampleRequest: readSampleRequest(props.sampleRequestFile, where),
        expectedModelName: props.modelName,
        expectedModelVersion: settings.modelVersion,
        // Lambda's longest timeout is 900 s ("Lambda quotas", AWS Lambda Developer Guide).
        timeout: Duration.seconds(Math.min(900, timeout.toSeconds() + 60)),
        logRetention: props.logRetention,
        logRemovalPolicy: props.logRemovalPolicy,
        runtime: props.runtime,
      });
      this.deploymentGroup.addPreHook(this.preTrafficHook.function);
      // The hook must carry the new version's ARN before CodeDeploy calls it.
      this.alias.node.defaultChild!.node.addDependency(this.preTrafficHook.function);
      acknowledgeWildcardFindings(
        this.deploymentGroup.role,
        'aws-cdk-lib lets the CodeDeploy role invoke the pre-traffic hook function and its versions (<hook ARN>:*); nothing else.',
      );
    }

    if (props.functionUrl !== undefined) this.functionUrl = this.addFunctionUrl(props.functionUrl);
  }

  /** Lets a principal invoke the live alias. */
  grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.alias.grantInvoke(grantee);
  }

  /**
   * Lets the IAM role (or user) with this ARN invoke the live alias through the function's resource
   * policy (an `AWS::Lambda::Permission` with the alias as qualifier), for a principal known only by
   * its ARN, whose own policies this stack cannot change. Within one account either policy's Allow
   * suffices ("Policy evaluation for requests within a single account",
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html).
   * Lambda takes an IAM role or user ARN as the principal ("Granting Lambda function access to other
   * accounts", https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-cross-account.html)
   * but refuses one that names no existing identity (AddPermission fails with
   * InvalidParameterValueException, "The provided principal was invalid",
   * https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html): create the principal first.
   * Unlike grantInvoke, whose permission id hashes the principal's unresolved tokens, `id` is the
   * permission's stable construct id.
   */
  allowInvokeByArn(id: string, principalArn: string): void {
    this.alias.addPermission(id, {
      principal: new iam.ArnPrincipal(principalArn),
      action: 'lambda:InvokeFunction',
    });
  }

  /** Lets a principal call the Function URL (AWS_IAM auth). Only for a function created with `functionUrl`. */
  grantInvokeUrl(grantee: iam.IGrantable): iam.Grant {
    if (!this.functionUrl) {
      throw new ConstructValidationError(
        `LambdaInference ${this.node.path} has no Function URL to grant access to; set the functionUrl prop to create one`,
        this,
      );
    }
    return this.functionUrl.grantInvokeUrl(grantee);
  }

  /** Invocations of the live alias (sum per minute). */
  metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.alias.metricInvocations({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Invocations that crashed, timed out or ran out of memory (sum per minute). */
  metricErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.alias.metricErrors({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** p99 of Lambda's Duration of the live alias, in milliseconds. */
  metricDurationP99(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.alias.metricDuration({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.p(99), ...props });
  }

  /** Invocations refused for lack of concurrency (sum per minute). */
  metricThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.alias.metricThrottles({ period: ALARM_PERIOD, statistic: cloudwatch.Stats.SUM, ...props });
  }

  /** Invocations that found no provisioned environment free and ran on demand (sum per minute). */
  metricProvisionedConcurrencySpillover(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.alias.metric(LAMBDA_METRICS.provisionedConcurrencySpilloverInvocations, {
      period: ALARM_PERIOD,
      statistic: cloudwatch.Stats.SUM,
      ...props,
    });
  }

  /** The handler's InferenceLatency (validation + model run + encoding), p99 in milliseconds. */
  metricInferenceLatencyP99(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return handlerMetric(this.metricsNamespace, this.modelName, HANDLER_METRICS.inferenceLatency, {
      statistic: cloudwatch.Stats.p(99),
      period: ALARM_PERIOD,
      ...props,
    });
  }

  /** Requests the handler answered with a 5xx (sum per minute). */
  metricInternalErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return internalErrorsMetric(this.metricsNamespace, this.modelName, props);
  }

  /**
   * Lambda creates and removes the function's network interfaces in the VPC as the execution role
   * ("Giving Lambda functions access to resources in an Amazon VPC", AWS Lambda Developer Guide,
   * https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html); aws-cdk-lib attaches the policy
   * for this only to roles it creates itself.
   */
  private grantNetworkInterfaces(role: iam.IRole): void {
    const policy = 'service-role/AWSLambdaVPCAccessExecutionRole';
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(policy));
    acknowledgeManagedPolicy(
      role,
      policy,
      'Lambda needs it to manage the function’s network interfaces in the VPC; AWS keeps its EC2 actions current.',
    );
  }

  private newRole(): iam.Role {
    return new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ONNX model ${this.modelName} in Lambda`,
    });
  }

  private addFunctionUrl(options: FunctionUrlOptions): lambda.FunctionUrl {
    const authType = options.authType ?? lambda.FunctionUrlAuthType.AWS_IAM;
    if (authType === lambda.FunctionUrlAuthType.NONE) {
      Annotations.of(this).addWarningV2(
        '@mldeploy/lambda-inference:publicFunctionUrl',
        `The Function URL of model ${this.modelName} has no authentication: anyone on the internet can invoke it and you pay for every call`,
      );
    }
    return this.alias.addFunctionUrl({ authType });
  }
}
