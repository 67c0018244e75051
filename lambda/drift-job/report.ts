import type { DriftBaseline, FeatureBaseline } from '../../contract/baseline';
import { jensenShannonDistance, populationStabilityIndex, proportions } from './distance';
import { PREDICTION } from './sql';

/** One row of the drift query's result. */
export interface BinCount {
  readonly feature: string;
  readonly bin: number;
  readonly n: number;
}

export type DriftStatus = 'stable' | 'moderate' | 'significant' | 'insufficient-data';

export interface FeatureDrift {
  readonly feature: string;
  /** Captured rows with a value for this feature in the window. */
  readonly records: number;
  /** Captured rows without one (missing or unreadable). */
  readonly missing: number;
  readonly psi?: number;
  readonly jensenShannon?: number;
  readonly status: DriftStatus;
}

export interface DriftThresholds {
  /** Fewer captured rows than this in the window give `insufficient-data`, not a distance. */
  readonly minRecords: number;
  /** PSI at or above this is a moderate shift. */
  readonly moderatePsi: number;
  /** PSI above this is a significant shift. */
  readonly significantPsi: number;
}

/** The common reading of PSI: < 0.1 stable, 0.1–0.25 moderate, > 0.25 significant. */
export const DEFAULT_THRESHOLDS: DriftThresholds = {
  minRecords: 100,
  moderatePsi: 0.1,
  significantPsi: 0.25,
};

/** Distances per feature and for the prediction (named {@link PREDICTION}) from the drift query's counts. */
export function driftOf(
  baseline: DriftBaseline,
  counts: readonly BinCount[],
  thresholds: DriftThresholds = DEFAULT_THRESHOLDS,
): FeatureDrift[] {
  const features: [string, FeatureBaseline][] = [
    ...baseline.features.map((f): [string, FeatureBaseline] => [f.name, f]),
    [PREDICTION, baseline.prediction],
  ];
  return features.map(([name, feature]) => {
    const expected = feature.proportions;
    const actual = new Array<number>(expected.length).fill(0);
    let missing = 0;
    for (const row of counts) {
      if (row.feature !== name) continue;
      if (row.bin < 0 || row.bin >= actual.length) missing += row.n;
      else actual[row.bin] += row.n;
    }
    const records = actual.reduce((a, b) => a + b, 0);
    if (records < thresholds.minRecords)
      return { feature: name, records, missing, status: 'insufficient-data' };
    const psi = round(populationStabilityIndex(expected, proportions(actual)));
    const jensenShannon = round(jensenShannonDistance(expected, actual));
    const status: DriftStatus =
      psi > thresholds.significantPsi ? 'significant' : psi >= thresholds.moderatePsi ? 'moderate' : 'stable';
    return { feature: name, records, missing, psi, jensenShannon, status };
  });
}

function round(value: number): number {
  return Number(value.toFixed(6));
}
