import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { endpointName, ResolvedEnvironment } from '../config';
import { acknowledgeWildcardFindings } from '../constructs/private/nag';

/**
 * Name of the role `mldeploy verify` runs as in an environment's account when the pipeline verifies
 * it: `<project>-<env>-verify` (at most 48 characters: project and environment names have at most
 * 20 each; IAM allows 64). Fixed, so the pipeline names it without a cross-account reference.
 */
export function verifyRoleName(project: string, environmentName: string): string {
  return `${project}-${environmentName}-verify`;
}

/**
 * Name of the pipeline's CodeBuild role that runs the Verify-<env> step, in the pipeline's account:
 * `<project>-pipeline-verify-<env>` (at most 57 characters). Fixed, so the environment's verify role
 * can trust exactly this role without a reference to the pipeline stack.
 */
export function pipelineVerifyRoleName(project: string, environmentName: string): string {
  return `${project}-pipeline-verify-${environmentName}`;
}

/** ARN of a role by name in an account of the scope's partition; the scope's own account by default. */
export function roleArn(scope: Construct, roleName: string, account?: string): string {
  return Stack.of(scope).formatArn({
    service: 'iam',
    region: '',
    account,
    resource: 'role',
    resourceName: roleName,
  });
}

interface EnvironmentVerifyRoleProps {
  readonly project: string;
  readonly environment: ResolvedEnvironment;
  /** Account the pipeline runs in. @default the account of the stack the role is in */
  readonly pipelineAccount?: string;
}

/**
 * The role the pipeline's Verify-<env> step assumes to run `mldeploy verify` in the environment's
 * own account and region, wherever the pipeline runs. It trusts one principal: the pipeline
 * account's CodeBuild role for this environment's step, by ARN.
 */
export class EnvironmentVerifyRole extends Construct {
  readonly role: iam.Role;
  /**
   * The role's ARN built from its fixed name: other stacks of the environment name it with no
   * cross-stack reference (and no export to keep while they import it).
   */
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: EnvironmentVerifyRoleProps) {
    super(scope, id);
    const { project, environment } = props;
    const stack = Stack.of(this);
    const pipelineAccount = props.pipelineAccount ?? stack.account;
    const pipelineRoleArn = roleArn(this, pipelineVerifyRoleName(project, environment.name), pipelineAccount);

    const roleName = verifyRoleName(project, environment.name);
    this.roleArn = roleArn(this, roleName);
    this.role = new iam.Role(this, 'Role', {
      roleName,
      description: `mldeploy verify of ${project} (${environment.name}), assumed by the pipeline's Verify-${environment.name} step`,
      // The account as principal and the role's ARN as condition, rather than the role's ARN as
      // principal: IAM rejects a trust policy naming a role that does not exist ("Invalid principal in
      // policy", https://repost.aws/knowledge-center/iam-trust-policy-error), the environment may be
      // deployed before the pipeline, and a role principal is saved as the role's unique id, so
      // recreating the pipeline's role would break it ("IAM JSON policy elements: Principal",
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
      // aws:PrincipalArn is the ARN of the role the caller's session belongs to ("AWS global condition
      // context keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
      assumedBy: new iam.AccountPrincipal(pipelineAccount).withConditions({
        ArnEquals: { 'aws:PrincipalArn': pipelineRoleArn },
      }),
      inlinePolicies: {
        Verify: new iam.PolicyDocument({ statements: verifyPolicyStatements(this, project, environment) }),
      },
    });
    acknowledgeWildcardFindings(
      this.role,
      `Verify role of ${environment.name}: DescribeStacks on the environment's stacks (${project}-${environment.name}-*), ` +
        'whose ids CloudFormation generates; the read-only lambda:GetAlias on the functions of the environment’s ' +
        'account and region, because CloudFormation generates the function names (mldeploy verify reads the exact ' +
        'names from the model stacks’ outputs). Invoking is granted by each live alias’s resource policy, not here.',
    );
  }
}

/**
 * The SageMaker names `mldeploy verify` calls in an environment: the endpoint of each model that has one
 * (`<project>-<model>-<env>`), each shared endpoint (`<project>-<name>-<env>`), and the inference component of
 * each model a shared endpoint lists (`<project>-<model>-<env>`, SharedEndpointStack's name for it).
 */
export function sageMakerTargets(
  project: string,
  environment: ResolvedEnvironment,
): { readonly endpoints: string[]; readonly components: string[] } {
  const sagemakerModels = environment.models.filter((model) => model.target === 'sagemaker');
  const groups = environment.sharedEndpoints
    .map((group) => ({
      name: group.name,
      models: group.models.filter((name) => sagemakerModels.some((model) => model.name === name)),
    }))
    .filter((group) => group.models.length > 0);
  const shared = new Set(groups.flatMap((group) => group.models));
  const named = (name: string) => endpointName(project, name, environment.name);
  return {
    endpoints: [
      ...sagemakerModels.filter((model) => !shared.has(model.name)).map((model) => named(model.name)),
      ...groups.map((group) => named(group.name)),
    ],
    components: groups.flatMap((group) => group.models.map(named)),
  };
}

/**
 * What `mldeploy verify --env <env>` calls and no more (lib/ops: stack-outputs, live-state, runtime):
 * read the environment's stacks (for their outputs), read and invoke its SageMaker endpoints and the
 * inference components of its shared endpoints, read its Lambda models' live aliases. Invoking an alias is not here: each Lambda model's live alias names
 * this role in its resource policy (ModelStack's verifyRoleArn), which alone can tell this
 * environment's functions from another's in the same account and region. ARNs take the account and
 * region of the scope's stack.
 */
function verifyPolicyStatements(
  scope: Construct,
  project: string,
  environment: ResolvedEnvironment,
): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const arn = (service: string, resource: string, resourceName: string, arnFormat: ArnFormat) =>
    stack.formatArn({ service, resource, resourceName, arnFormat });
  const statements = [
    new iam.PolicyStatement({
      sid: 'DescribeEnvironmentStacks',
      actions: ['cloudformation:DescribeStacks'],
      // The stack id after the name is generated by CloudFormation.
      resources: [
        arn('cloudformation', 'stack', `${project}-${environment.name}-*/*`, ArnFormat.SLASH_RESOURCE_NAME),
      ],
    }),
  ];
  const { endpoints, components } = sageMakerTargets(project, environment);
  if (endpoints.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'InvokeEnvironmentEndpoints',
        actions: ['sagemaker:DescribeEndpoint', 'sagemaker:InvokeEndpoint'],
        resources: endpoints.map((endpoint) =>
          arn('sagemaker', 'endpoint', endpoint, ArnFormat.SLASH_RESOURCE_NAME),
        ),
      }),
    );
  }
  if (components.length > 0) {
    // InvokeEndpoint authorizes the endpoint (required) and, for a request naming InferenceComponentName, the
    // inference component, `arn:${Partition}:sagemaker:${Region}:${Account}:inference-component/${InferenceComponentName}`;
    // DescribeInferenceComponent authorizes the component alone ("Actions, resources, and condition keys for Amazon
    // SageMaker AI", https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html).
    statements.push(
      new iam.PolicyStatement({
        sid: 'InvokeEnvironmentInferenceComponents',
        actions: ['sagemaker:DescribeInferenceComponent', 'sagemaker:InvokeEndpoint'],
        resources: components.map((component) =>
          arn('sagemaker', 'inference-component', component, ArnFormat.SLASH_RESOURCE_NAME),
        ),
      }),
    );
  }
  if (environment.models.some((model) => model.target === 'lambda')) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'ReadFunctionAliases',
        actions: ['lambda:GetAlias'],
        // CloudFormation generates the function names (stack name and logical id, truncated to 64
        // characters, plus a random suffix), so no name pattern is safe: this read-only statement is
        // scoped to the functions of the environment's account and region, and `verify` reads the
        // exact names from the model stacks' outputs. Within one account an Allow in the alias's
        // resource policy suffices for InvokeFunction ("Policy evaluation for requests within a
        // single account", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html).
        resources: [arn('lambda', 'function', '*', ArnFormat.COLON_RESOURCE_NAME)],
      }),
    );
  }
  return statements;
}
