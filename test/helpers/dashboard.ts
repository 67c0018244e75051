import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** A widget of a dashboard body, as CloudWatch reads it. */
export interface Widget {
  readonly type: string;
  readonly properties: {
    readonly title?: string;
    readonly markdown?: string;
    readonly alarms?: string[];
    readonly metrics?: unknown[][];
    readonly annotations?: { horizontal?: { value: number; label: string }[] };
  };
}

/**
 * The parsed DashboardBody of the stack's only dashboard. The body is an `Fn::Join`; every token in
 * it (a region, a value read from another stack) becomes `<…>` holding its CloudFormation form.
 */
export function dashboardWidgets(stack: Stack): Widget[] {
  const dashboards = Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard');
  const [dashboard] = Object.values(dashboards);
  const body = stack.resolve(dashboard.Properties.DashboardBody);
  const parts: unknown[] = typeof body === 'string' ? [body] : body['Fn::Join'][1];
  const text = parts
    .map((part) => (typeof part === 'string' ? part : `<${JSON.stringify(part).replace(/"/g, "'")}>`))
    .join('');
  return JSON.parse(text).widgets;
}

/** The graph whose title is given; fails when there is none. */
export function graph(widgets: readonly Widget[], title: string): Widget {
  const found = widgets.find((w) => w.properties.title === title);
  if (!found)
    throw new Error(`no widget titled "${title}" among ${widgets.map((w) => w.properties.title).join(', ')}`);
  return found;
}

/** A graph's metric row: a metric's namespace, name and dimensions, or an expression, with its options. */
export interface MetricRow {
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions: Record<string, string>;
  readonly stat?: string;
  readonly expression?: string;
  readonly label?: string;
  readonly [option: string]: unknown;
}

/** `[namespace, name, dim, value, …, {options}]` rows of a graph, split into their parts. */
export function metricRows(widget: Widget): MetricRow[] {
  return (widget.properties.metrics ?? []).map((row) => {
    const last = row[row.length - 1];
    const options = (typeof last === 'object' ? last : {}) as Record<string, unknown>;
    const fields = (typeof last === 'object' ? row.slice(0, -1) : row) as string[];
    const dimensions: Record<string, string> = {};
    for (let i = 2; i + 1 < fields.length; i += 2) dimensions[fields[i]] = fields[i + 1];
    return { namespace: fields[0], metricName: fields[1], dimensions, ...options };
  });
}
