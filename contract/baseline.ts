/**
 * The drift baseline: what `mldeploy baseline` writes from a model's training data and the drift job reads to bin
 * captured values the same way. Imports nothing.
 */

export const BASELINE_FORMAT = 'mldeploy.baseline.v1';

/** A numeric feature: bins are (-∞, e₁), [e₁, e₂), …, [eₖ₋₁, +∞) for the interior edges e₁ < … < eₖ₋₁. */
export interface NumericFeatureBaseline {
  readonly name: string;
  readonly kind: 'numeric';
  /** Interior bin edges, ascending; k − 1 of them for k bins. */
  readonly edges: readonly number[];
  /** Share of the training rows in each bin (k values, sum 1). */
  readonly proportions: readonly number[];
  readonly stats: {
    readonly count: number;
    readonly missing: number;
    readonly min: number;
    readonly max: number;
    readonly mean: number;
    readonly stdDev: number;
  };
}

/** A categorical feature or output: one bin per category, and a last bin for anything else. */
export interface CategoricalBaseline {
  readonly name: string;
  readonly kind: 'categorical';
  readonly categories: readonly string[];
  /** Share of the training rows per category, then the share of other values (categories.length + 1 values). */
  readonly proportions: readonly number[];
  readonly stats: { readonly count: number; readonly missing: number; readonly distinct: number };
}

export type FeatureBaseline = NumericFeatureBaseline | CategoricalBaseline;

export interface DriftBaseline {
  readonly format: typeof BASELINE_FORMAT;
  readonly model: string;
  /** Rows of the data the baseline was computed from. */
  readonly rows: number;
  /** Features in the model's input order (the order of a capture record's `features`). */
  readonly features: readonly FeatureBaseline[];
  /** Distribution of the model's output (the capture record's `prediction`). */
  readonly prediction: CategoricalBaseline | NumericFeatureBaseline;
}
