import { endpointName } from '../../config';
import { CheckResult, guard, PreflightScope, result } from './check';
import { instanceDemand, serverlessModels } from './demand';
import { endpointConfigCount, endpointUsage, EndpointUsage } from './endpoint-usage';
import { Quota, QuotaBook, quotaBook, requestIncrease } from './quotas';

const SERVICE = 'sagemaker';

/**
 * Quota names of Service Quotas (service code `sagemaker`). Instance quotas are named `<type> for endpoint
 * usage`, as SageMaker's own ResourceLimitExceeded message quotes them ("The account-level service limit
 * 'ml.g4dn.xlarge for endpoint usage' is 0 Instances"); each instance type has its own quota code, so they are
 * found by name. The quota names below are matched loosely (case, wording around the key words): when none
 * matches, the check warns instead of guessing.
 */
const instanceQuota = (type: string) => (name: string) => name.toLowerCase() === `${type} for endpoint usage`;
/** "Maximum total concurrency that can be allocated across all serverless endpoints" (L-96300102). */
const serverlessConcurrencyQuota = (name: string) => /total concurrency.*serverless endpoints/i.test(name);
const serverlessMemoryQuota = (name: string) => /serverless/i.test(name) && /memory/i.test(name);
const endpointsQuota = (name: string) =>
  /^(maximum )?number of endpoints( per (account|region))?$/i.test(name);
const endpointConfigsQuota = (name: string) =>
  /^(maximum )?number of endpoint config(uration)?s( per (account|region))?$/i.test(name);

/** SageMaker quotas against what the environment's SageMaker models ask for. */
export async function checkSageMakerCapacity(scope: PreflightScope): Promise<CheckResult[]> {
  const { sharedEndpoints } = scope.environment;
  const shared = new Set(sharedEndpoints.flatMap((group) => group.models));
  // A model on a shared endpoint has no endpoint of its own: the shared endpoint is counted instead.
  const models = scope.environment.models.filter((m) => m.target === 'sagemaker' && !shared.has(m.name));
  if (models.length === 0 && sharedEndpoints.length === 0) return [];
  const ours = new Set(
    [...models.map((m) => m.name), ...sharedEndpoints.map((group) => group.name)].map((name) =>
      endpointName(scope.project, name, scope.environment.name),
    ),
  );
  const quotas = quotaBook(scope, SERVICE);
  let usage: Promise<EndpointUsage> | undefined;
  const usageOnce = () => (usage ??= endpointUsage(scope, ours));

  const results: CheckResult[] = [];
  for (const demand of instanceDemand(models, sharedEndpoints)) {
    results.push(
      ...(await guard('sagemaker-instances', demand.instanceType, async () => {
        const quota = await quotas.find(instanceQuota(demand.instanceType));
        const subject = demand.instanceType;
        if (!quota) {
          return [
            result(
              'sagemaker-instances',
              subject,
              'warn',
              `Service Quotas has no quota "${subject} for endpoint usage" in ${scope.region}: the instance type may not be offered for endpoints there; check sagemaker.instanceType`,
            ),
          ];
        }
        const others = (await usageOnce()).otherInstances.get(subject) ?? 0;
        const need = demand.instances + others;
        const detail =
          demand.models.map((m) => `${m.model}: up to ${m.peak}, ${m.why}`).join('; ') +
          `; ${others} on other endpoints`;
        const compared = `${quota.name} (${quota.code}) is ${quota.value}, a deploy needs ${need} (${detail})`;
        return [
          quota.value >= need
            ? result('sagemaker-instances', subject, 'pass', compared)
            : result(
                'sagemaker-instances',
                subject,
                'fail',
                `${compared}; ${requestIncrease(quota, SERVICE, need)}, or lower scaling.maxInstances, or choose rollout.strategy rolling`,
              ),
        ];
      })),
    );
  }

  const serverless = serverlessModels(models);
  if (serverless.length > 0) {
    results.push(
      ...(await guard('sagemaker-serverless', 'concurrency', () =>
        serverlessConcurrency(quotas, serverless, usageOnce),
      )),
    );
    results.push(
      ...(await guard('sagemaker-serverless', 'memory', () => serverlessMemory(quotas, serverless))),
    );
  }
  results.push(
    ...(await guard('sagemaker-endpoints', 'endpoints', async () => {
      const current = await usageOnce();
      const added = [...ours].filter((name) => !current.existing.has(name)).length;
      return [
        countCheck(
          'sagemaker-endpoints',
          'endpoints',
          await quotas.find(endpointsQuota),
          current.endpointCount,
          added,
          'new endpoints',
        ),
      ];
    })),
    // Every deploy creates a new endpoint config before CloudFormation deletes the old one.
    ...(await guard('sagemaker-endpoints', 'endpoint configs', async () => [
      countCheck(
        'sagemaker-endpoints',
        'endpoint configs',
        await quotas.find(endpointConfigsQuota),
        await endpointConfigCount(scope),
        models.length + sharedEndpoints.length,
        'new configs during the deploy',
      ),
    ])),
  );
  return results;
}

async function serverlessConcurrency(
  quotas: QuotaBook,
  serverless: readonly { name: string; sagemaker: { serverless: { maxConcurrency: number } } }[],
  usage: () => Promise<EndpointUsage>,
): Promise<CheckResult[]> {
  const quota = await quotas.find(serverlessConcurrencyQuota);
  if (!quota)
    return [
      missing('sagemaker-serverless', 'concurrency', 'total concurrency across all serverless endpoints'),
    ];
  const ours = serverless.reduce((sum, m) => sum + m.sagemaker.serverless.maxConcurrency, 0);
  const others = (await usage()).otherServerlessConcurrency;
  const need = ours + others;
  const compared = `${quota.name} (${quota.code}) is ${quota.value}, needs ${need} (${serverless.map((m) => `${m.name}: ${m.sagemaker.serverless.maxConcurrency}`).join(', ')}; ${others} on other endpoints)`;
  return [
    quota.value >= need
      ? result('sagemaker-serverless', 'concurrency', 'pass', compared)
      : result(
          'sagemaker-serverless',
          'concurrency',
          'fail',
          `${compared}; ${requestIncrease(quota, SERVICE, need)}, or lower sagemaker.serverless.maxConcurrency`,
        ),
  ];
}

async function serverlessMemory(
  quotas: QuotaBook,
  serverless: readonly { name: string; sagemaker: { serverless: { memorySizeMb: number } } }[],
): Promise<CheckResult[]> {
  const quota = await quotas.find(serverlessMemoryQuota);
  if (!quota) return [missing('sagemaker-serverless', 'memory', 'serverless endpoint memory')];
  const largest = Math.max(...serverless.map((m) => m.sagemaker.serverless.memorySizeMb));
  const over = serverless.filter((m) => m.sagemaker.serverless.memorySizeMb > quota.value).map((m) => m.name);
  const compared = `${quota.name} (${quota.code}) is ${quota.value} MB, the largest serverless model asks ${largest} MB`;
  return [
    over.length === 0
      ? result('sagemaker-serverless', 'memory', 'pass', compared)
      : result(
          'sagemaker-serverless',
          'memory',
          'fail',
          `${compared} (${over.join(', ')}); ${requestIncrease(quota, SERVICE, largest)}, or lower sagemaker.serverless.memorySizeMb`,
        ),
  ];
}

function countCheck(
  check: string,
  subject: string,
  quota: Quota | undefined,
  current: number,
  added: number,
  what: string,
): CheckResult {
  if (!quota) return missing(check, subject, `number of ${subject}`);
  const need = current + added;
  const compared = `${quota.name} (${quota.code}) is ${quota.value}, the account has ${current} + ${added} ${what} = ${need}`;
  return quota.value >= need
    ? result(check, subject, 'pass', compared)
    : result(
        check,
        subject,
        'fail',
        `${compared}; delete unused ${subject} or ${requestIncrease(quota, SERVICE, need)}`,
      );
}

function missing(check: string, subject: string, what: string): CheckResult {
  return result(
    check,
    subject,
    'warn',
    `no SageMaker quota for ${what} found in Service Quotas; compare it by hand in the Service Quotas console`,
  );
}
