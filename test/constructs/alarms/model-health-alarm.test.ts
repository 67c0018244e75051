import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Template } from 'aws-cdk-lib/assertions';
import { ModelHealthAlarm } from '../../../lib/constructs/alarms/model-health-alarm';
import { newStack } from '../../helpers/app';

describe('ModelHealthAlarm', () => {
  const stack = newStack();
  const metric = new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'Invocations' });
  const errors = new cloudwatch.Alarm(stack, 'Errors', {
    alarmName: 'm-errors',
    metric,
    threshold: 1,
    evaluationPeriods: 1,
  });
  const latency = new cloudwatch.Alarm(stack, 'Latency', {
    alarmName: 'm-latency',
    metric,
    threshold: 1,
    evaluationPeriods: 1,
  });
  const topic = new sns.Topic(stack, 'Critical');
  new ModelHealthAlarm(stack, 'Health', {
    alarmName: 'acme-churn-prod-health',
    modelName: 'churn',
    criticalAlarms: [errors, latency],
    actions: [new actions.SnsAction(topic)],
  });
  const template = Template.fromStack(stack);

  test('is in ALARM while any critical alarm is', () => {
    const [health] = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'));
    expect(health.Properties.AlarmName).toBe('acme-churn-prod-health');
    expect(health.Properties.AlarmRule).toEqual({
      'Fn::Join': [
        '',
        [
          '(ALARM("',
          { 'Fn::GetAtt': [stack.getLogicalId(errors.node.defaultChild as cloudwatch.CfnAlarm), 'Arn'] },
          '") OR ALARM("',
          { 'Fn::GetAtt': [stack.getLogicalId(latency.node.defaultChild as cloudwatch.CfnAlarm), 'Arn'] },
          '"))',
        ],
      ],
    });
  });

  test('notifies when the model becomes unhealthy and when it recovers', () => {
    const [health] = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'));
    const topicRef = { Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) };
    expect(health.Properties.AlarmActions).toEqual([topicRef]);
    expect(health.Properties.OKActions).toEqual([topicRef]);
  });

  test('needs at least one alarm to roll up', () => {
    expect(
      () =>
        new ModelHealthAlarm(newStack(), 'Health', { alarmName: 'x', modelName: 'x', criticalAlarms: [] }),
    ).toThrow('needs at least one critical alarm to roll up');
  });
});
