/**
 * Distances between a baseline distribution and a captured one over the same bins.
 *
 * Population stability index: PSI = Σ (aᵢ − eᵢ) · ln(aᵢ / eᵢ), the common reading being < 0.1 stable, 0.1–0.25
 * moderate shift, > 0.25 significant shift (Yurdakul, "Statistical properties of population stability index", 2018).
 * Jensen–Shannon distance: the square root of the Jensen–Shannon divergence in base 2, between 0 and 1.
 * Empty bins get a small share (EPSILON) so the logarithms stay finite, the usual smoothing for PSI.
 */
const EPSILON = 1e-4;

export function proportions(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total === 0 ? 0 : c / total));
}

function smoothed(p: readonly number[]): number[] {
  const lifted = p.map((x) => Math.max(x, EPSILON));
  const total = lifted.reduce((a, b) => a + b, 0);
  return lifted.map((x) => x / total);
}

export function populationStabilityIndex(expected: readonly number[], actual: readonly number[]): number {
  checkSameLength(expected, actual);
  const e = smoothed(expected);
  const a = smoothed(actual);
  return e.reduce((sum, ei, i) => sum + (a[i] - ei) * Math.log(a[i] / ei), 0);
}

export function jensenShannonDistance(expected: readonly number[], actual: readonly number[]): number {
  checkSameLength(expected, actual);
  const e = proportions(expected);
  const a = proportions(actual);
  const kl = (p: number[], q: number[]) =>
    p.reduce((sum, pi, i) => (pi === 0 ? sum : sum + pi * Math.log2(pi / q[i])), 0);
  const m = e.map((ei, i) => (ei + a[i]) / 2);
  const divergence = (kl(e, m) + kl(a, m)) / 2;
  return Math.sqrt(Math.max(0, Math.min(1, divergence)));
}

function checkSameLength(expected: readonly number[], actual: readonly number[]): void {
  if (expected.length !== actual.length) {
    throw new Error(`distributions over different bins: ${expected.length} and ${actual.length}`);
  }
}
