import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { errorCode } from '../retry';
import { bootstrapRequirements, DEFAULT_VERSION_PARAMETER, StackBootstrapRequirement } from './assembly';
import { CheckResult, guard, PreflightScope, result } from './check';

const CHECK = 'bootstrap';

/**
 * The CDK bootstrap stack exists in the account and region and is recent enough for every stack of the
 * environment in the synthesized assembly. The CDK CLI reads the same SSM parameter before it deploys
 * ("Bootstrapping your environment", https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html).
 */
export async function checkBootstrap(scope: PreflightScope, assemblyDir: string): Promise<CheckResult[]> {
  const prefix = `${scope.project}-${scope.environment.name}-`;
  const requirements = bootstrapRequirements(assemblyDir, prefix);
  const byParameter = new Map<string, StackBootstrapRequirement[]>();
  for (const r of requirements ?? [])
    byParameter.set(r.versionParameter, [...(byParameter.get(r.versionParameter) ?? []), r]);
  if (byParameter.size === 0) byParameter.set(DEFAULT_VERSION_PARAMETER, []);

  const results: CheckResult[] = [];
  for (const [parameter, stacks] of byParameter) {
    const qualifier = parameter.split('/')[2];
    results.push(
      ...(await guard(CHECK, `qualifier ${qualifier}`, async () => [
        await checkParameter(scope, parameter, qualifier, stacks, requirements !== undefined, assemblyDir),
      ])),
    );
  }
  return results;
}

async function checkParameter(
  scope: PreflightScope,
  parameter: string,
  qualifier: string,
  stacks: readonly StackBootstrapRequirement[],
  hasAssembly: boolean,
  assemblyDir: string,
): Promise<CheckResult> {
  const where = `aws://${scope.account}/${scope.region}`;
  const command = `npx cdk bootstrap ${where}${qualifier === 'hnb659fds' ? '' : ` --qualifier ${qualifier}`}`;
  const subject = `qualifier ${qualifier}`;
  const answer = await scope.ctx.aws(
    {
      action: 'ssm:GetParameter',
      resource: `arn:${scope.partition}:ssm:${scope.region}:${scope.account}:parameter${parameter}`,
    },
    () =>
      scope.clients.ssm.send(new GetParameterCommand({ Name: parameter })).catch((error: unknown) => {
        if (errorCode(error) === 'ParameterNotFound') return undefined;
        throw error;
      }),
  );
  const value = answer?.Parameter?.Value;
  if (value === undefined) {
    return result(
      CHECK,
      subject,
      'fail',
      `${where} is not bootstrapped (no SSM parameter ${parameter}); run ${command}`,
    );
  }
  const version = Number(value);
  if (stacks.length === 0) {
    const why = hasAssembly
      ? `the assembly in ${assemblyDir} has no stack of ${scope.environment.name}`
      : `no synthesized assembly in ${assemblyDir}`;
    return result(
      CHECK,
      subject,
      'pass',
      `bootstrap version ${version} in ${where}; ${why} to compare with (run npx cdk synth first)`,
    );
  }
  const required = Math.max(0, ...stacks.map((s) => s.requiredVersion));
  const tooNew = stacks.filter((s) => s.requiredVersion > version).map((s) => s.stackName);
  if (tooNew.length > 0) {
    return result(
      CHECK,
      subject,
      'fail',
      `bootstrap version ${version} in ${where}, the stacks need ${required} (${tooNew.join(', ')}); run ${command}`,
    );
  }
  return result(
    CHECK,
    subject,
    'pass',
    `bootstrap version ${version} ≥ ${required} required by ${stacks.length} stacks in ${where}`,
  );
}
