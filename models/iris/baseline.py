#!/usr/bin/python3
"""Write the SageMaker Model Monitor data-quality baseline of the Iris model's input features.

Run from anywhere with the Debian Python (it has numpy):

    /usr/bin/python3 models/iris/baseline.py

Reads data/iris.csv (the 150 rows the model was trained and evaluated on) and writes, relative to
this directory, in the documented Model Monitor formats ("Schema for Statistics" and "Schema for
Constraints" of the SageMaker developer guide):

    baseline/statistics.json    per-feature count, mean, sum, std_dev, min, max and distribution
    baseline/constraints.json   per-feature type, completeness, non-negativity, and the drift check

The feature names are those the record preprocessor (baseline/preprocessor.py) gives the columns of
a captured Open Inference Protocol v2 request, so the monitoring job compares like with like.
The output is deterministic: every run writes byte-identical files.
"""

import csv
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
BUCKETS = 10  # Model Monitor materialises distributions in 10 buckets
# KLL sketch parameters the built-in analyzer uses. With fewer items than k, the sketch keeps every
# item at level 0 (no compaction), so it is exact for this data set.
KLL_C = 0.64
KLL_K = 2048
# Largest distribution distance from the baseline before a baseline_drift_check violation.
COMPARISON_THRESHOLD = 0.1


def read_features(path):
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    return np.array([[float(row[name]) for name in FEATURES] for row in rows], dtype=np.float64)


def number(value):
    """A float as JSON writes it, rounded to keep the files stable and readable."""
    return float(round(float(value), 10))


def kll_buckets(values):
    low, high = float(values.min()), float(values.max())
    edges = np.linspace(low, high, BUCKETS + 1)
    # The last bucket includes its upper bound, like numpy.histogram.
    counts, _ = np.histogram(values, bins=edges)
    return [
        {"lower_bound": number(edges[i]), "upper_bound": number(edges[i + 1]), "count": number(counts[i])}
        for i in range(BUCKETS)
    ]


def feature_statistics(name, values):
    if len(values) > KLL_K:
        raise SystemExit(f"{len(values)} rows exceed the exact KLL sketch size {KLL_K}")
    return {
        "name": name,
        "inferred_type": "Fractional",
        "numerical_statistics": {
            "common": {"num_present": len(values), "num_missing": 0},
            "mean": number(values.mean()),
            "sum": number(values.sum()),
            "std_dev": number(values.std()),
            "min": number(values.min()),
            "max": number(values.max()),
            "distribution": {
                "kll": {
                    "buckets": kll_buckets(values),
                    "sketch": {
                        "parameters": {"c": KLL_C, "k": number(KLL_K)},
                        "data": [[number(v) for v in np.sort(values)]],
                    },
                }
            },
        },
    }


def statistics(data):
    return {
        "version": 0,
        "dataset": {"item_count": int(data.shape[0])},
        "features": [feature_statistics(name, data[:, i]) for i, name in enumerate(FEATURES)],
    }


def constraints(data):
    return {
        "version": 0,
        "features": [
            {
                "name": name,
                "inferred_type": "Fractional",
                "completeness": 1.0,
                "num_constraints": {"is_non_negative": bool((data[:, i] >= 0).all())},
            }
            for i, name in enumerate(FEATURES)
        ],
        "monitoring_config": {
            "evaluate_constraints": "Enabled",
            "emit_metrics": "Enabled",
            "datatype_check_threshold": 1.0,
            "domain_content_threshold": 1.0,
            "distribution_constraints": {
                "perform_comparison": "Enabled",
                "comparison_threshold": COMPARISON_THRESHOLD,
                "comparison_method": "Robust",
            },
        },
    }


def write_json(path, value):
    with open(path, "w") as handle:
        json.dump(value, handle, indent=2)
        handle.write("\n")


def main():
    data = read_features(os.path.join(HERE, "data", "iris.csv"))
    out = os.path.join(HERE, "baseline")
    os.makedirs(out, exist_ok=True)
    write_json(os.path.join(out, "statistics.json"), statistics(data))
    write_json(os.path.join(out, "constraints.json"), constraints(data))
    print(f"baseline of {data.shape[0]} rows x {len(FEATURES)} features written to {out}")


if __name__ == "__main__":
    main()
