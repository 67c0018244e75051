import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import {
  DRIFT_DIMENSIONS,
  DRIFT_JOB_ENV,
  DRIFT_METRICS,
  DRIFT_METRICS_NAMESPACE,
  PREDICTION_FEATURE,
} from '../../../contract/drift';
import { IModelArtifact } from '../storage/artifact-ref';
import { CaptureBucket } from '../storage/capture-bucket';
import { driftJobCode } from '../private/lambda-bundles';
import { acknowledgeWildcardFindings } from '../private/nag';
import { acknowledgeControl } from '../private/guard';
import { CaptureCatalog } from './capture-catalog';

export interface DriftJobProps {
  readonly catalog: CaptureCatalog;
  readonly captureBucket: CaptureBucket;
  readonly modelName: string;
  readonly environment: string;
  /** The baseline JSON, published as an artifact (a single file). */
  readonly baseline: IModelArtifact;
  /** The feature names of the baseline, in order: one drift alarm each. */
  readonly features: readonly string[];
  readonly window: 'hour' | 'day';
  readonly task: 'classifier' | 'regressor';
  readonly minRecords: number;
  /** Warning alarm on a feature's or the prediction's PSI above this. */
  readonly maxPsi: number;
  /** Warning alarm on accuracy below this (classifiers). @default no accuracy alarm */
  readonly minAccuracy?: number;
  /** Prefix of the alarm names. */
  readonly alarmNamePrefix: string;
  readonly alarmActions: readonly cloudwatch.IAlarmAction[];
}

/**
 * The scheduled drift and quality job of one model: an EventBridge Scheduler schedule runs a small function after
 * each window (hourly at :15, daily at 00:15 UTC, so Firehose's five-minute buffer has landed), which queries the
 * window in Athena, writes FeaturePSI / FeatureJensenShannon per feature and Accuracy / MacroF1 (or MAE / RMSE) in
 * embedded metric format and a report under `<model>/drift-reports/`. Warning alarms watch PSI per feature and
 * the prediction, and accuracy.
 */
export class DriftJob extends Construct {
  readonly function: lambda.Function;
  readonly schedule: scheduler.CfnSchedule;
  readonly psiAlarms: cloudwatch.Alarm[] = [];
  readonly accuracyAlarm?: cloudwatch.Alarm;
  /** PSI per feature and of the prediction, labelled with the feature: a dashboard's drift graph. */
  readonly psiMetrics: cloudwatch.Metric[] = [];
  /** Accuracy and macro F1, or MAE and RMSE: a dashboard's quality graph. */
  readonly qualityMetrics: cloudwatch.Metric[];
  /** The PSI above which the drift alarms fire. */
  readonly maxPsi: number;
  /** Every alarm of the job. */
  get alarms(): cloudwatch.Alarm[] {
    return [...this.psiAlarms, ...(this.accuracyAlarm ? [this.accuracyAlarm] : [])];
  }

  constructor(scope: Construct, id: string, props: DriftJobProps) {
    super(scope, id);
    const { catalog, captureBucket } = props;
    this.maxPsi = props.maxPsi;
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the drift and quality job of ${props.modelName} (${props.environment})`,
    });
    logGroup.grantWrite(role);
    this.function = new lambda.Function(this, 'Function', {
      description: `Drift and quality of ${props.modelName} (${props.environment}) from its captured answers`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: driftJobCode(),
      // Two Athena queries over one window; the workgroup's scan cutoff bounds each.
      timeout: Duration.minutes(10),
      memorySize: 256,
      role,
      logGroup,
      environment: {
        [DRIFT_JOB_ENV.workgroup]: catalog.workgroup.name,
        [DRIFT_JOB_ENV.captureTable]: catalog.captureTableName,
        [DRIFT_JOB_ENV.captureFormat]: catalog.format,
        [DRIFT_JOB_ENV.groundTruthTable]: catalog.groundTruthTableName,
        [DRIFT_JOB_ENV.task]: props.task,
        [DRIFT_JOB_ENV.baselineUri]: props.baseline.s3Uri,
        [DRIFT_JOB_ENV.reportBucket]: captureBucket.bucket.bucketName,
        [DRIFT_JOB_ENV.reportPrefix]: catalog.reportsPrefix,
        [DRIFT_JOB_ENV.windowHours]: props.window === 'day' ? '24' : '1',
        [DRIFT_JOB_ENV.minRecords]: String(props.minRecords),
        [DRIFT_JOB_ENV.modelName]: props.modelName,
        [DRIFT_JOB_ENV.environment]: props.environment,
        [DRIFT_JOB_ENV.metricsNamespace]: DRIFT_METRICS_NAMESPACE,
      },
    });
    this.function.node.addDependency(catalog.workgroup);
    catalog.grantQuery(role, captureBucket);
    props.baseline.grantRead(role);
    captureBucket.grantWritePrefix(role, catalog.reportsPrefix);
    acknowledgeWildcardFindings(
      role,
      "Object wildcards cover only this model's capture, ground-truth, query-result and report prefixes, the tables of its own Glue database and this function's log streams.",
    );
    acknowledgeControl(
      this.function,
      'lambdaInVpc',
      'The drift job calls only the Athena and S3 APIs on a schedule and holds no data between runs; a new account has no VPC to put it in.',
    );

    // The role EventBridge Scheduler invokes the function with ("Set up the execution role", EventBridge
    // Scheduler User Guide, https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role).
    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: `EventBridge Scheduler runs the drift job of ${props.modelName}`,
    });
    schedulerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }),
    );
    // "AWS::Scheduler::Schedule" (ScheduleExpression, ScheduleExpressionTimezone, FlexibleTimeWindow.Mode, Target
    // Arn/RoleArn/RetryPolicy), https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-scheduler-schedule.html
    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: `Drift and quality of ${props.modelName} (${props.environment}), every ${props.window}`,
      scheduleExpression: props.window === 'day' ? 'cron(15 0 * * ? *)' : 'cron(15 * * * ? *)',
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.function.functionArn,
        roleArn: schedulerRole.roleArn,
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
      },
    });

    const period = Duration.hours(props.window === 'day' ? 24 : 1);
    this.qualityMetrics = (
      props.task === 'classifier'
        ? [DRIFT_METRICS.accuracy, DRIFT_METRICS.macroF1]
        : [DRIFT_METRICS.meanAbsoluteError, DRIFT_METRICS.rootMeanSquaredError]
    ).map((name) => this.metric(name, props, period).with({ label: name }));
    for (const feature of [...props.features, PREDICTION_FEATURE]) {
      const psi = this.metric(DRIFT_METRICS.psi, props, period, feature);
      this.psiMetrics.push(psi.with({ label: feature }));
      this.psiAlarms.push(
        new cloudwatch.Alarm(this, `Psi-${feature}`, {
          alarmName: `${props.alarmNamePrefix}-drift-${feature}`,
          alarmDescription:
            `Population stability index of ${feature} over the last ${props.window} above ${props.maxPsi}: the captured ` +
            `inputs (or predictions) of ${props.modelName} no longer look like the training data. Read the run report ` +
            `under s3://<capture bucket>/${catalog.reportsPrefix} and compare with the baseline (docs/observability.md).`,
          metric: psi,
          threshold: props.maxPsi,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          // No run, or a window with too few records, writes no PSI: not drift.
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    if (props.task === 'classifier' && props.minAccuracy !== undefined) {
      this.accuracyAlarm = new cloudwatch.Alarm(this, 'Accuracy', {
        alarmName: `${props.alarmNamePrefix}-accuracy`,
        alarmDescription: `Accuracy of ${props.modelName} on labelled answers below ${props.minAccuracy} (ground truth under ${catalog.groundTruthPrefix}).`,
        metric: this.metric(DRIFT_METRICS.accuracy, props, period),
        threshold: props.minAccuracy,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(...props.alarmActions);
    }
  }

  /** A drift job metric of this model, per feature when given. */
  metric(
    name: string,
    props: Pick<DriftJobProps, 'modelName' | 'environment'>,
    period: Duration,
    feature?: string,
  ): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: DRIFT_METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: {
        [DRIFT_DIMENSIONS.model]: props.modelName,
        [DRIFT_DIMENSIONS.environment]: props.environment,
        ...(feature === undefined ? {} : { [DRIFT_DIMENSIONS.feature]: feature }),
      },
      statistic: 'Maximum',
      period,
    });
  }
}
