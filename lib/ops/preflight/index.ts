import * as path from 'node:path';
import { OpsContext } from '../context';
import { EXIT } from '../errors';
import { formatTable, writeJson } from '../output';
import { loadConfig, ModelTarget, stackNameOf } from '../targets';
import { checkBootstrap } from './bootstrap';
import { CheckResult, PreflightScope } from './check';
import { checkIdentity } from './identity';
import { checkLambdaConcurrency } from './lambda-concurrency';
import { checkModelMonitor } from './monitoring';
import { checkSageMakerCapacity } from './sagemaker-capacity';
import { checkScaleToZero } from './scale-to-zero';
import { checkServiceLinkedRoles } from './service-linked-roles';
import { checkSources } from './sources';

export type { CheckResult, CheckStatus } from './check';

export interface PreflightOptions {
  readonly config: string;
  readonly env: string;
  /** The synthesized cloud assembly, relative to the context's cwd. @default cdk.out */
  readonly assembly?: string;
}

export interface PreflightReport {
  readonly environment: string;
  readonly account?: string;
  readonly region?: string;
  /** No check failed. */
  readonly ok: boolean;
  readonly summary: { readonly pass: number; readonly warn: number; readonly fail: number };
  readonly checks: readonly CheckResult[];
}

/**
 * Whether one environment of the config will deploy in the account and region the caller's credentials reach
 * today: read-only AWS calls, one result per check. The library form of `mldeploy preflight`.
 */
export async function runPreflight(ctx: OpsContext, options: PreflightOptions): Promise<PreflightReport> {
  const config = loadConfig(options.config, ctx.cwd, [options.env]);
  const environment = config.environments[0];
  const clients = ctx.clientsFor(environment.region);
  const identity = await checkIdentity(ctx, clients, environment, options.config);
  if (!identity.ok) return report(environment.name, [identity.check]);

  const targets: ModelTarget[] = environment.models.map((model) => ({
    project: config.project,
    environment: environment.name,
    region: environment.region,
    model,
    stackName: stackNameOf(config.project, environment.name, model.name),
  }));
  const scope: PreflightScope = {
    ctx,
    project: config.project,
    environment,
    targets,
    clients,
    account: identity.account,
    region: identity.region,
    partition: identity.partition,
  };
  const checks: CheckResult[] = [identity.check];
  // One after the other: a few dozen calls at most, and no burst that the account's API rate limits would throttle.
  checks.push(...(await checkBootstrap(scope, path.resolve(ctx.cwd, options.assembly ?? 'cdk.out'))));
  checks.push(...(await checkSageMakerCapacity(scope)));
  checks.push(...checkScaleToZero(scope));
  checks.push(...(await checkLambdaConcurrency(scope)));
  checks.push(...(await checkSources(scope)));
  checks.push(...(await checkModelMonitor(scope)));
  checks.push(...(await checkServiceLinkedRoles(scope)));
  return report(environment.name, checks, identity.account, identity.region);
}

function report(
  environment: string,
  checks: CheckResult[],
  account?: string,
  region?: string,
): PreflightReport {
  const count = (status: string) => checks.filter((c) => c.status === status).length;
  const summary = { pass: count('pass'), warn: count('warn'), fail: count('fail') };
  return { environment, account, region, ok: summary.fail === 0, summary, checks };
}

/** `mldeploy preflight`: prints the report; exit 1 when a check failed. */
export async function preflight(ctx: OpsContext, options: PreflightOptions): Promise<number> {
  const result = await runPreflight(ctx, options);
  if (ctx.json) writeJson(ctx.stdout, result);
  else ctx.stdout.write(formatReport(result));
  return result.ok ? EXIT.ok : EXIT.failed;
}

export function formatReport(report: PreflightReport): string {
  const where = report.account ? ` in account ${report.account}, ${report.region}` : '';
  const rows = report.checks.map((c) => [c.status.toUpperCase(), c.check, c.subject, c.message]);
  const { pass, warn, fail } = report.summary;
  const verdict =
    fail > 0
      ? `${report.environment} will not deploy as configured`
      : `${report.environment} is ready to deploy`;
  return (
    `preflight of ${report.environment}${where}\n` +
    formatTable(['STATUS', 'CHECK', 'SUBJECT', 'DETAIL'], rows) +
    `${pass} passed, ${warn} ${warn === 1 ? 'warning' : 'warnings'}, ${fail} failed: ${verdict}\n`
  );
}
