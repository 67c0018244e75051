import { ArnFormat, IAspect, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';

const KEY_ID = 'LogKey';

/**
 * The stack's key for CloudWatch Logs, created on first use: rotating, retained with the log groups it
 * encrypts (they outlive the stack by default, and their logs are unreadable without it), and usable by
 * CloudWatch Logs of the stack's region for the log groups of the stack's account and region only.
 */
function logKeyOf(stack: Stack): kms.Key {
  const existing = stack.node.tryFindChild(KEY_ID);
  if (existing) return existing as kms.Key;
  const key = new kms.Key(stack, KEY_ID, {
    description: `Encrypts the CloudWatch Logs log groups of ${stack.stackName}`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // "Encrypt log data in CloudWatch Logs using AWS Key Management Service", Amazon CloudWatch Logs User
  // Guide (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html): the key
  // policy must let the regional service principal logs.<region>.amazonaws.com use the key, and the
  // kms:EncryptionContext:aws:logs:arn condition limits that use to log groups of this account and region.
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsOfThisAccount',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: '*',
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
  return key;
}

/**
 * Encrypts every log group under the scope that has no key of its own with its stack's log key, including
 * the log groups aws-cdk-lib creates for the functions it provides (BucketDeployment). Apply it with
 * `Aspects.of(scope).add(new EncryptLogGroups(), { priority: AspectPriority.MUTATING })`.
 */
export class EncryptLogGroups implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof logs.CfnLogGroup) || node.kmsKeyId !== undefined) return;
    node.kmsKeyId = logKeyOf(Stack.of(node)).keyArn;
  }
}
