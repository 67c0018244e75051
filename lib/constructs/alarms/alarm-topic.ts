import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ConstructValidationError } from '../errors/validation';

export interface AlarmTopicProps {
  /** Email addresses to subscribe (each must confirm the subscription). @default none */
  readonly emails?: readonly string[];
  /** HTTPS endpoints to subscribe, e.g. an incident tool's integration URL. @default none */
  readonly httpsUrls?: readonly string[];
  /** Shown in notifications. @default the construct path */
  readonly displayName?: string;
  /** What happens to the topic's key when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly keyRemovalPolicy?: RemovalPolicy;
  /**
   * ARN pattern (IAM `ArnLike`) of the CloudWatch alarms that may publish to the topic, e.g.
   * `arn:aws:cloudwatch:eu-west-1:111111111111:alarm:myproject-*`.
   * @default every alarm of the stack's account and region
   */
  readonly publishingAlarmArnPattern?: string;
}

/**
 * An SNS topic that CloudWatch alarms publish to: encrypted with its own customer-managed key that
 * CloudWatch may use, reachable over TLS only, with subscriptions for the people on call.
 */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;
  readonly encryptionKey: kms.Key;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    const keyRemovalPolicy = props.keyRemovalPolicy ?? RemovalPolicy.RETAIN;

    this.encryptionKey = new kms.Key(this, 'Key', {
      description: `Encrypts alarm notifications of ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy: keyRemovalPolicy,
      pendingWindow: keyRemovalPolicy === RemovalPolicy.DESTROY ? Duration.days(7) : undefined,
    });
    // CloudWatch publishes alarm state changes as itself; without this the key silently drops them ("Enable
    // compatibility between event sources from AWS services and encrypted topics", Amazon SNS Developer Guide,
    // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: props.displayName,
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });
    // A topic policy replaces the default one, which let the account's principals publish: with the
    // TLS-only Deny alone, CloudWatch gets "not authorized to perform SNS:Publish" and drops the
    // notification. Alarms publish as cloudwatch.amazonaws.com ("Example cases for Amazon SNS access
    // control", https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html); the
    // aws:SourceAccount and aws:SourceArn conditions keep other accounts' alarms from using the
    // service as a confused deputy ("The confused deputy problem",
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
    const stack = Stack.of(this);
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn':
              props.publishingAlarmArnPattern ??
              stack.formatArn({
                service: 'cloudwatch',
                resource: 'alarm',
                resourceName: '*',
                arnFormat: ArnFormat.COLON_RESOURCE_NAME,
              }),
          },
        },
      }),
    );
    // Email and https subscribers must confirm before they receive anything ("Subscribe", Amazon SNS API Reference).
    for (const email of props.emails ?? []) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    for (const url of props.httpsUrls ?? []) {
      if (!url.startsWith('https://'))
        throw new ConstructValidationError(`AlarmTopic ${this.node.path}: ${url} must use https://`);
      this.topic.addSubscription(
        new subscriptions.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS }),
      );
    }
  }
}
