import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ModelDashboard, ModelPanel } from '../../../lib/constructs/dashboard/model-dashboard';
import { sageMakerEndpointPanel } from '../../../lib/constructs/dashboard/sagemaker-panel';
import { ConstructValidationError } from '../../../lib/constructs/errors/validation';
import { dashboardWidgets, graph, metricRows } from '../../helpers/dashboard';
import { endpointStack, SERVERLESS_PROPS } from '../sagemaker/support';

const metric = (metricName: string) => new cloudwatch.Metric({ namespace: 'Test', metricName });

/** A panel with one metric per graph, for layout tests. */
function plainPanel(name: string): ModelPanel {
  return {
    name,
    target: 'custom',
    traffic: { left: [metric('Requests')] },
    errors: { left: [metric('Errors')] },
    latencyMs: { left: [metric('Latency')] },
    capacity: { left: [metric('Workers')] },
  };
}

test('names the dashboard as given and puts the header first, then a title and graphs per panel', () => {
  const stack = new Stack();
  new ModelDashboard(stack, 'Dashboard', {
    dashboardName: 'acme-prod-models',
    header: '# acme: prod',
    panels: [plainPanel('a'), plainPanel('b')],
  });
  Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Dashboard', {
    DashboardName: 'acme-prod-models',
  });
  const widgets = dashboardWidgets(stack);
  expect(widgets.filter((w) => w.type === 'text').map((w) => w.properties.markdown)).toEqual([
    '# acme: prod',
    '## a (custom)',
    'No utilization metrics for a.',
    'No alarms guard a.',
    '## b (custom)',
    'No utilization metrics for b.',
    'No alarms guard b.',
  ]);
  expect(widgets.filter((w) => w.type === 'metric').map((w) => w.properties.title)).toEqual(
    ['a', 'b'].flatMap((m) => ['traffic', 'errors', 'latency (ms)', 'capacity'].map((g) => `${m}: ${g}`)),
  );
});

test('rejects two panels with the same name', () => {
  expect(
    () =>
      new ModelDashboard(new Stack(), 'Dashboard', {
        dashboardName: 'd',
        header: 'h',
        panels: [plainPanel('churn'), plainPanel('churn')],
      }),
  ).toThrow('ModelDashboard Default/Dashboard: two panels are named "churn"; names must be unique');
});

test('reports duplicate panel names as a construct error, with the dashboard path', () => {
  const stack = new Stack();
  let error: unknown;
  try {
    new ModelDashboard(stack, 'Dashboard', {
      dashboardName: 'd',
      header: 'h',
      panels: [plainPanel('a'), plainPanel('a')],
    });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConstructValidationError);
  expect((error as ConstructValidationError).constructPath).toBe('Default/Dashboard');
});

describe('the SageMaker endpoint panel', () => {
  const dimensions = { EndpointName: 'acme-churn-prod', VariantName: 'AllTraffic' };

  test('shows raw CPU with a hint in its label when the instance type is unknown', () => {
    const { stack, endpoint } = endpointStack();
    new ModelDashboard(stack, 'Dashboard', {
      dashboardName: 'd',
      header: 'h',
      panels: [sageMakerEndpointPanel(endpoint, { name: 'churn', instanceType: 'ml.x9.huge' })],
    });
    expect(metricRows(graph(dashboardWidgets(stack), 'churn: utilization (%)'))[0]).toEqual(
      expect.objectContaining({
        namespace: '/aws/sagemaker/Endpoints',
        metricName: 'CPUUtilization',
        dimensions,
        label: 'CPUUtilization (0–100 × vCPUs, not normalised)',
      }),
    );
  });

  test('charts a serverless variant’s concurrency against its max and says it has no rollback alarms', () => {
    const { stack, endpoint } = endpointStack(SERVERLESS_PROPS);
    new ModelDashboard(stack, 'Dashboard', {
      dashboardName: 'd',
      header: 'h',
      panels: [sageMakerEndpointPanel(endpoint, { name: 'churn', serverless: { maxConcurrency: 10 } })],
    });
    const widgets = dashboardWidgets(stack);
    const capacity = graph(widgets, 'churn: capacity');
    expect(metricRows(capacity)).toEqual([
      expect.objectContaining({ expression: 'utilization * 10' }),
      expect.objectContaining({
        namespace: 'AWS/SageMaker',
        metricName: 'ServerlessConcurrentExecutionsUtilization',
        dimensions,
        stat: 'Maximum',
      }),
    ]);
    expect(capacity.properties.annotations!.horizontal).toEqual([
      expect.objectContaining({ value: 10, label: 'max concurrency 10' }),
    ]);
    expect(widgets.map((w) => w.properties.markdown)).toContain('No alarms guard churn.');
  });
});

test('a monitored model gets a row with its drift per feature against the alarm line, and its quality', () => {
  const stack = new Stack();
  const psi = (feature: string) =>
    new cloudwatch.Metric({
      namespace: 'MlDeploy/Monitoring',
      metricName: 'FeaturePSI',
      dimensionsMap: { Feature: feature },
      label: feature,
    });
  new ModelDashboard(stack, 'Dashboard', {
    dashboardName: 'acme-prod-models',
    header: '# acme: prod',
    panels: [
      {
        ...plainPanel('a'),
        drift: { left: [psi('x'), psi('prediction')], limits: [{ value: 0.25, label: 'alarm' }] },
        quality: { left: [metric('Accuracy')] },
      },
    ],
  });
  const widgets = dashboardWidgets(stack).filter((w) => w.type === 'metric');
  const drift = widgets.find((w) => w.properties.title === 'a: drift (PSI per feature)')!;
  expect(drift.properties.metrics).toEqual([
    ['MlDeploy/Monitoring', 'FeaturePSI', 'Feature', 'x', { label: 'x' }],
    ['MlDeploy/Monitoring', 'FeaturePSI', 'Feature', 'prediction', { label: 'prediction' }],
  ]);
  expect(drift.properties.annotations?.horizontal).toEqual([{ value: 0.25, label: 'alarm', yAxis: 'left' }]);
  expect(widgets.map((w) => w.properties.title)).toContain('a: quality (labelled answers)');
});
