import { Aspects, CfnResource, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { rules } from 'cdk-nag';
import { IConstruct } from 'constructs';

/**
 * Acknowledges the AwsSolutions-IAM5 (wildcard) findings of the IAM policies under a scope.
 *
 * The AwsSolutions pack reports one finding per wildcard (`AwsSolutions-IAM5[Resource::…]`) and each
 * must be acknowledged by its exact id. The ids contain cross-stack references that take their final
 * form only after the app is prepared, so they are computed with the pack's own rule while the tree
 * is validated: after references are resolved, before templates are checked.
 */
export function acknowledgeWildcardFindings(scope: IConstruct, reason: string): void {
  Aspects.of(scope).add({
    visit(node: IConstruct) {
      if (!(node instanceof iam.CfnPolicy || node instanceof iam.CfnRole)) return;
      node.node.addValidation({
        validate: () => {
          const findings = rules.iam.IAMNoWildcardPermissions(node as CfnResource);
          if (Array.isArray(findings) && findings.length > 0) {
            Validations.of(node).acknowledge(
              ...findings.map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason })),
            );
          }
          return [];
        },
      });
    },
  });
}

/** Acknowledges the AwsSolutions-IAM4 finding for one AWS managed policy attached under a scope. */
export function acknowledgeManagedPolicy(scope: IConstruct, managedPolicyName: string, reason: string): void {
  Validations.of(scope).acknowledge({
    id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${managedPolicyName}]`,
    reason,
  });
}
