/** One row of the quality query: a prediction, the true label and how many captured rows had both. */
export interface LabelCount {
  readonly prediction: string | null;
  readonly label: string | null;
  readonly n: number;
}

export interface ClassifierQuality {
  readonly kind: 'classifier';
  readonly labelled: number;
  readonly accuracy: number;
  /** Mean of the per-class F1 scores over the classes seen as label or prediction. */
  readonly macroF1: number;
}

export interface RegressorQuality {
  readonly kind: 'regressor';
  readonly labelled: number;
  readonly meanAbsoluteError: number;
  readonly rootMeanSquaredError: number;
}

export function classifierQuality(rows: readonly LabelCount[]): ClassifierQuality {
  const labelled = rows.reduce((sum, r) => sum + r.n, 0);
  const correct = rows.filter((r) => r.prediction === r.label).reduce((sum, r) => sum + r.n, 0);
  const classes = new Set(
    rows.flatMap((r) => [r.prediction, r.label]).filter((c): c is string => c !== null),
  );
  const f1s = [...classes].map((c) => {
    const tp = rows.filter((r) => r.prediction === c && r.label === c).reduce((s, r) => s + r.n, 0);
    const predicted = rows.filter((r) => r.prediction === c).reduce((s, r) => s + r.n, 0);
    const actual = rows.filter((r) => r.label === c).reduce((s, r) => s + r.n, 0);
    return predicted + actual === 0 ? 0 : (2 * tp) / (predicted + actual);
  });
  return {
    kind: 'classifier',
    labelled,
    accuracy: labelled === 0 ? 0 : correct / labelled,
    macroF1: f1s.length === 0 ? 0 : f1s.reduce((a, b) => a + b, 0) / f1s.length,
  };
}

export function regressorQuality(rows: readonly LabelCount[]): RegressorQuality {
  let labelled = 0;
  let absolute = 0;
  let squared = 0;
  for (const r of rows) {
    const error = Number(r.prediction) - Number(r.label);
    if (!Number.isFinite(error)) continue;
    labelled += r.n;
    absolute += Math.abs(error) * r.n;
    squared += error * error * r.n;
  }
  return {
    kind: 'regressor',
    labelled,
    meanAbsoluteError: labelled === 0 ? 0 : absolute / labelled,
    rootMeanSquaredError: labelled === 0 ? 0 : Math.sqrt(squared / labelled),
  };
}
