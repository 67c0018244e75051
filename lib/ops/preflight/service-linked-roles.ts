import { GetRoleCommand } from '@aws-sdk/client-iam';
import { errorCode } from '../retry';
import { CheckResult, guard, PreflightScope, result } from './check';
import { autoscaled } from './demand';

const CHECK = 'service-linked-role';

/**
 * Application Auto Scaling's service-linked roles, which it creates on the first RegisterScalableTarget of a
 * service when the caller may call iam:CreateServiceLinkedRole ("Service-linked roles for Application Auto
 * Scaling", https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-service-linked-roles.html;
 * role and service principal per service: services-that-can-integrate-sagemaker.html and
 * services-that-can-integrate-lambda.html in the same guide).
 */
export const SERVICE_LINKED_ROLES = {
  sagemaker: {
    roleName: 'AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint',
    servicePrincipal: 'sagemaker.application-autoscaling.amazonaws.com',
  },
  lambda: {
    roleName: 'AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency',
    servicePrincipal: 'lambda.application-autoscaling.amazonaws.com',
  },
} as const;

/** The service-linked roles the environment's autoscaled models rely on exist, or what creating them takes. */
export async function checkServiceLinkedRoles(scope: PreflightScope): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const target of ['sagemaker', 'lambda'] as const) {
    const users = scope.environment.models
      .filter((m) => m.target === target && autoscaled(m))
      .map((m) => m.name);
    if (users.length === 0) continue;
    const { roleName, servicePrincipal } = SERVICE_LINKED_ROLES[target];
    results.push(
      ...(await guard(CHECK, roleName, async () => {
        const roleArn = `arn:${scope.partition}:iam::${scope.account}:role/aws-service-role/${servicePrincipal}/${roleName}`;
        const found = await scope.ctx.aws({ action: 'iam:GetRole', resource: roleArn }, () =>
          scope.clients.iam.send(new GetRoleCommand({ RoleName: roleName })).catch((error: unknown) => {
            if (errorCode(error) === 'NoSuchEntity') return undefined;
            throw error;
          }),
        );
        if (found?.Role)
          return [result(CHECK, roleName, 'pass', `exists (autoscaling of ${users.join(', ')})`)];
        return [
          result(
            CHECK,
            roleName,
            'warn',
            `does not exist yet: Application Auto Scaling creates it on the first deploy of ${users.join(', ')} if the deploying role (the CDK bootstrap's CloudFormation execution role) ` +
              `may call iam:CreateServiceLinkedRole for ${servicePrincipal}; or create it now: aws iam create-service-linked-role --aws-service-name ${servicePrincipal}`,
          ),
        ];
      })),
    );
  }
  return results;
}
