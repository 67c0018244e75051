import { Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { PropsValidationError } from '../errors/validation';

/**
 * Throws when the role took no policy statement for one of the grants, grants that only the role's own policy
 * can carry (a combined grant may also have changed a key policy, which does not count). A role imported with
 * `iam.Role.fromRoleArn(…, { mutable: false, addGrantsToResources: true })` refuses them, and aws-cdk-lib then
 * drops each statement without a word: the model would fail at deploy or on its first request instead. With
 * `mutable: false` alone aws-cdk-lib reports every statement as added, by its contract that such a role already
 * has what it needs: nothing here can tell, and the role's owner answers for its permissions.
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
        'takes no policy statements (imported with mutable: false and addGrantsToResources: true), and this ' +
        'construct must grant it read on the model, its logs and metrics: import it mutable, or leave role unset ' +
        'for a new least-privilege role',
    },
  ]);
}
