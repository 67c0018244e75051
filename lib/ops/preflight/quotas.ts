import {
  ListAWSDefaultServiceQuotasCommand,
  ListServiceQuotasCommand,
  ServiceQuota,
} from '@aws-sdk/client-service-quotas';
import { PreflightScope } from './check';

/** A quota of Service Quotas with the value that applies to the account. */
export interface Quota {
  readonly name: string;
  readonly code: string;
  readonly value: number;
}

/** Looks quotas of one service up by name. */
export interface QuotaBook {
  find(matches: (name: string) => boolean): Promise<Quota | undefined>;
}

/**
 * The quotas of a service (service code `sagemaker`, `lambda`). ListServiceQuotas returns applied values only,
 * and leaves out the quotas whose applied value is not available; ListAWSDefaultServiceQuotas has their
 * defaults (AWS Service Quotas API Reference, "ListServiceQuotas",
 * https://docs.aws.amazon.com/servicequotas/2019-06-24/apireference/API_ListServiceQuotas.html). The defaults
 * are read only when a quota is missing from the applied values.
 */
export function quotaBook(scope: PreflightScope, serviceCode: string): QuotaBook {
  let applied: Promise<Quota[]> | undefined;
  let defaults: Promise<Quota[]> | undefined;
  return {
    find: async (matches) => {
      applied ??= listQuotas(scope, serviceCode, 'servicequotas:ListServiceQuotas');
      const found = (await applied).find((q) => matches(q.name));
      if (found) return found;
      defaults ??= listQuotas(scope, serviceCode, 'servicequotas:ListAWSDefaultServiceQuotas');
      return (await defaults).find((q) => matches(q.name));
    },
  };
}

async function listQuotas(scope: PreflightScope, serviceCode: string, action: string): Promise<Quota[]> {
  const quotas: Quota[] = [];
  let NextToken: string | undefined;
  do {
    const input = { ServiceCode: serviceCode, MaxResults: 100, NextToken };
    const page = await scope.ctx.aws({ action, resource: `service ${serviceCode}` }, () =>
      action === 'servicequotas:ListServiceQuotas'
        ? scope.clients.serviceQuotas.send(new ListServiceQuotasCommand(input))
        : scope.clients.serviceQuotas.send(new ListAWSDefaultServiceQuotasCommand(input)),
    );
    quotas.push(...(page.Quotas ?? []).flatMap(toQuota));
    NextToken = page.NextToken;
  } while (NextToken);
  return quotas;
}

function toQuota(quota: ServiceQuota): Quota[] {
  return quota.QuotaName && quota.QuotaCode && quota.Value !== undefined
    ? [{ name: quota.QuotaName, code: quota.QuotaCode, value: quota.Value }]
    : [];
}

/** What to tell a user whose quota is too low. */
export function requestIncrease(quota: Quota, serviceCode: string, atLeast: number): string {
  return `request ${quota.code} ≥ ${atLeast} in Service Quotas (aws service-quotas request-service-quota-increase --service-code ${serviceCode} --quota-code ${quota.code} --desired-value ${atLeast})`;
}
