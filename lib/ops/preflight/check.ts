import { OpsClients } from '../clients';
import { OpsContext } from '../context';
import { messageOf } from '../errors';
import { AwsCallError, isAccessDenied } from '../retry';
import { ResolvedEnvironment } from '../../config';
import { ModelTarget } from '../targets';

/** pass: it will deploy; warn: it may not, or it could not be checked; fail: it will not. */
export type CheckStatus = 'pass' | 'warn' | 'fail';

/** One line of the preflight report. */
export interface CheckResult {
  /** What was checked, e.g. `sagemaker-instances`, `lambda-concurrency`. */
  readonly check: string;
  /** What it was checked for: an instance type, a model, the account. */
  readonly subject: string;
  readonly status: CheckStatus;
  /** The numbers compared and, unless it passed, what to do. */
  readonly message: string;
}

/** What every check works with: one environment, in the account and region the caller's credentials reach. */
export interface PreflightScope {
  readonly ctx: OpsContext;
  readonly project: string;
  readonly environment: ResolvedEnvironment;
  /** The environment's models, with their stack names. */
  readonly targets: readonly ModelTarget[];
  readonly clients: OpsClients;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

export const result = (
  check: string,
  subject: string,
  status: CheckStatus,
  message: string,
): CheckResult => ({
  check,
  subject,
  status,
  message,
});

/**
 * Runs a check; a call the caller may not make becomes a `warn` naming the IAM action to grant, and any other
 * failure (after retries of throttling and 5xx, see retry.ts) a `fail` with its reason: never a crash.
 */
export async function guard(
  check: string,
  subject: string,
  run: () => Promise<CheckResult[]>,
): Promise<CheckResult[]> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AwsCallError && isAccessDenied(error.cause)) {
      return [
        result(
          check,
          subject,
          'warn',
          `not checked: ${error.target.action} on ${error.target.resource} was denied; grant ${error.target.action} to the role that runs preflight`,
        ),
      ];
    }
    return [result(check, subject, 'fail', `could not be checked: ${messageOf(error)}`)];
  }
}
