import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { ConstructValidationError } from '../errors/validation';

/** One graph of a model's row: metrics on the left axis (and optionally the right), with limit lines. */
export interface PanelGraph {
  /** Metrics on the left axis. */
  readonly left: readonly cloudwatch.IMetric[];
  /** Metrics on the right axis. @default none */
  readonly right?: readonly cloudwatch.IMetric[];
  /** Horizontal lines on the left axis, e.g. the scaling limits. @default none */
  readonly limits?: readonly cloudwatch.HorizontalAnnotation[];
  /** Label and range of the left axis; put the unit in the label. @default automatic */
  readonly leftYAxis?: cloudwatch.YAxisProps;
  /** Label and range of the right axis. @default automatic */
  readonly rightYAxis?: cloudwatch.YAxisProps;
}

/** What users of a large language model feel, and what fills up first on its GPUs. */
export interface LlmPanelGraphs {
  readonly timeToFirstTokenMs: PanelGraph;
  readonly tokensPerSecond: PanelGraph;
  readonly gpuMemoryPercent: PanelGraph;
}

/**
 * What a dashboard shows of one model, whatever hosts it. Latency is in milliseconds; traffic and
 * errors are counts per minute.
 */
export interface ModelPanel {
  /** Model name, the title of its row. */
  readonly name: string;
  /** Where the model runs, e.g. `sagemaker` or `lambda`; shown beside the name. */
  readonly target: string;
  /** One line under the title: what is hosted and how. @default none */
  readonly summary?: string;
  /** Requests per minute. */
  readonly traffic: PanelGraph;
  /** Failed or refused requests per minute. */
  readonly errors: PanelGraph;
  /** Latency percentiles in milliseconds. */
  readonly latencyMs: PanelGraph;
  /** What the model runs on (instances, concurrency) against its limits. */
  readonly capacity: PanelGraph;
  /** Resource utilization in percent. @default no utilization graph */
  readonly utilization?: PanelGraph;
  /** The alarms that guard the model, shown with their state. @default none */
  readonly alarms?: readonly cloudwatch.IAlarm[];
  /** Drift per feature (e.g. PSI), with the alarm threshold as a limit line. @default no drift row */
  readonly drift?: PanelGraph;
  /** Model quality from ground truth (accuracy, macro F1 or errors). @default no quality graph */
  readonly quality?: PanelGraph;
  /** A large language model's own row: time to first token, tokens per second, GPU memory. @default no LLM row */
  readonly llm?: LlmPanelGraphs;
}

export interface ModelDashboardProps {
  /** Deterministic dashboard name, e.g. `<project>-<env>-models`. */
  readonly dashboardName: string;
  /** Markdown of the header text widget at the top. */
  readonly header: string;
  /** One row per panel, in this order. */
  readonly panels: readonly ModelPanel[];
  /** Time range shown when the dashboard opens. @default Duration.hours(3) */
  readonly defaultInterval?: Duration;
  /** Height of each model's graphs, in grid units. @default 6 */
  readonly graphHeight?: number;
}

/** CloudWatch dashboards are 24 grid units wide ("Dashboard Body Structure and Syntax", Amazon CloudWatch API Reference). */
const WIDTH = 24;

/**
 * A CloudWatch dashboard with a header and one row per model: traffic, errors, latency in milliseconds
 * and capacity against its limits side by side, then utilization and the state of the model's alarms.
 * Panels are plain data, so any hosting (SageMaker, Lambda, …) can provide one.
 */
export class ModelDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ModelDashboardProps) {
    super(scope, id);
    const height = props.graphHeight ?? 6;
    const names = props.panels.map((panel) => panel.name);
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate !== undefined) {
      throw new ConstructValidationError(
        `ModelDashboard ${this.node.path}: two panels are named "${duplicate}"; names must be unique`,
        this,
      );
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: props.defaultInterval ?? Duration.hours(3),
    });
    this.dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: props.header, width: WIDTH, height: 2 }));
    for (const panel of props.panels) this.dashboard.addWidgets(...modelRow(panel, height));
  }
}

/** A model's title line, its four main graphs, then utilization and alarm state. */
function modelRow(panel: ModelPanel, height: number): cloudwatch.IWidget[] {
  const title = `## ${panel.name} (${panel.target})${panel.summary ? `\n${panel.summary}` : ''}`;
  const quarter = WIDTH / 4;
  const half = WIDTH / 2;
  const graph = (name: string, data: PanelGraph, width: number) =>
    new cloudwatch.GraphWidget({
      title: `${panel.name}: ${name}`,
      left: [...data.left],
      right: data.right && [...data.right],
      leftAnnotations: data.limits && [...data.limits],
      leftYAxis: { min: 0, ...data.leftYAxis },
      rightYAxis: data.right && { min: 0, ...data.rightYAxis },
      width,
      height,
    });
  const alarms = panel.alarms ?? [];
  return [
    new cloudwatch.TextWidget({ markdown: title, width: WIDTH, height: panel.summary ? 2 : 1 }),
    new cloudwatch.Row(
      graph('traffic', panel.traffic, quarter),
      graph('errors', panel.errors, quarter),
      graph('latency (ms)', panel.latencyMs, quarter),
      graph('capacity', panel.capacity, quarter),
    ),
    new cloudwatch.Row(
      panel.utilization
        ? graph('utilization (%)', panel.utilization, half)
        : new cloudwatch.TextWidget({
            markdown: `No utilization metrics for ${panel.name}.`,
            width: half,
            height: 1,
          }),
      alarms.length > 0
        ? new cloudwatch.AlarmStatusWidget({
            title: `${panel.name}: alarms`,
            alarms: [...alarms],
            width: half,
            height: Math.max(2, Math.min(height, alarms.length + 1)),
          })
        : new cloudwatch.TextWidget({
            markdown: `No alarms guard ${panel.name}.`,
            width: half,
            height: 1,
          }),
    ),
    ...(panel.llm
      ? [
          new cloudwatch.Row(
            graph('time to first token (ms)', panel.llm.timeToFirstTokenMs, WIDTH / 3),
            graph('tokens per second', panel.llm.tokensPerSecond, WIDTH / 3),
            graph('GPU memory (%)', panel.llm.gpuMemoryPercent, WIDTH / 3),
          ),
        ]
      : []),
    ...(panel.drift
      ? [
          new cloudwatch.Row(
            graph('drift (PSI per feature)', panel.drift, half),
            panel.quality
              ? graph('quality (labelled answers)', panel.quality, half)
              : new cloudwatch.TextWidget({
                  markdown: `No quality metrics for ${panel.name}.`,
                  width: half,
                  height: 1,
                }),
          ),
        ]
      : []),
  ];
}
