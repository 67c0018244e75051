import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { SAGEMAKER_INVOCATION_NAMESPACE } from '../../../contract/metrics';
import { acknowledgeWildcardFindings } from '../private/nag';
import { requireRoleGrants } from '../private/role-policies';
import { grantAsyncDelivery } from './async-inference';
import type { BoundModelSource } from './model-source';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { grantLogGroupWrite } from './role-grants';
import type { SageMakerEndpointProps } from './sagemaker-endpoint-props';

/** What SageMakerEndpoint's execution role is granted, apart from the model source's own grants. */

/**
 * Read the model, pull the image, write logs and metrics, and (in a VPC) manage network interfaces: the CreateModel
 * permissions of "How to use SageMaker AI execution roles", https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html
 */
export function grantEndpointExecution(
  scope: Construct,
  role: iam.IRole,
  props: SageMakerEndpointProps,
  source: BoundModelSource,
): void {
  const stack = Stack.of(scope);
  const modelRead = source.grant(role);
  grantLogGroupWrite(role, stack, `/aws/sagemaker/Endpoints/${props.endpointName}`);
  const metrics = iam.Grant.addToPrincipal({
    grantee: role,
    actions: ['cloudwatch:PutMetricData'],
    resourceArns: ['*'],
    conditions: {
      StringLike: { 'cloudwatch:namespace': ['/aws/sagemaker/*', SAGEMAKER_INVOCATION_NAMESPACE] },
    },
  });
  requireRoleGrants('SageMakerEndpoint', scope, role, [modelRead, metrics]);
  if (props.vpc) {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:CreateNetworkInterfacePermission',
          'ec2:DeleteNetworkInterface',
          'ec2:DeleteNetworkInterfacePermission',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeVpcs',
          'ec2:DescribeDhcpOptions',
          'ec2:DescribeSubnets',
          'ec2:DescribeSecurityGroups',
        ],
        resources: ['*'],
      }),
    );
  }
  if (props.volumeEncryptionKey) {
    props.volumeEncryptionKey.grant(
      role,
      'kms:CreateGrant',
      'kms:Decrypt',
      'kms:GenerateDataKey*',
      'kms:DescribeKey',
    );
  }
  if (props.asyncInference) grantAsyncDelivery(role, props.asyncInference);
  if (props.dataCapture?.encryptionKey) {
    props.dataCapture.encryptionKey.grant(role, 'kms:Encrypt', 'kms:GenerateDataKey*');
  }
  acknowledgeWildcardFindings(
    role,
    'Object wildcards cover only this model artifact; log streams only this endpoint’s log group; ECR tokens, ' +
      'PutMetricData (namespace-conditioned) and VPC network interfaces have no resource to scope to.',
  );
}

/**
 * SageMaker reads the rollback alarms' state with the execution role ("Auto-Rollback Configuration and Monitoring",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-configuration.html).
 */
export function grantDescribeAlarms(
  role: iam.IRole,
  alarms: { readonly alarms: readonly cloudwatch.IAlarm[] },
): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['cloudwatch:DescribeAlarms'],
      resources: alarms.alarms.map((alarm) => alarm.alarmArn),
    }),
  );
}
