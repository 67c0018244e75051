/**
 * The candidates closest to a mistyped value (edit distance, case-insensitive), for "did you mean …?"
 * hints: those at the smallest distance found, if it is within `maxDistance` edits.
 */
export function closestMatches(
  value: string,
  candidates: readonly string[],
  { maxDistance = 2, limit = 3 }: { maxDistance?: number; limit?: number } = {},
): string[] {
  const wanted = value.toLowerCase();
  const scored = candidates.map((candidate) => ({
    candidate,
    distance: editDistance(wanted, candidate.toLowerCase()),
  }));
  const best = Math.min(...scored.map(({ distance }) => distance));
  if (best > maxDistance) return [];
  return scored
    .filter(({ distance }) => distance === best)
    .map(({ candidate }) => candidate)
    .sort()
    .slice(0, limit);
}

/** "; did you mean a or b?" when there are close candidates, "" otherwise. */
export function didYouMean(value: string, candidates: readonly string[]): string {
  const matches = closestMatches(value, candidates);
  return matches.length === 0 ? '' : `; did you mean ${matches.join(' or ')}?`;
}

/** Levenshtein distance: insertions, deletions and substitutions each cost one. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
