import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { PropsValidationError } from '../errors/validation';

/**
 * Throws when a role took no policy for one of the grants, grants that belong in the role's own policy (a
 * combined grant may also have changed a key policy, which does not count). A role imported with
 * `iam.Role.fromRoleArn(…, { mutable: false })` takes no policies, and aws-cdk-lib then drops each statement
 * without a word: the model would fail at deploy or on its first request instead.
 */
export function requireRoleGrants(
  kind: string,
  scope: IConstruct,
  role: iam.IRole,
  grants: readonly iam.Grant[],
): void {
  if (grants.every((grant) => grant.principalStatements.length > 0)) return;
  throw new PropsValidationError(kind, scope, [
    {
      field: 'role',
      value: Token.isUnresolved(role.roleArn) ? undefined : role.roleArn,
      message:
        'takes no policies (imported with mutable: false), and this construct must grant it access to the model, ' +
        'its logs and metrics: import it mutable, or leave role unset for a new least-privilege role',
    },
  ]);
}
