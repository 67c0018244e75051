import { Duration, Fn, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct, IDependable } from 'constructs';
import { CaptureBucket } from '../storage/capture-bucket';
import { parseS3Uri } from '../storage/model-artifact';
import { acknowledgeWildcardFindings } from '../private/nag';
import { addDriftAlarms, DATA_METRICS_NAMESPACE } from './drift-alarms';
import { SageMakerEndpoint } from './endpoint';
import { MODEL_MONITOR_REGISTRY_ACCOUNTS, MODEL_MONITOR_REPOSITORY } from './model-monitor-registries';
import { regionalImage } from './regional-image';
import { grantEcrPull, grantLogGroupWrite } from './role-grants';
import { ConstructValidationError } from '../errors/validation';
import { SAGEMAKER_NAME_PATTERN } from '../../../contract/names';

/** The statistics and constraints a monitoring job compares captured requests with. */
export interface MonitoringBaseline {
  /** `s3://` URI of `statistics.json`. */
  readonly statisticsUri: string;
  /** `s3://` URI of `constraints.json`. */
  readonly constraintsUri: string;
  /** `s3://` URI of a record preprocessor script (`preprocess_handler`). @default none */
  readonly recordPreprocessorUri?: string;
  /** What puts the files in place during the same deploy, if anything; the job definition waits for it. */
  readonly publication?: IDependable;
  /** Lets the monitoring role read the files. @default s3:GetObject on the exact objects */
  grantRead?(grantee: iam.IGrantable): iam.Grant;
}

export interface DataQualityMonitorProps {
  /** The endpoint to monitor; it must capture its requests (`dataCapture`). */
  readonly endpoint: SageMakerEndpoint;
  /** The bucket the endpoint captures to. */
  readonly captureBucket: CaptureBucket;
  /** The prefix of `captureBucket` that holds this endpoint's captured data, e.g. `churn/`. */
  readonly capturePrefix: string;
  readonly baseline: MonitoringBaseline;
  /** Six-field cron expression (UTC). @default 'cron(0 * ? * * *)' (hourly) */
  readonly scheduleExpression?: string;
  /** @default 'ml.m5.large' */
  readonly instanceType?: string;
  /** @default 20 */
  readonly volumeSizeGb?: number;
  /** Time limit of one execution. @default Duration.hours(1) */
  readonly maxRuntime?: Duration;
  /** @default `<endpoint>-data-quality` */
  readonly monitoringScheduleName?: string;
  /** Features that get a drift alarm. @default none */
  readonly driftAlarmFeatures?: readonly string[];
  /** Largest acceptable baseline drift distance of a feature. @default 0.1 */
  readonly maxDriftDistance?: number;
  /** Where the drift alarms notify. @default none */
  readonly alarmActions?: readonly cloudwatch.IAlarmAction[];
}

/**
 * A SageMaker Model Monitor data-quality schedule for an endpoint: a job definition running the
 * built-in analyzer image of the stack's region against the captured requests, compared with a
 * baseline; a monitoring schedule created after the endpoint; a least-privilege role; and an
 * alarm per feature on its baseline drift. Reports go to `<capturePrefix>monitoring/reports`.
 */
export class DataQualityMonitor extends Construct {
  readonly monitoringScheduleName: string;
  readonly role: iam.Role;
  readonly jobDefinition: sagemaker.CfnDataQualityJobDefinition;
  readonly schedule: sagemaker.CfnMonitoringSchedule;
  readonly driftAlarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: DataQualityMonitorProps) {
    super(scope, id);
    const scheduleExpression = props.scheduleExpression ?? 'cron(0 * ? * * *)';
    const maxRuntime = props.maxRuntime ?? Duration.hours(1);
    const endpointName = props.endpoint.endpointName;
    this.monitoringScheduleName = props.monitoringScheduleName ?? `${endpointName}-data-quality`;
    const problems = monitorProblems(props, this.monitoringScheduleName, scheduleExpression);
    if (problems.length > 0) {
      throw new ConstructValidationError(
        `Invalid DataQualityMonitor ${this.node.path}:\n - ${problems.join('\n - ')}`,
      );
    }

    const image = analyzerImage(this);
    const reportsPrefix = `${props.capturePrefix}monitoring/reports`;
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      description: `Runs the data-quality monitoring jobs of endpoint ${endpointName}`,
    });
    this.grantJob(props, image.repositoryArn, reportsPrefix);

    this.jobDefinition = new sagemaker.CfnDataQualityJobDefinition(this, 'JobDefinition', {
      roleArn: this.role.roleArn,
      dataQualityAppSpecification: {
        imageUri: image.imageUri,
        recordPreprocessorSourceUri: props.baseline.recordPreprocessorUri,
        // The analyzer publishes its per-feature metrics only when asked to.
        environment: { publish_cloudwatch_metrics: 'Enabled' },
      },
      dataQualityBaselineConfig: {
        statisticsResource: { s3Uri: props.baseline.statisticsUri },
        constraintsResource: { s3Uri: props.baseline.constraintsUri },
      },
      dataQualityJobInput: {
        endpointInput: {
          endpointName,
          localPath: '/opt/ml/processing/input',
          s3InputMode: 'File',
          s3DataDistributionType: 'FullyReplicated',
        },
      },
      dataQualityJobOutputConfig: {
        kmsKeyId: props.captureBucket.encryptionKey.keyArn,
        monitoringOutputs: [
          {
            s3Output: {
              localPath: '/opt/ml/processing/output',
              s3Uri: props.captureBucket.s3UriFor(reportsPrefix),
              s3UploadMode: 'EndOfJob',
            },
          },
        ],
      },
      jobResources: {
        clusterConfig: {
          instanceCount: 1,
          instanceType: props.instanceType ?? 'ml.m5.large',
          volumeSizeInGb: props.volumeSizeGb ?? 20,
        },
      },
      stoppingCondition: { maxRuntimeInSeconds: maxRuntime.toSeconds() },
    });
    // SageMaker checks the role when the definition is created, and the first execution reads the baseline.
    this.jobDefinition.node.addDependency(this.role);
    if (props.baseline.publication) this.jobDefinition.node.addDependency(props.baseline.publication);

    this.schedule = new sagemaker.CfnMonitoringSchedule(this, 'Schedule', {
      monitoringScheduleName: this.monitoringScheduleName,
      endpointName,
      monitoringScheduleConfig: {
        // The definition's name is generated (every property is create-only); its ARN ends with it.
        monitoringJobDefinitionName: Fn.select(1, Fn.split('/', this.jobDefinition.attrJobDefinitionArn)),
        monitoringType: 'DataQuality',
        scheduleConfig: { scheduleExpression },
      },
    });
    // The endpoint name is a literal: without this, CloudFormation could create the schedule
    // before the endpoint (with its capture config) exists, and SageMaker would reject it.
    this.schedule.node.addDependency(props.endpoint.endpoint);

    this.driftAlarms = addDriftAlarms(this, {
      endpointName,
      monitoringScheduleName: this.monitoringScheduleName,
      features: props.driftAlarmFeatures ?? [],
      maxDriftDistance: props.maxDriftDistance ?? 0.1,
      actions: props.alarmActions ?? [],
    });
  }

  /** Read captured data and the baseline, write reports, pull the analyzer, write logs and metrics. */
  private grantJob(props: DataQualityMonitorProps, repositoryArn: string, reportsPrefix: string): void {
    const stack = Stack.of(this);
    props.captureBucket.grantReadPrefix(this.role, props.capturePrefix);
    props.captureBucket.grantWritePrefix(this.role, `${reportsPrefix}/`);
    if (props.baseline.grantRead) props.baseline.grantRead(this.role);
    else grantReadObjects(this.role, props.baseline, stack.partition);
    grantEcrPull(this.role, repositoryArn);
    grantLogGroupWrite(this.role, stack, '/aws/sagemaker/ProcessingJobs');
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': DATA_METRICS_NAMESPACE } },
      }),
    );
    acknowledgeWildcardFindings(
      this.role,
      'Object wildcards cover only this model’s capture prefix, its reports prefix and its baseline; log streams only ' +
        'the processing-job log group; ECR tokens and PutMetricData (namespace-conditioned) have no resource to scope to.',
    );
  }
}

function monitorProblems(props: DataQualityMonitorProps, scheduleName: string, expression: string): string[] {
  const problems: string[] = [];
  if (!props.endpoint.dataCapture) {
    problems.push(
      'the endpoint does not capture its requests; give it dataCapture (Model Monitor analyzes them)',
    );
  }
  if (!Token.isUnresolved(scheduleName) && !SAGEMAKER_NAME_PATTERN.test(scheduleName)) {
    problems.push(
      `monitoringScheduleName ${JSON.stringify(scheduleName)} must be 1–63 letters, digits and hyphens; pass a shorter monitoringScheduleName`,
    );
  }
  if (!Token.isUnresolved(expression) && !/^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/.test(expression)) {
    problems.push(
      `scheduleExpression ${JSON.stringify(expression)} must be a six-field cron(...) expression`,
    );
  }
  if (!props.capturePrefix.endsWith('/')) {
    problems.push(`capturePrefix ${JSON.stringify(props.capturePrefix)} must end with /`);
  }
  return problems;
}

function grantReadObjects(
  grantee: iam.IGrantable,
  baseline: MonitoringBaseline,
  partition: string,
): iam.Grant {
  const uris = [baseline.statisticsUri, baseline.constraintsUri, baseline.recordPreprocessorUri];
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:GetObject'],
    resourceArns: uris.flatMap((uri) => {
      if (uri === undefined) return [];
      const { bucket, key } = parseS3Uri(uri);
      return [`arn:${partition}:s3:::${bucket}/${key}`];
    }),
  });
}

/** The Model Monitor analyzer image of the stack's region. */
function analyzerImage(scope: Construct): { imageUri: string; repositoryArn: string } {
  return regionalImage(scope, {
    repository: MODEL_MONITOR_REPOSITORY,
    accounts: MODEL_MONITOR_REGISTRY_ACCOUNTS,
    mappingId: 'ModelMonitorImageRegistries',
    description: 'SageMaker Model Monitor analyzer image',
  });
}
