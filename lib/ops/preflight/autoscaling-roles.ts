import { ResolvedModel } from '../../config';
import { autoscaled } from './demand';

/**
 * Application Auto Scaling's service-linked roles, which it creates on the first RegisterScalableTarget of a
 * service when the caller may call iam:CreateServiceLinkedRole ("Service-linked roles for Application Auto
 * Scaling", https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-service-linked-roles.html;
 * role and service principal per service: services-that-can-integrate-sagemaker.html and
 * services-that-can-integrate-lambda.html in the same guide). Free of AWS SDK imports: the pipeline's
 * grants (permissions.ts) read it at synth.
 */
const SERVICE_LINKED_ROLES = {
  sagemaker: {
    roleName: 'AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint',
    servicePrincipal: 'sagemaker.application-autoscaling.amazonaws.com',
  },
  lambda: {
    roleName: 'AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency',
    servicePrincipal: 'lambda.application-autoscaling.amazonaws.com',
  },
} as const;

export interface AutoscalingRole {
  readonly roleName: string;
  readonly servicePrincipal: string;
  /** The models whose autoscaling relies on the role. */
  readonly models: readonly string[];
}

/** The service-linked roles the models' autoscaling relies on, SageMaker's first. */
export function autoscalingRoles(models: readonly ResolvedModel[]): AutoscalingRole[] {
  return (['sagemaker', 'lambda'] as const).flatMap((target) => {
    const users = models.filter((m) => m.target === target && autoscaled(m)).map((m) => m.name);
    return users.length > 0 ? [{ ...SERVICE_LINKED_ROLES[target], models: users }] : [];
  });
}

/** The role's ARN, with the placeholders `{partition}` and `{account}`. */
export function serviceLinkedRoleArn(role: AutoscalingRole): string {
  return `arn:{partition}:iam::{account}:role/aws-service-role/${role.servicePrincipal}/${role.roleName}`;
}
