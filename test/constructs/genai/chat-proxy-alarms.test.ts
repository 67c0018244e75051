import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ChatProxyAlarmPack } from '../../../lib/constructs/genai/chat-proxy-alarms';
import { ModelDashboard } from '../../../lib/constructs/dashboard/model-dashboard';
import { chatProxyPanel } from '../../../lib/constructs/dashboard/chat-panel';
import { dashboardWidgets, graph, metricRows } from '../../helpers/dashboard';
import { chatStack } from './support';

describe('ChatProxyAlarmPack with a guardrail', () => {
  const { stack, proxy } = chatStack();
  const pack = new ChatProxyAlarmPack(stack, 'ChatAlarms', proxy, {
    alarmNamePrefix: 'acme-assistant-dev',
    thresholds: { maxInterventionRatePercent: 15 },
  });
  const template = Template.fromStack(stack);

  test('alarms on upstream errors and timeouts: more than 0 a minute in 2 of 3 minutes, quiet is healthy', () => {
    for (const [name, metric] of [
      ['acme-assistant-dev-chat-upstream-errors', 'UpstreamErrors'],
      ['acme-assistant-dev-chat-upstream-timeouts', 'UpstreamTimeouts'],
    ]) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: name,
        Namespace: 'MlDeploy/LlmProxy',
        MetricName: metric,
        Dimensions: [{ Name: 'service', Value: 'assistant' }],
        Statistic: 'Sum',
        Period: 60,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 3,
        DatapointsToAlarm: 2,
        TreatMissingData: 'notBreaching',
        AlarmDescription: Match.stringLikeRegexp('^\\[critical\\] '),
      });
    }
  });

  test('alarms on the share of requests the guardrail blocks, ignoring quiet 5-minute periods', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-assistant-dev-chat-guardrail-rate',
      Threshold: 15,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      TreatMissingData: 'notBreaching',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(requests >= 10, 100 * blocked / requests, 0)', ReturnData: true }),
        Match.objectLike({
          Id: 'requests',
          MetricStat: Match.objectLike({
            Metric: Match.objectLike({ MetricName: 'ChatRequests' }),
            Period: 300,
            Stat: 'Sum',
          }),
        }),
        Match.objectLike({
          Id: 'blocked',
          MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'GuardrailBlocked' }) }),
        }),
      ]),
    });
  });

  test('every alarm is critical, so it rolls up into the model health alarm that pages the alarm topic', () => {
    expect(pack.criticalAlarms).toHaveLength(3);
    expect(pack.warningAlarms).toHaveLength(0);
  });
});

test('without a guardrail there is no intervention-rate alarm', () => {
  const { stack, proxy } = chatStack({ withGuardrail: false });
  const pack = new ChatProxyAlarmPack(stack, 'ChatAlarms', proxy);
  expect(pack.alarms).toHaveLength(2);
});

test('an intervention rate of 100 % or more is refused: it could never be breached', () => {
  const { stack, proxy } = chatStack();
  expect(
    () =>
      new ChatProxyAlarmPack(stack, 'ChatAlarms', proxy, { thresholds: { maxInterventionRatePercent: 100 } }),
  ).toThrow('thresholds.maxInterventionRatePercent 100 must be at least 0 and below 100');
});

describe('chatProxyPanel', () => {
  const { stack, proxy } = chatStack();
  const pack = new ChatProxyAlarmPack(stack, 'ChatAlarms', proxy);
  new ModelDashboard(stack, 'Dashboard', {
    dashboardName: 'acme-dev-models',
    header: '# models',
    panels: [
      chatProxyPanel(proxy, 'assistant', {
        maxInterventionRatePercent: 10,
        alarms: pack.alarms.map((member) => member.alarm as cloudwatch.IAlarm),
      }),
    ],
  });
  const widgets = dashboardWidgets(stack);

  test('charts upstream failures and guardrail interventions by policy and source', () => {
    const rows = metricRows(graph(widgets, 'assistant: chat: errors'));
    expect(rows.filter((row) => !row.expression).map((row) => row.label)).toEqual([
      'UpstreamErrors',
      'UpstreamTimeouts',
      'GuardrailBlocked',
      'content on input',
      'content on output',
      'topic on input',
      'topic on output',
      'word on input',
      'word on output',
      'sensitiveInformation on input',
      'sensitiveInformation on output',
      'contextualGrounding on input',
      'contextualGrounding on output',
    ]);
    expect(rows.find((row) => row.label === 'word on output')?.dimensions).toEqual({
      service: 'assistant',
      Policy: 'word',
      Source: 'OUTPUT',
    });
  });

  test('charts time to first token and tokens per second by percentile', () => {
    expect(
      metricRows(graph(widgets, 'assistant: chat: latency (ms)')).map((row) => [row.label, row.stat]),
    ).toEqual([
      ['TimeToFirstToken p50', 'p50'],
      ['TimeToFirstToken p99', 'p99'],
      ['GuardrailLatency p99 (per call)', 'p99'],
    ]);
    expect(metricRows(graph(widgets, 'assistant: chat: capacity')).map((row) => row.metricName)).toEqual([
      'TokensPerSecond',
      'TokensPerSecond',
    ]);
  });

  test('draws the blocked share against the alarm line and lists the alarms', () => {
    const rate = graph(widgets, 'assistant: chat: utilization (%)');
    expect(rate.properties.annotations?.horizontal).toEqual([
      expect.objectContaining({ value: 10, label: 'alarm' }),
    ]);
    expect(graph(widgets, 'assistant: chat: alarms').properties.alarms).toHaveLength(3);
  });
});
