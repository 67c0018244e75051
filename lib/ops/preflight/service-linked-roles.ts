import { GetRoleCommand } from '@aws-sdk/client-iam';
import { errorCode } from '../retry';
import { autoscalingRoles, serviceLinkedRoleArn } from './autoscaling-roles';
import { CheckResult, guard, PreflightScope, result } from './check';

const CHECK = 'service-linked-role';

/** The service-linked roles the environment's autoscaled models rely on exist, or what creating them takes. */
export async function checkServiceLinkedRoles(scope: PreflightScope): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const role of autoscalingRoles(scope.environment.models)) {
    const { roleName, servicePrincipal, models } = role;
    results.push(
      ...(await guard(CHECK, roleName, async () => {
        const roleArn = serviceLinkedRoleArn(role)
          .replace('{partition}', scope.partition)
          .replace('{account}', scope.account);
        const found = await scope.ctx.aws({ action: 'iam:GetRole', resource: roleArn }, () =>
          scope.clients.iam.send(new GetRoleCommand({ RoleName: roleName })).catch((error: unknown) => {
            if (errorCode(error) === 'NoSuchEntity') return undefined;
            throw error;
          }),
        );
        if (found?.Role)
          return [result(CHECK, roleName, 'pass', `exists (autoscaling of ${models.join(', ')})`)];
        return [
          result(
            CHECK,
            roleName,
            'warn',
            `does not exist yet: Application Auto Scaling creates it on the first deploy of ${models.join(', ')} if the deploying role (the CDK bootstrap's CloudFormation execution role) ` +
              `may call iam:CreateServiceLinkedRole for ${servicePrincipal}; or create it now: aws iam create-service-linked-role --aws-service-name ${servicePrincipal}`,
          ),
        ];
      })),
    );
  }
  return results;
}
