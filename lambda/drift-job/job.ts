import type { DriftBaseline } from '../../contract/baseline';
import { classifierQuality, regressorQuality, type LabelCount } from './quality';
import { driftOf, DEFAULT_THRESHOLDS, type BinCount } from './report';
import { driftQuery, qualityQuery, type CaptureSource, type Window } from './sql';
import { metricLines } from './metrics';

export interface DriftJobConfig {
  readonly model: string;
  readonly environment: string;
  readonly namespace: string;
  readonly source: CaptureSource;
  readonly groundTruthTable: string;
  readonly task: 'classifier' | 'regressor';
  readonly windowHours: number;
  readonly minRecords: number;
  readonly reportPrefix: string;
}

export interface DriftJobDeps {
  readonly baseline: () => Promise<DriftBaseline>;
  readonly query: (sql: string) => Promise<{ rows: Record<string, string | null>[]; bytesScanned: number }>;
  readonly writeReport: (key: string, body: string) => Promise<void>;
  readonly writeLine: (line: string) => void;
}

/** The window a run at `now` reads: the last `hours` full hours. */
export function windowAt(now: Date, hours: number): Window {
  const end = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  return { start: new Date(end.getTime() - hours * 3_600_000), end };
}

/** One run: the drift and quality queries over the window, metrics as EMF lines, the report to S3. */
export async function runDriftJob(config: DriftJobConfig, deps: DriftJobDeps, now: Date) {
  const baseline = await deps.baseline();
  const window = windowAt(now, config.windowHours);
  const driftResult = await deps.query(driftQuery(config.source, baseline, window));
  const counts: BinCount[] = driftResult.rows.map((r) => ({
    feature: r.feature ?? '',
    bin: Number(r.bin),
    n: Number(r.n),
  }));
  const drift = driftOf(baseline, counts, { ...DEFAULT_THRESHOLDS, minRecords: config.minRecords });
  const qualityResult = await deps.query(
    qualityQuery(config.source, config.groundTruthTable, baseline.features.length, window),
  );
  const labels: LabelCount[] = qualityResult.rows.map((r) => ({
    prediction: r.prediction,
    label: r.label,
    n: Number(r.n),
  }));
  const quality = config.task === 'classifier' ? classifierQuality(labels) : regressorQuality(labels);
  for (const line of metricLines(
    config.namespace,
    config.model,
    config.environment,
    window.end,
    drift,
    quality,
  )) {
    deps.writeLine(line);
  }
  const report = {
    model: config.model,
    environment: config.environment,
    window: { start: window.start.toISOString(), end: window.end.toISOString() },
    bytesScanned: driftResult.bytesScanned + qualityResult.bytesScanned,
    drift,
    quality,
  };
  const key = `${config.reportPrefix}${window.end.toISOString().slice(0, 13).replace('T', '/')}.json`;
  await deps.writeReport(key, `${JSON.stringify(report, null, 2)}\n`);
  return { ...report, reportKey: key };
}
