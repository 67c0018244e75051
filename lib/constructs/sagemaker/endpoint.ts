import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import {
  addScalingResources,
  autoScalingProblems,
  EndpointAutoScaling,
  scalingDefinition,
} from './autoscaling';
import { ConstructValidationError, throwOnProblems } from '../errors/validation';
import { rollbackThresholdProblems } from '../alarms/rollback-thresholds';
import { renderDeploymentConfig, rolloutProblems } from './rollout';
import { endpointProblems } from './endpoint-rules';
import { supportsVolumeKmsKey } from './instance-types';
import { bindModelSource, modelSourceProblems } from './model-source';
import { EndpointVariantMetrics } from './endpoint-metrics';
import { EndpointRollbackAlarms, MAX_ROLLBACK_ALARMS } from './rollback-alarms';
import { EndpointScalingGuard } from './scaling-guard';
import { AsyncInference, asyncInferenceProblems, renderAsyncInferenceConfig } from './async-inference';
import { AsyncScaleFromZero } from './async-scale-from-zero';
import { renderShadowVariant, ShadowVariant, shadowProblems } from './shadow-variant';
import { renderWeightedVariant, WeightedVariant, weightedVariantProblems } from './weighted-variants';
import { addVariantModel } from './variant-model';
import { DataCapture, renderDataCapture } from './data-capture';
import { grantDescribeAlarms, grantEndpointExecution } from './endpoint-grants';
import type { SageMakerEndpointProps } from './sagemaker-endpoint-props';

export type { DataCapture } from './data-capture';
export type { SageMakerEndpointProps } from './sagemaker-endpoint-props';

/**
 * A SageMaker real-time or serverless endpoint that deploys safely: blue/green (or rolling)
 * rollouts with alarm-based automatic rollback, autoscaling that survives deploys and instance type
 * changes, and a least-privilege execution role. The model and endpoint config get generated names
 * (CloudFormation replaces them on every change); the endpoint keeps the deterministic name.
 */
export class SageMakerEndpoint extends Construct {
  readonly endpointName: string;
  readonly endpointArn: string;
  readonly variantName: string;
  /** Name of the endpoint config this deploy puts in service; verification compares it with the live endpoint. */
  readonly endpointConfigName: string;
  /** The role the model runs as: the given one, or the one this construct created. */
  readonly role: iam.IRole;
  /**
   * The generated AWS::SageMaker::Model, an escape hatch for properties these props do not cover. Its name is
   * generated: CloudFormation replaces the model on every change.
   */
  readonly model: sagemaker.CfnModel;
  /** The generated AWS::SageMaker::EndpointConfig, an escape hatch like `model`; replaced on every change too. */
  readonly endpointConfig: sagemaker.CfnEndpointConfig;
  /** The AWS::SageMaker::Endpoint, with the deterministic name and the deployment guardrails. */
  readonly endpoint: sagemaker.CfnEndpoint;
  /** The alarms that roll a deployment back; undefined for serverless variants or with `rollout.autoRollback` false. */
  readonly rollbackAlarms?: EndpointRollbackAlarms;
  /**
   * Every alarm the deployments watch: the built-in ones, `additionalRollbackAlarms` and those added with
   * `addRollbackAlarms`; empty without auto-rollback.
   */
  get deploymentRollbackAlarms(): readonly cloudwatch.Alarm[] {
    return this.watchedAlarms;
  }
  private watchedAlarms: cloudwatch.Alarm[];
  /** The `additionalRollbackAlarms` the deployments watch; empty without auto-rollback. */
  readonly additionalRollbackAlarms: readonly cloudwatch.Alarm[];
  /** Where and how requests are captured; undefined without capture. */
  readonly dataCapture?: DataCapture;
  /** Whether the variant is serverless (no instances, no CPU/disk/GPU metrics). */
  readonly serverless: boolean;
  /** Instance type of an instance variant. */
  readonly instanceType?: string;
  /** Highest instance count autoscaling may reach, schedules included; undefined without instance autoscaling. */
  readonly maxInstances?: number;
  /** Where an asynchronous endpoint writes its answers; undefined for a real-time endpoint. */
  readonly asyncInference?: AsyncInference;
  /** Every production variant's name, the first variant's first. */
  readonly variantNames: readonly string[];
  /** Name of the shadow variant; undefined without one. */
  readonly shadowVariantName?: string;
  /** The shadow's generated AWS::SageMaker::Model; undefined without a shadow. */
  readonly shadowModel?: sagemaker.CfnModel;
  /** The policy and alarm that wake an asynchronous endpoint scaled to zero; undefined when it never reaches zero. */
  readonly scaleFromZero?: AsyncScaleFromZero;

  constructor(scope: Construct, id: string, props: SageMakerEndpointProps) {
    super(scope, id);
    const variantName = props.variantName ?? 'AllTraffic';
    const rollout = props.rollout ?? {};
    const serverless = props.serverless !== undefined;
    throwOnProblems('SageMakerEndpoint', this, [], modelSourceProblems(props));
    const source = bindModelSource(this, props);
    const extraVariants = props.additionalVariants ?? [];
    const fleet = {
      serverless,
      instanceCount: props.instance?.initialInstanceCount ?? 1,
      variantCount: 1 + extraVariants.length,
    };

    throwOnProblems('SageMakerEndpoint', this, [
      ...endpointProblems(props, source.fitsServerless),
      ...rolloutProblems(rollout, fleet),
      ...rollbackThresholdProblems(props.rollbackAlarms ?? {}),
      ...additionalRollbackAlarmProblems(props),
      ...asyncInferenceProblems(props),
      ...shadowProblems(props),
      ...weightedVariantProblems(props),
      ...extraVariants.flatMap((variant, index) =>
        variant.autoScaling
          ? autoScalingProblems(variant.autoScaling, {
              endpointName: props.endpointName,
              variantName: variant.variantName,
              serverless: false,
              instanceType: variant.instance.instanceType,
            }).map((problem) => ({
              ...problem,
              field: problem.field.replace(/^autoScaling/, `additionalVariants.${index}.autoScaling`),
            }))
          : [],
      ),
      ...(props.shadow && props.modelPackage && !props.shadow.image
        ? [
            {
              field: 'shadow.image',
              message:
                'is needed with modelPackage: the package’s image is not known to run other model data',
            },
          ]
        : []),
      ...(props.autoScaling
        ? autoScalingProblems(props.autoScaling, {
            endpointName: props.endpointName,
            variantName,
            serverless,
            asynchronous: props.asyncInference !== undefined,
            instanceType: props.instance?.instanceType,
            serverlessMaxConcurrency: props.serverless?.maxConcurrency,
          })
        : []),
    ]);

    this.endpointName = props.endpointName;
    this.variantName = variantName;
    this.variantNames = [variantName, ...extraVariants.map((variant) => variant.variantName)];
    this.dataCapture = props.dataCapture;
    this.serverless = serverless;
    this.instanceType = props.instance?.instanceType;
    this.asyncInference = props.asyncInference;
    this.maxInstances =
      props.autoScaling && !serverless
        ? Math.max(
            props.autoScaling.maxCapacity,
            ...(props.autoScaling.schedules ?? []).map((schedule) => schedule.maxCapacity),
          )
        : undefined;
    this.endpointArn = Stack.of(this).formatArn({
      service: 'sagemaker',
      resource: 'endpoint',
      resourceName: props.endpointName.toLowerCase(),
    });
    this.role =
      props.role ??
      new iam.Role(this, 'ExecutionRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    grantEndpointExecution(this, this.role, props, source);

    this.model = new sagemaker.CfnModel(this, 'Model', {
      executionRoleArn: this.role.roleArn,
      enableNetworkIsolation: props.networkIsolation ?? false,
      vpcConfig: props.vpc && {
        subnets: [...props.vpc.subnetIds],
        securityGroupIds: [...props.vpc.securityGroupIds],
      },
      primaryContainer: source.container,
    });
    // SageMaker checks the image and the model data when the model is created: the role's grants
    // and the uploaded artifact must be in place by then.
    this.model.node.addDependency(this.role);
    if (source.publication) this.model.node.addDependency(source.publication);

    if (props.shadow) {
      this.shadowVariantName = props.shadow.variantName ?? 'Shadow';
      this.shadowModel = this.addShadowModel(props, props.shadow);
    }
    const shadow = this.shadowModel;
    this.endpointConfig = new sagemaker.CfnEndpointConfig(this, 'Config', {
      productionVariants: [
        this.renderVariant(props, variantName, this.model),
        ...extraVariants.map((variant, index) =>
          renderWeightedVariant(variant, this.modelOfVariant(props, variant, index)),
        ),
      ],
      shadowProductionVariants: shadow && [renderShadowVariant(props.shadow!, shadow)],
      kmsKeyId:
        props.instance && props.volumeEncryptionKey && supportsVolumeKmsKey(props.instance.instanceType)
          ? props.volumeEncryptionKey.keyArn
          : undefined,
      dataCaptureConfig: props.dataCapture && renderDataCapture(props.dataCapture),
      asyncInferenceConfig: props.asyncInference && renderAsyncInferenceConfig(props.asyncInference),
    });
    this.endpointConfigName = this.endpointConfig.attrEndpointConfigName;

    const autoRollback = !serverless && (rollout.autoRollback ?? true);
    if (autoRollback) {
      this.rollbackAlarms = new EndpointRollbackAlarms(this, 'RollbackAlarms', {
        endpointName: props.endpointName,
        variantName,
        asynchronous: props.asyncInference !== undefined,
        ...props.rollbackAlarms,
      });
      grantDescribeAlarms(this.role, this.rollbackAlarms);
      for (const alarm of this.rollbackAlarms.alarms) alarm.addAlarmAction(...(props.alarmActions ?? []));
    }
    const rollbackAlarms = autoRollback
      ? [...(this.rollbackAlarms?.alarms ?? []), ...(props.additionalRollbackAlarms ?? [])]
      : [];
    this.watchedAlarms = rollbackAlarms;
    this.additionalRollbackAlarms = autoRollback ? [...(props.additionalRollbackAlarms ?? [])] : [];
    if (autoRollback && props.additionalRollbackAlarms?.length) {
      grantDescribeAlarms(this.role, { alarms: [...props.additionalRollbackAlarms] });
      for (const alarm of props.additionalRollbackAlarms) alarm.addAlarmAction(...(props.alarmActions ?? []));
    }

    const scaledInstances =
      (props.autoScaling !== undefined && !serverless) ||
      extraVariants.some((variant) => variant.autoScaling);
    this.endpoint = new sagemaker.CfnEndpoint(this, 'Endpoint', {
      endpointName: props.endpointName,
      endpointConfigName: this.endpointConfig.attrEndpointConfigName,
      deploymentConfig: serverless
        ? undefined
        : renderDeploymentConfig(
            rollout,
            fleet,
            rollbackAlarms.map((alarm) => alarm.alarmName),
          ),
      // Keep the instance count autoscaling has reached instead of resetting it to the initial count ("UpdateEndpoint",
      // RetainAllVariantProperties, and "VariantProperty", Amazon SageMaker API Reference,
      // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_VariantProperty.html).
      retainAllVariantProperties: scaledInstances ? true : undefined,
      excludeRetainedVariantProperties: scaledInstances
        ? [{ variantPropertyType: 'DataCaptureConfig' }]
        : undefined,
    });
    rollbackAlarms.forEach((alarm) => this.endpoint.node.addDependency(alarm));

    const definition =
      props.autoScaling &&
      scalingDefinition(
        props.autoScaling,
        {
          endpointName: props.endpointName,
          variantName,
          serverless,
          asynchronous: props.asyncInference !== undefined,
          instanceType: props.instance?.instanceType,
        },
        Stack.of(this),
      );
    // Instance variants keep the guard with autoscaling off too, so that the deploy that turns
    // autoscaling off may also change the instance type.
    const scaling =
      definition && addScalingResources(this, definition, { nativePolicies: props.instance === undefined });
    scaling?.target.node.addDependency(this.endpoint);
    if (props.instance) {
      new EndpointScalingGuard(this, 'ScalingGuard', {
        endpoint: this.endpoint,
        endpointName: props.endpointName,
        variantName,
        instanceType: props.instance.instanceType,
        scaling: definition && scaling && { definition, scalableTarget: scaling.target },
      });
    }
    extraVariants.forEach((variant, index) => this.addVariantScaling(props, variant, index));
    if (scaling && props.instance && props.asyncInference && reachesZero(props.autoScaling!)) {
      this.scaleFromZero = new AsyncScaleFromZero(this, 'ScaleFromZero', {
        endpointName: props.endpointName,
        instanceType: props.instance.instanceType,
        scalableTarget: scaling.target,
      });
    }
  }

  /** Lets a principal call InvokeEndpoint (and its streaming and async forms) on this endpoint. */
  /**
   * Makes deployments of the endpoint also roll back on `alarms`, e.g. the 5XX-rate and latency alarms of further
   * production variants: a blue/green deployment replaces every variant's fleet at once, so a bad candidate variant
   * must stop it as the first one would ("Auto-Rollback Configuration and Monitoring",
   * https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-configuration.html). SageMaker reads their
   * state with the execution role. Does nothing without auto-rollback (serverless, or `rollout.autoRollback` false).
   * The alarms need fixed names, and a deployment watches at most 10 ("AutoRollbackConfig", Amazon SageMaker API
   * Reference, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoRollbackConfig.html).
   */
  addRollbackAlarms(alarms: readonly cloudwatch.Alarm[]): void {
    if (this.watchedAlarms.length === 0 || alarms.length === 0) return;
    const all = [...this.watchedAlarms, ...alarms];
    if (all.length > MAX_ROLLBACK_ALARMS) {
      throw new ConstructValidationError(
        `SageMakerEndpoint ${this.node.path}: ${all.length} rollback alarms, but a deployment watches at most ${MAX_ROLLBACK_ALARMS} (2 per production variant, plus any additionalRollbackAlarms: at most 4 additional variants with autoRollback)`,
        this,
      );
    }
    this.watchedAlarms = all;
    this.endpoint.addPropertyOverride(
      'DeploymentConfig.AutoRollbackConfiguration.Alarms',
      all.map((alarm) => ({ AlarmName: alarm.alarmName })),
    );
    grantDescribeAlarms(this.role, { alarms });
    for (const alarm of alarms) this.endpoint.node.addDependency(alarm);
  }

  grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [
        'sagemaker:InvokeEndpoint',
        'sagemaker:InvokeEndpointAsync',
        'sagemaker:InvokeEndpointWithResponseStream',
      ],
      resourceArns: [this.endpointArn],
    });
  }

  /** InvokeEndpoint requests sent to the variant. @default Sum over 5 minutes */
  metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetrics().metricInvocations(props);
  }

  /** Requests the model answered with a 5XX code (model or container faults). @default Sum over 5 minutes */
  metricInvocation5XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetrics().metricInvocation5XXErrors(props);
  }

  /** Requests the model answered with a 4XX code (bad requests). @default Sum over 5 minutes */
  metricInvocation4XXErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetrics().metricInvocation4XXErrors(props);
  }

  /** Time the model took to answer, as SageMaker sees it, in microseconds. @default Average over 5 minutes */
  metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetrics().metricModelLatency(props);
  }

  /** Time SageMaker added around the model, in microseconds. @default Average over 5 minutes */
  metricOverheadLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetrics().metricOverheadLatency(props);
  }

  /** Serverless: time to launch compute for a cold start, in microseconds. @default Average over 5 minutes */
  metricModelSetupTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetrics().metricModelSetupTime(props);
  }

  /** Serverless: concurrent executions divided by the maximum concurrency (0–1). @default Average over 5 minutes */
  metricServerlessConcurrentExecutionsUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetrics().metricServerlessConcurrentExecutionsUtilization(props);
  }

  /** CPU use of the instances, 0–100 × vCPUs. @default Average over 5 minutes */
  metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetrics().metricCpuUtilization(props);
  }

  /** Memory use of the instances (or serverless workers), 0–100. @default Average over 5 minutes */
  metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetrics().metricMemoryUtilization(props);
  }

  /** Storage volume use of the instances, 0–100. @default Average over 5 minutes */
  metricDiskUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetrics().metricDiskUtilization(props);
  }

  /** GPU use of the instances, 0–100 × GPUs. @default Average over 5 minutes */
  metricGpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetrics().metricGpuUtilization(props);
  }

  /** GPU memory use of the instances, 0–100 × GPUs. @default Average over 5 minutes */
  metricGpuMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.variantMetrics().metricGpuMemoryUtilization(props);
  }

  /** The shadow's model: its own data, the production image unless it names one. */
  private addShadowModel(props: SageMakerEndpointProps, shadow: ShadowVariant): sagemaker.CfnModel {
    return addVariantModel(new Construct(this, 'Shadow'), {
      ...props,
      role: this.role,
      image: (shadow.image ?? props.image)!,
      modelData: shadow.modelData,
    });
  }

  /** An additional variant's model: its own data with the first variant's image, else the first variant's model. */
  private modelOfVariant(
    props: SageMakerEndpointProps,
    variant: WeightedVariant,
    index: number,
  ): sagemaker.CfnModel {
    if (!variant.modelData) return this.model;
    return addVariantModel(new Construct(this, `Variant${index + 1}`), {
      ...props,
      role: this.role,
      image: props.image!,
      modelData: variant.modelData,
    });
  }

  /**
   * An additional variant's scalable target, policies and scaling guard: the same machinery as the first
   * variant's, addressed by its own variant name (ResourceId `endpoint/<name>/variant/<variant>`).
   */
  private addVariantScaling(props: SageMakerEndpointProps, variant: WeightedVariant, index: number): void {
    const scope = new Construct(this, `Variant${index + 1}Scaling`);
    const subject = {
      endpointName: props.endpointName,
      variantName: variant.variantName,
      serverless: false,
      instanceType: variant.instance.instanceType,
    };
    const definition = variant.autoScaling && scalingDefinition(variant.autoScaling, subject, Stack.of(this));
    const scaling = definition && addScalingResources(scope, definition, { nativePolicies: false });
    scaling?.target.node.addDependency(this.endpoint);
    new EndpointScalingGuard(scope, 'ScalingGuard', {
      endpoint: this.endpoint,
      endpointName: props.endpointName,
      variantName: variant.variantName,
      instanceType: variant.instance.instanceType,
      scaling: definition && scaling && { definition, scalableTarget: scaling.target },
    });
  }

  /** The metrics of any production variant of the endpoint. */
  metricsOfVariant(variantName: string): EndpointVariantMetrics {
    return new EndpointVariantMetrics(this.endpointName, variantName);
  }

  /** The metrics of the shadow variant, to compare with the production variant's; undefined without a shadow. */
  shadowMetrics(): EndpointVariantMetrics | undefined {
    return this.shadowVariantName === undefined
      ? undefined
      : new EndpointVariantMetrics(this.endpointName, this.shadowVariantName);
  }

  /** The metrics of the production variant, with the same helpers as the shadow's. */
  productionMetrics(): EndpointVariantMetrics {
    return this.variantMetrics();
  }

  private variantMetrics(): EndpointVariantMetrics {
    return new EndpointVariantMetrics(this.endpointName, this.variantName);
  }

  private renderVariant(props: SageMakerEndpointProps, variantName: string, model: sagemaker.CfnModel) {
    const base = {
      variantName,
      modelName: model.attrModelName,
      initialVariantWeight: props.variantWeight ?? 1,
    };
    if (props.serverless) {
      return {
        ...base,
        serverlessConfig: {
          memorySizeInMb: props.serverless.memorySizeMb,
          maxConcurrency: props.serverless.maxConcurrency,
          provisionedConcurrency: props.serverless.provisionedConcurrency || undefined,
        },
      };
    }
    const instance = props.instance!;
    return {
      ...base,
      instanceType: instance.instanceType,
      initialInstanceCount: instance.initialInstanceCount,
      volumeSizeInGb: instance.volumeSizeGb,
      modelDataDownloadTimeoutInSeconds: instance.modelDataDownloadTimeout?.toSeconds(),
      containerStartupHealthCheckTimeoutInSeconds: instance.containerStartupHealthCheckTimeout?.toSeconds(),
      routingConfig: instance.routingStrategy && { routingStrategy: instance.routingStrategy },
    };
  }
}

/** Whether autoscaling may take the variant to zero instances, at all times or on a schedule. */
function reachesZero(scaling: EndpointAutoScaling): boolean {
  return (
    scaling.minCapacity === 0 || (scaling.schedules ?? []).some((schedule) => schedule.minCapacity === 0)
  );
}

/** Two of the alarms a deployment watches (MAX_ROLLBACK_ALARMS) are built in. */
function additionalRollbackAlarmProblems(props: SageMakerEndpointProps) {
  const count = props.additionalRollbackAlarms?.length ?? 0;
  return count <= MAX_ROLLBACK_ALARMS - 2
    ? []
    : [
        {
          field: 'additionalRollbackAlarms',
          value: String(count),
          message: 'must be at most 8: with the 5XX and latency alarms a deployment watches at most 10',
        },
      ];
}
