import { formatTable } from '../output';
import { CostEstimate, ModelCost } from './estimate';

/** Dollars with cents; `price missing` for an unknown figure. */
export function dollars(value: number | null): string {
  return value === null
    ? 'price missing'
    : `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** `mldeploy cost` as text: a summary table, then each model's lines and what is left out. */
export function formatCosts(estimate: CostEstimate): string {
  const summary = formatTable(
    ['ENVIRONMENT', 'MODEL', 'HOSTING', 'REGION', 'MIN/MONTH', 'MAX/MONTH', ''],
    [
      ...estimate.models.map((m) => [
        m.environment,
        m.model,
        m.hosting,
        m.region,
        dollars(m.monthlyMinUsd),
        dollars(m.monthlyMaxUsd),
        m.usageBased.length > 0 ? '+ usage-based' : '',
      ]),
      ...estimate.environments.map((e) => [
        e.environment,
        '(total)',
        '',
        '',
        dollars(e.monthlyMinUsd),
        dollars(e.monthlyMaxUsd),
      ]),
    ],
  );
  return [
    summary,
    ...estimate.models.map(formatModel),
    `A month is ${estimate.hoursPerMonth} hours (AWS's convention). On-Demand list prices in USD, before tax, free tier and discounts.\n`,
  ].join('\n');
}

function formatModel(m: ModelCost): string {
  const lines = [`${m.environment}/${m.model} (${m.priceSource})`];
  for (const line of m.lines) {
    lines.push(`  ${line.item}: ${dollars(line.minUsd)} – ${dollars(line.maxUsd)}`, `    ${line.basis}`);
  }
  for (const item of m.usageBased) lines.push(`  usage-based, not included: ${item}`);
  for (const price of m.missingPrices) lines.push(`  price missing: ${price}`);
  for (const note of m.notes) lines.push(`  note: ${note}`);
  return lines.join('\n') + '\n';
}
