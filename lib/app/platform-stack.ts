import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AlarmTopic } from '../constructs/alarms/alarm-topic';
import { CaptureBucket } from '../constructs/storage/capture-bucket';
import { ModelBucket } from '../constructs/storage/model-bucket';
import { ResolvedEnvironment } from '../config';

export interface PlatformStackProps extends StackProps {
  readonly environment: ResolvedEnvironment;
  /** The project name every alarm name of the environment starts with (`<project>-<model>-<env>-…`). */
  readonly project: string;
}

/**
 * The stateful, shared part of one environment: the model bucket and its key, and the topics alarms
 * notify, one per severity. Model stacks reference it and can be destroyed and rebuilt without losing artifacts.
 */
export class PlatformStack extends Stack {
  readonly modelBucket: ModelBucket;
  /** Captured requests and responses of SageMaker models, and their monitoring reports. */
  readonly captureBucket: CaptureBucket;
  /** Critical alarms: a model is unhealthy or a rollout was rolled back; someone is paged. */
  readonly alarmTopic: AlarmTopic;
  /** Warnings: trends that need attention during working hours. */
  readonly warningTopic: AlarmTopic;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, props);
    const { environment } = props;

    this.modelBucket = new ModelBucket(this, 'ModelBucket', {
      noncurrentVersionExpiration: Duration.days(environment.modelBucket.noncurrentVersionExpirationDays),
      destroyOnDelete: environment.modelBucket.destroyOnDelete,
      objectLock: objectLockOf(environment.modelBucket.objectLock),
    });
    this.captureBucket = new CaptureBucket(this, 'CaptureBucket', {
      accessLogsBucket: this.modelBucket.accessLogsBucket,
      expiration: Duration.days(environment.captureBucket.expirationDays),
      destroyOnDelete: environment.modelBucket.destroyOnDelete,
    });
    const keyRemovalPolicy = environment.modelBucket.destroyOnDelete
      ? RemovalPolicy.DESTROY
      : RemovalPolicy.RETAIN;
    // Only the project's own alarms (all named `<project>-<model>-<env>-…`) may publish to its topics.
    const publishingAlarmArnPattern = this.formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: `${props.project}-*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.alarmTopic = new AlarmTopic(this, 'CriticalAlarms', {
      displayName: `Critical model alarms (${environment.name})`,
      ...environment.notifications.critical,
      keyRemovalPolicy,
      publishingAlarmArnPattern,
    });
    this.warningTopic = new AlarmTopic(this, 'WarningAlarms', {
      displayName: `Model warnings (${environment.name})`,
      ...environment.notifications.warning,
      keyRemovalPolicy,
      publishingAlarmArnPattern,
    });

    new CfnOutput(this, 'ModelBucketName', { value: this.modelBucket.bucket.bucketName });
    new CfnOutput(this, 'CriticalAlarmTopicArn', { value: this.alarmTopic.topic.topicArn });
    new CfnOutput(this, 'WarningAlarmTopicArn', { value: this.warningTopic.topic.topicArn });
  }
}

function objectLockOf(
  lock: ResolvedEnvironment['modelBucket']['objectLock'],
): s3.ObjectLockRetention | false {
  if (!lock.enabled) return false;
  const retention = Duration.days(lock.retentionDays);
  return lock.mode === 'COMPLIANCE'
    ? s3.ObjectLockRetention.compliance(retention)
    : s3.ObjectLockRetention.governance(retention);
}
