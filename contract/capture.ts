/**
 * The capture record a Lambda-hosted model writes for a sampled share of its answers, and the names both the
 * writer (lambda/inference/capture.ts) and the readers (the capture stream's subscription filter, the Glue table,
 * the drift and quality queries) agree on. Imports nothing.
 */

/** Value of {@link CaptureRecord.capture}: marks a stdout line as a capture record and versions its shape. */
export const CAPTURE_RECORD_VERSION = 'mldeploy.capture.v1';

/**
 * One captured row of one answer, written as one JSON line on stdout. A batched request gives one record per row;
 * rows after the first get `inference_id` `<id>/<row>`, so ground truth joins on one key.
 */
export interface CaptureRecord {
  readonly capture: typeof CAPTURE_RECORD_VERSION;
  /** The model name (`model_name` of the answer). */
  readonly model: string;
  /** The model version (`model_version` of the answer). */
  readonly version: string;
  /** When the answer was built, ISO 8601 in UTC with milliseconds (`2026-12-01T10:15:00.000Z`). */
  readonly time: string;
  /** The request's `id` (or the Lambda request id when it has none), with `/<row>` for rows after the first. */
  readonly inference_id: string;
  /**
   * The row's values of every input tensor, each flattened, concatenated in the model's input order; a boolean is 1
   * or 0, a value that is no number (a string) is null.
   */
  readonly features: readonly (number | null)[];
  /**
   * The row's value of the first output tensor (a class label or a regression value), as text; the index of the
   * highest value when the row holds several (class scores).
   */
  readonly prediction: string;
}

/**
 * CloudWatch Logs filter pattern that selects capture records among the function's log lines (JSON filter
 * pattern syntax: "Filter pattern syntax for metric filters, subscription filters, and filter log events",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html).
 */
export const CAPTURE_FILTER_PATTERN = `{ $.capture = "${CAPTURE_RECORD_VERSION}" }`;

/**
 * Largest capture line, and largest single write of capture lines, the function makes, in bytes. A CloudWatch Logs
 * event may hold up to 1 MB (the "Event size" quota, "CloudWatch Logs quotas",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html), but Lambda's log collector
 * has been seen to cut long stdout lines into separate events at 64 KiB boundaries (not documented by AWS; reported
 * at https://stackoverflow.com/questions/77175643). A cut line is broken JSON that the subscription filter's
 * pattern no longer matches, a loss nothing would count; lines and writes kept under 64 KiB are not cut. A longer
 * line is dropped and counted instead.
 */
export const MAX_CAPTURE_LINE_BYTES = 60 * 1024;

/** Key prefix of a Lambda model's capture records in the capture bucket, under the model's own prefix. */
export function lambdaCapturePrefix(modelName: string): string {
  return `${modelName}/lambda/`;
}
