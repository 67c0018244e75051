import { GetAccountSettingsCommand, GetFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { readStack } from '../stack-outputs';
import { ModelTarget } from '../targets';
import { CheckResult, guard, PreflightScope, result } from './check';
import { peakProvisionedConcurrency } from './demand';

const CHECK = 'lambda-concurrency';

/**
 * Lambda keeps 100 concurrent executions of the account unreserved: reserved concurrency can take the
 * account's unreserved concurrency minus 100, and provisioned concurrency of a function without a reservation
 * comes out of the unreserved pool under the same rule ("Configuring reserved concurrency",
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html). "Concurrent executions" is
 * quota L-B99A9384 of service code `lambda`.
 */
export const UNRESERVED_MINIMUM = 100;
const CONCURRENCY_QUOTA = 'L-B99A9384';

/** The account's concurrency against what the environment's Lambda models reserve and provision. */
export async function checkLambdaConcurrency(scope: PreflightScope): Promise<CheckResult[]> {
  const targets = scope.targets.filter((t) => t.model.target === 'lambda');
  if (targets.length === 0) return [];
  return guard(CHECK, 'account', async () => {
    const settings = await scope.ctx.aws(
      { action: 'lambda:GetAccountSettings', resource: 'the account' },
      () => scope.clients.lambda.send(new GetAccountSettingsCommand({})),
    );
    const limit = settings.AccountLimit?.ConcurrentExecutions ?? 0;
    const unreserved = settings.AccountLimit?.UnreservedConcurrentExecutions ?? limit;
    // What our functions reserve today is in (limit - unreserved) already; it is replaced, not added to.
    let oursToday = 0;
    for (const target of targets) oursToday += await currentReservation(scope, target);
    const othersReserve = limit - unreserved - oursToday;

    const reserving = targets.filter((t) => t.model.lambda.reservedConcurrency !== undefined);
    const reserved = reserving.reduce((sum, t) => sum + (t.model.lambda.reservedConcurrency ?? 0), 0);
    // Provisioned concurrency of a function with a reservation lives inside it; the others take from the pool.
    const unreservedProvisioned = targets
      .filter((t) => t.model.lambda.reservedConcurrency === undefined)
      .reduce((sum, t) => sum + peakProvisionedConcurrency(t.model), 0);
    const need = othersReserve + reserved + unreservedProvisioned + UNRESERVED_MINIMUM;
    const parts = [
      ...reserving.map((t) => `${t.model.name} reserves ${t.model.lambda.reservedConcurrency}`),
      ...targets
        .filter(
          (t) => t.model.lambda.reservedConcurrency === undefined && peakProvisionedConcurrency(t.model) > 0,
        )
        .map((t) => `${t.model.name} provisions up to ${peakProvisionedConcurrency(t.model)} unreserved`),
    ];
    const compared =
      `account concurrency ${limit} (unreserved ${unreserved}), needs ${need}: ` +
      `${othersReserve} reserved by other functions + ${parts.length > 0 ? parts.join(' + ') : 'nothing reserved here'} + ${UNRESERVED_MINIMUM} that must stay unreserved`;
    const results = [
      limit >= need
        ? result(CHECK, 'account', 'pass', compared)
        : result(
            CHECK,
            'account',
            'fail',
            `${compared}; request ${CONCURRENCY_QUOTA} (Concurrent executions) ≥ ${need} in Service Quotas ` +
              `(aws service-quotas request-service-quota-increase --service-code lambda --quota-code ${CONCURRENCY_QUOTA} --desired-value ${need}), ` +
              'or lower lambda.reservedConcurrency / lambda.provisionedConcurrency',
          ),
    ];
    results.push(...targets.flatMap((t) => functionLimits(t, limit)));
    return results;
  });
}

/** A reservation must hold the function's provisioned concurrency and leave the 100 unreserved. */
function functionLimits(target: ModelTarget, limit: number): CheckResult[] {
  const { name, lambda } = target.model;
  const reserved = lambda.reservedConcurrency;
  const peak = peakProvisionedConcurrency(target.model);
  if (reserved === undefined) return [];
  if (reserved > limit - UNRESERVED_MINIMUM) {
    return [
      result(
        CHECK,
        name,
        'fail',
        `lambda.reservedConcurrency ${reserved} > account concurrency ${limit} - ${UNRESERVED_MINIMUM}; lower it or request ${CONCURRENCY_QUOTA} ≥ ${reserved + UNRESERVED_MINIMUM}`,
      ),
    ];
  }
  if (peak > reserved) {
    return [
      result(
        CHECK,
        name,
        'fail',
        `provisioned concurrency up to ${peak} > lambda.reservedConcurrency ${reserved}; raise lambda.reservedConcurrency or lower lambda.provisionedConcurrency`,
      ),
    ];
  }
  return [result(CHECK, name, 'pass', `reserves ${reserved}, provisions up to ${peak} within it`)];
}

/** What the model's deployed function reserves today; 0 when it is not deployed or reserves nothing. */
async function currentReservation(scope: PreflightScope, target: ModelTarget): Promise<number> {
  const stack = await readStack(scope.ctx, target);
  const functionName = stack?.outputs.FunctionName;
  if (!functionName) return 0;
  const answer = await scope.ctx.aws(
    { action: 'lambda:GetFunctionConcurrency', resource: `function ${functionName}` },
    () => scope.clients.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: functionName })),
  );
  return answer.ReservedConcurrentExecutions ?? 0;
}
