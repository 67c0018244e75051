import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { LambdaAlarmPack, LambdaAlarmTunings } from '../../../lib/constructs/alarms';
import { LambdaCapture } from '../../../lib/constructs/monitoring/lambda-capture';
import { CaptureBucket } from '../../../lib/constructs/storage/capture-bucket';
import { newApp } from '../../helpers/app';
import { ABOVE, ALARM, NOT_BREACHING, TO_WARNINGS } from './support';

const PREFIX = 'acme-churn-prod';

/** A pack over a function whose log group a LambdaCapture ships to the capture bucket. */
function capturedPack(tunings?: LambdaAlarmTunings, capture = true) {
  const stack = new Stack(newApp(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({});'),
  });
  const shipping = new LambdaCapture(stack, 'Capture', {
    logGroup: fn.logGroup,
    captureBucket: new CaptureBucket(stack, 'CaptureBucket', {
      accessLogsBucket: new s3.Bucket(stack, 'Logs'),
    }),
    modelName: 'churn',
  });
  new LambdaAlarmPack(stack, 'Alarms', {
    alias: new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion }),
    function: fn,
    metricsNamespace: 'Acme/Models',
    modelName: 'churn',
    timeout: Duration.seconds(10),
    logGroupName: '/aws/lambda/churn',
    alarmNamePrefix: PREFIX,
    warningActions: [new actions.SnsAction(new sns.Topic(stack, 'Warnings'))],
    tunings,
    capture: capture ? shipping.delivery : undefined,
  });
  return { stack, shipping, template: Template.fromStack(stack) };
}

const { stack, shipping, template } = capturedPack();
const ref = (element: { logicalId: string }) => ({ Ref: stack.resolve(element.logicalId) });

test('warns when the handler drops any sampled row in five minutes (CaptureRecordsDropped)', () => {
  template.hasResourceProperties(ALARM, {
    AlarmName: `${PREFIX}-capture-dropped`,
    Namespace: 'Acme/Models',
    MetricName: 'CaptureRecordsDropped',
    Dimensions: [{ Name: 'service', Value: 'churn' }],
    Statistic: 'Sum',
    Period: 300,
    Threshold: 0,
    EvaluationPeriods: 1,
    ...ABOVE,
    ...NOT_BREACHING,
    ...TO_WARNINGS,
  });
});

test('warns on any DeliveryErrors of the capture subscription filter, whatever its DestinationType', () => {
  const logGroup = stack.resolve(shipping.delivery.logGroupName);
  template.hasResourceProperties(ALARM, {
    AlarmName: `${PREFIX}-capture-delivery-errors`,
    Metrics: [
      {
        Id: 'expr_1',
        Expression: {
          'Fn::Join': [
            '',
            [
              `SELECT SUM(DeliveryErrors) FROM "AWS/Logs" WHERE LogGroupName = '`,
              logGroup,
              `' AND FilterName = '`,
              ref(shipping.node.findChild('SubscriptionFilter') as unknown as { logicalId: string }),
              `'`,
            ],
          ],
        },
        Label: 'Capture delivery errors',
        Period: 300,
        ReturnData: true,
      },
    ],
    Threshold: 0,
    EvaluationPeriods: 1,
    ...ABOVE,
    ...NOT_BREACHING,
    ...TO_WARNINGS,
  });
});

test('warns when the oldest record has waited in Firehose over 30 minutes in 3 five-minute periods', () => {
  template.hasResourceProperties(ALARM, {
    AlarmName: `${PREFIX}-capture-data-freshness`,
    Namespace: 'AWS/Firehose',
    MetricName: 'DeliveryToS3.DataFreshness',
    Dimensions: [{ Name: 'DeliveryStreamName', Value: ref(shipping.deliveryStream) }],
    Statistic: 'Maximum',
    Period: 300,
    Threshold: 1800,
    EvaluationPeriods: 3,
    DatapointsToAlarm: 3,
    ...ABOVE,
    ...NOT_BREACHING,
    ...TO_WARNINGS,
  });
});

test('the capture alarms follow their catalog tuning: thresholds in their unit, severity, off', () => {
  const tuned = capturedPack({
    captureDataFreshness: { maxMs: 900_000 },
    captureDropped: { severity: 'critical', maxPer5Minutes: 10 },
    captureDeliveryErrors: { enabled: false },
  }).template;
  tuned.hasResourceProperties(ALARM, { AlarmName: `${PREFIX}-capture-data-freshness`, Threshold: 900 });
  tuned.hasResourceProperties(ALARM, {
    AlarmName: `${PREFIX}-capture-dropped`,
    Threshold: 10,
    AlarmActions: Match.absent(),
  });
  tuned.resourcePropertiesCountIs(ALARM, { AlarmName: `${PREFIX}-capture-delivery-errors` }, 0);
});

test('a model without capture has no capture alarm', () => {
  const names = Object.values(capturedPack(undefined, false).template.findResources(ALARM)).map(
    (alarm) => alarm.Properties.AlarmName as string,
  );
  expect(names.filter((name) => name.includes('capture'))).toEqual([]);
  expect(names.length).toBeGreaterThan(0);
});
