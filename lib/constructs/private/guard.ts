import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';

/**
 * The AWS Control Tower proactive controls that the app's templates are checked against at synth
 * (the cfn-guard rules of @cdklabs/cdk-validator-cfnguard), by the rule name a finding is acknowledged
 * with. Each control's page: "AWS Control Tower proactive controls" in the AWS Control Tower User Guide,
 * https://docs.aws.amazon.com/controltower/latest/userguide/proactive-controls.html
 */
const CONTROLS = {
  /** CT.LAMBDA.PR.3: a Lambda function runs in a customer-managed VPC. */
  lambdaInVpc: 'lambda_inside_vpc_check',
  /** CT.CLOUDWATCH.PR.1: an alarm has an action for the ALARM state. */
  alarmAction: 'cloudwatch_alarm_action_check',
  /** CT.CLOUDWATCH.PR.2: a log group keeps its logs for at least a year. */
  logRetentionYear: 'cloudwatch_log_group_retention_period_check',
  /** CT.CLOUDWATCH.PR.3: a log group is encrypted with a KMS key. */
  logGroupEncrypted: 'cloudwatch_log_group_encrypted_check',
  /** CT.S3.PR.2: a bucket has server access logging. */
  bucketLogging: 's3_bucket_logging_enabled_check',
  /** CT.S3.PR.4: a bucket has event notifications. */
  bucketNotifications: 's3_event_notifications_enabled_check',
  /** CT.S3.PR.9: a bucket has S3 Object Lock. */
  bucketObjectLock: 's3_bucket_object_lock_enabled_check',
  /** CT.S3.PR.10: a bucket is encrypted with a KMS key. */
  bucketKmsEncryption: 's3_bucket_default_encryption_kms_check',
  /** CT.ATHENA.PR.2: a workgroup encrypts query results with a KMS key. */
  athenaResultsKms: 'athena_workgroup_results_encrypted_at_rest_kms_check',
} as const;

type ControlName = keyof typeof CONTROLS;

/** The name the cfn-guard validation plugin reports under; acknowledgements are namespaced with it. */
export const GUARD_PLUGIN_NAME = 'cdk-validator-cfnguard';

/**
 * Acknowledges a Control Tower control for the resources under `scope` (and nothing else), with the
 * reason it does not apply to them. The reason lands in the validation report and in the construct
 * metadata of the cloud assembly.
 */
export function acknowledgeControl(scope: IConstruct, control: ControlName, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${GUARD_PLUGIN_NAME}::${CONTROLS[control]}`, reason });
}

/**
 * Lets only AWS services create grants on a key (CT.KMS.PR.3). A grant is a second, policy-less way to
 * use a key; S3, SNS, CloudWatch Logs and SageMaker create the ones they need on a caller's behalf, and
 * for those `kms:GrantIsForAWSResource` is true ("AWS KMS condition keys", AWS KMS Developer Guide,
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource).
 * A principal calling CreateGrant directly is neither, so it is denied whatever the rest of the policy says.
 */
export function denyGrantsExceptForAwsServices(key: kms.Key): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyGrantsExceptForAwsServices',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
      },
    }),
  );
}
