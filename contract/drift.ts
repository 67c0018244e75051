/**
 * Names the drift job (lambda/drift-job/) and the constructs that deploy it and alarm on its metrics
 * (lib/constructs/monitoring/) agree on. Imports nothing.
 */

/** Environment variables of the drift job function. */
export const DRIFT_JOB_ENV = {
  /** Athena workgroup the queries run in (its settings are enforced: results location, encryption, scan cutoff). */
  workgroup: 'ATHENA_WORKGROUP',
  /** `"database"."table"` of the model's captured records. */
  captureTable: 'CAPTURE_TABLE',
  /** `lambda` or `sagemaker`: the shape of the captured records. */
  captureFormat: 'CAPTURE_FORMAT',
  /** `"database"."table"` of the model's ground truth. */
  groundTruthTable: 'GROUND_TRUTH_TABLE',
  /** `classifier` or `regressor`: which quality metrics the ground truth gives. */
  task: 'MODEL_TASK',
  /** `s3://bucket/key` of the baseline JSON (contract/baseline.ts). */
  baselineUri: 'BASELINE_S3_URI',
  /** Bucket and key prefix the run reports are written under. */
  reportBucket: 'REPORT_BUCKET',
  reportPrefix: 'REPORT_PREFIX',
  /** Hours of the window each run reads (1 or 24), ending at the last full hour. */
  windowHours: 'WINDOW_HOURS',
  /** Fewest captured rows a window needs for a distance. */
  minRecords: 'MIN_RECORDS',
  /** The model and environment: metric dimensions. */
  modelName: 'MODEL_NAME',
  environment: 'ENVIRONMENT_NAME',
  /** CloudWatch namespace of the drift metrics. */
  metricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
} as const;

/** Namespace of the drift and quality metrics. */
export const DRIFT_METRICS_NAMESPACE = 'MlDeploy/Monitoring';

/** Metrics the drift job writes in embedded metric format, dimensions {@link DRIFT_DIMENSIONS}. */
export const DRIFT_METRICS = {
  /** Population stability index of a feature (dimension Feature) over the window. */
  psi: 'FeaturePSI',
  /** Jensen–Shannon distance of a feature over the window. */
  jensenShannon: 'FeatureJensenShannon',
  /** Captured rows in the window. */
  records: 'CapturedRecords',
  /** 1 when the window held too few rows for a distance. */
  insufficientData: 'InsufficientData',
  /** Accuracy of the labelled answers (classifiers), 0–1. */
  accuracy: 'Accuracy',
  /** Macro F1 of the labelled answers (classifiers), 0–1. */
  macroF1: 'MacroF1',
  /** Mean absolute error (regressors). */
  meanAbsoluteError: 'MAE',
  /** Root mean squared error (regressors). */
  rootMeanSquaredError: 'RMSE',
  /** Answers with ground truth in the window. */
  labelled: 'LabelledRecords',
} as const;

export const DRIFT_DIMENSIONS = { model: 'Model', environment: 'Environment', feature: 'Feature' } as const;

/** The Feature dimension value of the prediction. */
export const PREDICTION_FEATURE = 'prediction';
