import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { OpsClients } from '../clients';
import { OpsContext } from '../context';
import { messageOf } from '../errors';
import { ResolvedEnvironment } from '../../config';
import { CheckResult, result } from './check';

/** Who and where the caller is, or why the other checks cannot run. */
export type Identity =
  | {
      readonly ok: true;
      readonly account: string;
      readonly region: string;
      readonly partition: string;
      readonly check: CheckResult;
    }
  | { readonly ok: false; readonly check: CheckResult };

const CHECK = 'identity';

/**
 * Credentials resolve, a region is known and the caller's account is the environment's. GetCallerIdentity needs
 * no permission ("GetCallerIdentity", AWS STS API Reference,
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html), so a failure here is about
 * credentials, not IAM.
 */
export async function checkIdentity(
  ctx: OpsContext,
  clients: OpsClients,
  environment: ResolvedEnvironment,
  configFile: string,
): Promise<Identity> {
  let region: string;
  try {
    region = await clients.sts.config.region();
  } catch (error) {
    return {
      ok: false,
      check: result(
        CHECK,
        'region',
        'fail',
        `no region: environments.${environment.name}.region is not set in ${configFile} and the AWS SDK found none (${messageOf(error)}); set AWS_REGION or the environment's region`,
      ),
    };
  }
  let caller: { Account?: string; Arn?: string };
  try {
    caller = await ctx.aws({ action: 'sts:GetCallerIdentity', resource: 'the caller' }, () =>
      clients.sts.send(new GetCallerIdentityCommand({})),
    );
  } catch (error) {
    return {
      ok: false,
      check: result(
        CHECK,
        'credentials',
        'fail',
        `no usable AWS credentials in ${region} (${messageOf(error)}); set AWS_PROFILE, or log in (aws sso login) and retry`,
      ),
    };
  }
  const account = String(caller.Account);
  const arn = String(caller.Arn);
  const partition = arn.split(':')[1] || 'aws';
  if (environment.account !== undefined && environment.account !== account) {
    return {
      ok: false,
      check: result(
        CHECK,
        'account',
        'fail',
        `credentials are for account ${account} (${arn}), environments.${environment.name}.account is ${environment.account}; use credentials of ${environment.account} or correct environments.${environment.name}.account in ${configFile}`,
      ),
    };
  }
  const pinned =
    environment.account === undefined
      ? ' (the environment sets no account: it deploys where the credentials are)'
      : '';
  return {
    ok: true,
    account,
    region,
    partition,
    check: result(CHECK, 'account', 'pass', `${arn} in account ${account}, region ${region}${pinned}`),
  };
}
