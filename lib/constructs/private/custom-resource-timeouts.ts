import { Aspects, CfnResource, Duration } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * How long CloudFormation waits for the custom resources that aws-cdk-lib creates for us before it
 * fails the operation. Without `ServiceTimeout` CloudFormation waits an hour for a provider that
 * crashed without answering ("AWS::CloudFormation::CustomResource", property ServiceTimeout:
 * 1–3600 seconds, default 3600;
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-customresource.html).
 *
 * aws-cdk-lib exposes no `serviceTimeout` on BucketDeployment or on a bucket's autoDeleteObjects, so
 * it is set on their rendered resources. Both providers run in a function with a 15-minute timeout
 * (aws-cdk-lib's defaults); the wait covers one full run plus five minutes for the asynchronous
 * invocation to start.
 */
const LIBRARY_CUSTOM_RESOURCE_TIMEOUTS: Readonly<Record<string, Duration>> = {
  'Custom::CDKBucketDeployment': Duration.minutes(20),
  'Custom::S3AutoDeleteObjects': Duration.minutes(20),
};

/** Sets `ServiceTimeout` on every aws-cdk-lib custom resource of a known type under a scope. */
export function limitCustomResourceWaits(scope: IConstruct): void {
  Aspects.of(scope).add({
    visit(node: IConstruct) {
      if (!(node instanceof CfnResource)) return;
      const timeout = LIBRARY_CUSTOM_RESOURCE_TIMEOUTS[node.cfnResourceType];
      if (timeout === undefined) return;
      node.addPropertyOverride('ServiceTimeout', timeout.toSeconds());
    },
  });
}
