import { CfnOutput, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AlarmTopic } from '../constructs/alarm-topic';
import { ModelBucket } from '../constructs/model-bucket';
import { ResolvedEnvironment } from '../config';

export interface PlatformStackProps extends StackProps {
  readonly environment: ResolvedEnvironment;
}

/**
 * The stateful, shared part of one environment: the model bucket and its key, and the topic alarms
 * notify. Model stacks reference it and can be destroyed and rebuilt without losing artifacts.
 */
export class PlatformStack extends Stack {
  readonly modelBucket: ModelBucket;
  readonly alarmTopic: AlarmTopic;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props);
    const { environment } = props;

    this.modelBucket = new ModelBucket(this, 'ModelBucket', {
      noncurrentVersionExpiration: Duration.days(environment.modelBucket.noncurrentVersionExpirationDays),
      destroyOnDelete: environment.modelBucket.destroyOnDelete,
    });
    this.alarmTopic = new AlarmTopic(this, 'Alarms', {
      displayName: `Model alarms (${environment.name})`,
      emails: environment.notifications.emails,
      httpsUrls: environment.notifications.httpsUrls,
      keyRemovalPolicy: environment.modelBucket.destroyOnDelete
        ? RemovalPolicy.DESTROY
        : RemovalPolicy.RETAIN,
    });

    new CfnOutput(this, 'ModelBucketName', { value: this.modelBucket.bucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topic.topicArn });
  }
}
