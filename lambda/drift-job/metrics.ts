import { DRIFT_DIMENSIONS, DRIFT_METRICS, PREDICTION_FEATURE } from '../../contract/drift';
import type { FeatureDrift } from './report';
import type { ClassifierQuality, RegressorQuality } from './quality';
import { PREDICTION } from './sql';

/**
 * The run's metrics as embedded metric format lines: CloudWatch Logs turns each into metric values, so the job
 * needs neither the CloudWatch API nor its permission ("Specification: Embedded metric format",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 */
export function metricLines(
  namespace: string,
  model: string,
  environment: string,
  time: Date,
  drift: readonly FeatureDrift[],
  quality?: ClassifierQuality | RegressorQuality,
): string[] {
  const line = (feature: string | undefined, values: Record<string, number | undefined>, unit = 'None') => {
    const present = Object.entries(values).filter((e): e is [string, number] => e[1] !== undefined);
    if (present.length === 0) return [];
    const dimensions: string[] = [DRIFT_DIMENSIONS.model, DRIFT_DIMENSIONS.environment];
    if (feature !== undefined) dimensions.push(DRIFT_DIMENSIONS.feature);
    return [
      JSON.stringify({
        _aws: {
          Timestamp: time.getTime(),
          CloudWatchMetrics: [
            {
              Namespace: namespace,
              Dimensions: [dimensions],
              Metrics: present.map(([Name]) => ({ Name, Unit: unit })),
            },
          ],
        },
        [DRIFT_DIMENSIONS.model]: model,
        [DRIFT_DIMENSIONS.environment]: environment,
        ...(feature === undefined ? {} : { [DRIFT_DIMENSIONS.feature]: feature }),
        ...Object.fromEntries(present),
      }),
    ];
  };
  const lines = drift.flatMap((d) =>
    line(d.feature === PREDICTION ? PREDICTION_FEATURE : d.feature, {
      [DRIFT_METRICS.psi]: d.psi,
      [DRIFT_METRICS.jensenShannon]: d.jensenShannon,
    }),
  );
  const records = drift[0]?.records ?? 0;
  lines.push(
    ...line(undefined, {
      [DRIFT_METRICS.records]: records,
      [DRIFT_METRICS.insufficientData]: drift.some((d) => d.status === 'insufficient-data') ? 1 : 0,
    }),
  );
  if (quality?.kind === 'classifier' && quality.labelled > 0) {
    lines.push(
      ...line(undefined, {
        [DRIFT_METRICS.accuracy]: quality.accuracy,
        [DRIFT_METRICS.macroF1]: quality.macroF1,
        [DRIFT_METRICS.labelled]: quality.labelled,
      }),
    );
  }
  if (quality?.kind === 'regressor' && quality.labelled > 0) {
    lines.push(
      ...line(undefined, {
        [DRIFT_METRICS.meanAbsoluteError]: quality.meanAbsoluteError,
        [DRIFT_METRICS.rootMeanSquaredError]: quality.rootMeanSquaredError,
        [DRIFT_METRICS.labelled]: quality.labelled,
      }),
    );
  }
  return lines;
}
