import * as fs from 'fs';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PRE_TRAFFIC_HOOK_ENV } from '../../../contract/environment';
import { MAX_SAMPLE_REQUEST_BYTES } from '../../../contract/sample-request';
import { preTrafficHookCode } from '../private/lambda-bundles';
import { ConstructValidationError } from '../errors/validation';

/** Largest sample request the hook carries (see contract/sample-request.ts). */
export { MAX_SAMPLE_REQUEST_BYTES };

export interface PreTrafficHookProps {
  /** The function version the hook invokes before any traffic moves to it. */
  readonly target: lambda.IVersion;
  /** The v2 infer request sent to the new version, as compact JSON (see {@link readSampleRequest}). */
  readonly sampleRequest: string;
  /** The `model_name` the answer must carry. @default any */
  readonly expectedModelName?: string;
  /** The `model_version` the answer must carry. @default any */
  readonly expectedModelVersion?: string;
  /** How long the hook may wait for the new version (a cold start included). @default Duration.minutes(2) */
  readonly timeout?: Duration;
  /** How long the hook's logs are kept. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** What happens to the hook's logs when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** Runtime of the hook function. @default Runtime.NODEJS_24_X */
  readonly runtime?: lambda.Runtime;
}

/**
 * The BeforeAllowTraffic hook of a Lambda deployment group: a small function (lambda/pre-traffic-hook) that
 * invokes the new version with a sample request and reports `Succeeded` to CodeDeploy only when the answer is
 * a valid Open Inference Protocol v2 infer response. It may invoke that one version, report the hook's status
 * to CodeDeploy, and nothing else.
 */
export class PreTrafficHook extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: PreTrafficHookProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Tests each new version of ${props.target.lambda.node.path} before it takes traffic`,
    });
    this.logGroup.grantWrite(this.role);
    props.target.grantInvoke(this.role);
    this.grantReportStatus();

    this.function = new lambda.Function(this, 'Function', {
      description: 'CodeDeploy BeforeAllowTraffic hook: invokes the new version with a sample request',
      runtime: props.runtime ?? lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: preTrafficHookCode(),
      memorySize: 256,
      timeout: props.timeout ?? Duration.minutes(2),
      role: this.role,
      logGroup: this.logGroup,
      // Read by lambda/pre-traffic-hook/config.ts.
      environment: {
        [PRE_TRAFFIC_HOOK_ENV.targetVersionArn]: props.target.functionArn,
        [PRE_TRAFFIC_HOOK_ENV.sampleRequest]: props.sampleRequest,
        ...(props.expectedModelName
          ? { [PRE_TRAFFIC_HOOK_ENV.expectedModelName]: props.expectedModelName }
          : {}),
        ...(props.expectedModelVersion
          ? { [PRE_TRAFFIC_HOOK_ENV.expectedModelVersion]: props.expectedModelVersion }
          : {}),
      },
    });
  }

  /**
   * Lets the hook report its result. The Service Authorization Reference lists no resource type for
   * `codedeploy:PutLifecycleEventHookExecutionStatus` ("Actions, resources, and condition keys for AWS
   * CodeDeploy", https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodedeploy.html),
   * and IAM authorizes such an action only through a statement on `"*"`. The older "CodeDeploy permissions
   * reference" (https://docs.aws.amazon.com/codedeploy/latest/userguide/auth-and-access-control-permissions-reference.html)
   * shows a deployment group ARN, which is what aws-cdk-lib's `LambdaDeploymentGroup.addPreHook` grants; it
   * stays, but alone it may leave the hook unable to report, and then every rollout waits for the hook to time
   * out and rolls back. `"*"` works whichever page IAM follows, and grants little: the call only sets the
   * status of the lifecycle hook execution whose id CodeDeploy passed to the hook.
   */
  private grantReportStatus(): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['codedeploy:PutLifecycleEventHookExecutionStatus'],
        resources: ['*'],
      }),
    );
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'codedeploy:PutLifecycleEventHookExecutionStatus has no resource type ("Actions, resources, and condition keys ' +
        'for AWS CodeDeploy", https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodedeploy.html); ' +
        'it only reports the status of the hook execution CodeDeploy handed to this function.',
    });
  }
}

/**
 * Reads a v2 infer request file and returns it as compact JSON, checking that it is an object with an
 * `inputs` array and small enough for the hook's environment.
 */
export function readSampleRequest(file: string, where: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConstructValidationError(
      `${where}: cannot read the sample request ${file} (${(error as Error).message})`,
    );
  }
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch (error) {
    throw new ConstructValidationError(
      `${where}: the sample request ${file} is not JSON (${(error as Error).message})`,
    );
  }
  const inputs = (request as { inputs?: unknown } | null)?.inputs;
  if (typeof request !== 'object' || request === null || !Array.isArray(inputs) || inputs.length === 0) {
    throw new ConstructValidationError(
      `${where}: the sample request ${file} must be a v2 infer request, a JSON object with a non-empty "inputs" array`,
    );
  }
  const compact = JSON.stringify(request);
  const bytes = Buffer.byteLength(compact, 'utf8');
  if (bytes > MAX_SAMPLE_REQUEST_BYTES) {
    throw new ConstructValidationError(
      `${where}: the sample request ${file} is ${bytes} bytes as compact JSON; the pre-traffic hook carries it ` +
        `in an environment variable, which allows at most ${MAX_SAMPLE_REQUEST_BYTES}: send fewer rows`,
    );
  }
  return compact;
}
