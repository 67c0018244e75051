import { Match, Template } from 'aws-cdk-lib/assertions';
import { AlarmTopic } from '../../../lib/constructs/alarms/alarm-topic';
import { newStack } from '../../helpers/app';

describe('AlarmTopic', () => {
  const stack = newStack();
  new AlarmTopic(stack, 'Alarms', {
    emails: ['oncall@example.com'],
    httpsUrls: ['https://hooks.example.com/x'],
  });
  const template = Template.fromStack(stack);

  test('encrypts the topic with its own rotating key', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlarmsKey'), 'Arn'] },
    });
  });

  test('lets CloudWatch use the key, so encrypted alarm notifications are delivered', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowCloudWatchAlarmsToPublish',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Resource: '*',
          },
        ]),
      },
    });
  });

  test('lets CloudWatch alarms of its own account and region publish, so alarm notifications are delivered', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowCloudWatchAlarmsToPublish',
            Action: 'sns:Publish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Resource: { Ref: Match.stringLikeRegexp('^AlarmsTopic') },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '111111111111' },
              ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:*' },
            },
          },
        ]),
      },
    });
  });

  test('lets only the alarms matching the given ARN pattern publish', () => {
    const scoped = newStack();
    new AlarmTopic(scoped, 'Alarms', {
      publishingAlarmArnPattern: 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:shop-*',
    });
    Template.fromStack(scoped).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudWatchAlarmsToPublish',
            Condition: Match.objectLike({
              ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:shop-*' },
            }),
          }),
        ]),
      },
    });
  });

  test('refuses publishing without TLS', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  test('subscribes each email address and HTTPS endpoint', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'https',
      Endpoint: 'https://hooks.example.com/x',
    });
  });

  test('rejects a plain-HTTP endpoint', () => {
    expect(() => new AlarmTopic(newStack(), 'Alarms', { httpsUrls: ['http://hooks.example.com/x'] })).toThrow(
      'http://hooks.example.com/x must use https://',
    );
  });
});
