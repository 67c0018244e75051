import { anonymousPrincipal, runSimulation, Simulation } from '@cloud-copilot/iam-simulate';
import { AccessModel, PolicyDocument } from './access-model';
import { AccessRow, ALIASES, Decision } from './access-table';

/** A row applied to one environment, with every placeholder resolved. */
export interface ConcreteRequest {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Record<string, string>;
}

export interface RowResult {
  readonly decision: Decision;
  readonly request: ConcreteRequest;
}

/** A role of the account that may do anything, so only resource policies can deny it. */
const ADMINISTRATOR_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** Resolves the placeholders of a row's string for one environment (see access-table.ts). */
export function expand(text: string, model: AccessModel, project: string, environment: string): string {
  const env = environmentOf(model, environment);
  const simple: Record<string, string> = {
    env: environment,
    project,
    account: env.account,
    region: env.region,
    partition: env.partition,
  };
  let previous: string | undefined;
  let current = text;
  // Innermost placeholders first, until nothing changes: aliases and paths may contain others.
  while (current !== previous) {
    previous = current;
    current = current.replace(/\{([^{}]+)\}/g, (match, token: string) => {
      if (token in simple) return simple[token];
      if (token in ALIASES) return ALIASES[token];
      const [kind, ...rest] = token.split(':');
      if (kind === 'arn') return model.arnOf(model.locate(rest.join(':')));
      if (kind === 'ref') return model.refOf(model.locate(rest.join(':')));
      if (kind === 'output') {
        const name = rest.pop()!;
        const stackPath = rest.join(':');
        const stack = model.resolver.stacks.find((s) => s.path === stackPath);
        if (!stack) throw new Error(`no stack at construct path ${stackPath}`);
        return String(model.resolver.output(stack, name));
      }
      throw new Error(`unknown placeholder ${match}`);
    });
  }
  return current;
}

/**
 * The account and region an environment deploys to: those of its platform stack where the config pins
 * them, the sample account and region otherwise.
 */
function environmentOf(model: AccessModel, environment: string) {
  const platform = model.resolver.stacks.find((stack) => stack.path === `${environment}/platform`);
  return platform ? model.resolver.envOf(platform) : model.resolver.env;
}

/** Evaluates one row in one environment the way IAM would decide the request. */
export async function evaluateRow(
  row: AccessRow,
  model: AccessModel,
  project: string,
  environment: string,
): Promise<RowResult> {
  const resolve = (text: string) => expand(text, model, project, environment);
  const env = model.resolver.env;
  const resource = resolve(row.resource);

  let principal: Simulation['request']['principal'];
  let identityPolicies: Simulation['identityPolicies'] = [];
  // What AWS adds to every request a role's session signs: the role's ARN and account ("AWS global
  // condition context keys", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
  let principalContext: Record<string, string> = {};
  if (row.principal === 'anonymous') {
    principal = anonymousPrincipal;
  } else if (row.principal === 'admin') {
    principal = `arn:${env.partition}:sts::${env.account}:assumed-role/Administrator/access-table`;
    identityPolicies = [{ name: 'AdministratorAccess', policy: ADMINISTRATOR_POLICY }];
    principalContext = {
      'aws:PrincipalArn': `arn:${env.partition}:iam::${env.account}:role/Administrator`,
      'aws:PrincipalAccount': env.account,
    };
  } else if (row.principal.startsWith('service:')) {
    principal = row.principal.slice('service:'.length);
  } else if (row.principal.startsWith('role:')) {
    const role = model.locate(resolve(row.principal.slice('role:'.length)));
    const account = model.accountOf(role);
    // A role acts through a session of itself: the request's principal is the assumed-role ARN.
    principal = `arn:${env.partition}:sts::${account}:assumed-role/${model.refOf(role)}/access-table`;
    identityPolicies = model.identityPolicies(role);
    principalContext = { 'aws:PrincipalArn': model.arnOf(role), 'aws:PrincipalAccount': account };
  } else {
    throw new Error(`unknown principal ${row.principal}`);
  }
  const context = Object.fromEntries(
    Object.entries({ 'aws:SecureTransport': 'true', ...principalContext, ...row.context }).map(
      ([key, value]) => [key, resolve(value)],
    ),
  );

  const resourcePolicy = resource === '*' ? {} : model.resourcePolicy(resource);
  // S3 ARNs carry no account: a bucket is in its environment's account.
  const resourceAccount =
    resource === '*' || resource.split(':')[4] === ''
      ? environmentOf(model, environment).account
      : resource.split(':')[4];
  const simulation: Simulation = {
    request: {
      principal,
      action: row.action,
      resource: { resource, accountId: resourceAccount },
      contextVariables: context,
    },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: resourcePolicy.policy,
    additionalSettings:
      resourcePolicy.s3BlockPublicAccess !== undefined
        ? { s3: { blockPublicAccess: resourcePolicy.s3BlockPublicAccess } }
        : undefined,
  };
  const result = await runSimulation(simulation, {});
  const request = {
    principal: typeof principal === 'string' ? principal : 'anonymous',
    action: row.action,
    resource,
    context,
  };
  if (result.resultType === 'error') {
    throw new Error(
      `${row.id} [${environment}]: the simulator rejected the request: ${JSON.stringify(result.errors)}`,
    );
  }
  return { decision: result.overallResult as Decision, request };
}
