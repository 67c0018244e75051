import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { acknowledgeWildcardFindings } from '../private/nag';
import {
  addScalingResources,
  autoScalingProblems,
  EndpointAutoScaling,
  scalingDefinition,
} from './autoscaling';
import { ContainerImage } from './container-image';
import { throwOnProblems } from '../errors/validation';
import { requireRoleGrants } from '../private/role-policies';
import { RollbackThresholds, rollbackThresholdProblems } from '../alarms/rollback-thresholds';
import { IModelArtifact } from '../storage/artifact-ref';
import { EndpointRolloutOptions, renderDeploymentConfig, rolloutProblems } from './rollout';
import { endpointProblems, InstanceVariant, ServerlessVariant } from './endpoint-rules';
import { supportsVolumeKmsKey } from './instance-types';
import { BoundModelSource, bindModelSource, ModelPackage, modelSourceProblems } from './model-source';
import { EndpointVariantMetrics } from './endpoint-metrics';
import { SAGEMAKER_INVOCATION_NAMESPACE } from '../../../contract/metrics';
import { EndpointRollbackAlarms } from './rollback-alarms';
import { grantLogGroupWrite } from './role-grants';
import { EndpointScalingGuard } from './scaling-guard';
import {
  AsyncInference,
  asyncInferenceProblems,
  grantAsyncDelivery,
  renderAsyncInferenceConfig,
} from './async-inference';
import { AsyncScaleFromZero } from './async-scale-from-zero';
import { renderShadowVariant, ShadowVariant, shadowProblems } from './shadow-variant';
import { renderWeightedVariant, WeightedVariant, weightedVariantProblems } from './weighted-variants';
import { addVariantModel } from './variant-model';

/** Request and response capture to S3, for drift monitoring. */
export interface DataCapture {
  /** `s3://bucket/prefix` the captured records go to. */
  readonly destinationS3Uri: string;
  /** Share of requests captured, 0–100. @default 100 */
  readonly samplingPercent?: number;
  /** @default true */
  readonly captureInputs?: boolean;
  /** @default true */
  readonly captureOutputs?: boolean;
  /** Key that encrypts the captured objects. @default the bucket's default encryption */
  readonly encryptionKey?: kms.IKey;
}

export interface SageMakerEndpointProps {
  /** Deterministic endpoint name, ≤ 63 characters of letters, digits and hyphens. */
  readonly endpointName: string;
  /** The container to run, with modelData. @default none: set modelPackage instead */
  readonly image?: ContainerImage;
  /** The model data the container downloads, with image (a ModelArtifact fits). @default none: set modelPackage instead */
  readonly modelData?: IModelArtifact;
  /** A Model Registry package that brings its own container and data, instead of image and modelData. @default none */
  readonly modelPackage?: ModelPackage;
  /** Real-time instances. Exactly one of `instance` and `serverless`. @default none */
  readonly instance?: InstanceVariant;
  /** A serverless endpoint. Exactly one of `instance` and `serverless`. @default none */
  readonly serverless?: ServerlessVariant;
  /**
   * Role the model runs as. A given role receives the grants this construct needs, an imported one in a policy of
   * its own; one imported with `mutable: false` must already allow them. @default a new least-privilege role
   */
  readonly role?: iam.IRole;
  /** Environment of the container. @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Subnets and security groups to run in (instance variants only). @default no VPC */
  readonly vpc?: { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  /** Block all network access from the container. @default false */
  readonly networkIsolation?: boolean;
  /** Name of the production variant; must stay the same across deploys for guarded rollouts. @default 'AllTraffic' */
  readonly variantName?: string;
  /** Encrypts the instances' ML storage volumes where the instance type allows it. @default AWS managed key */
  readonly volumeEncryptionKey?: kms.IKey;
  /** @default no capture */
  readonly dataCapture?: DataCapture;
  /** How updates replace the running fleet. @default all at once with a 10-minute bake, rolled back on alarm */
  readonly rollout?: EndpointRolloutOptions;
  /** Thresholds of the alarms that roll a deployment back (5XX rate, p99 model latency). @default 1 % and 1 s */
  readonly rollbackAlarms?: RollbackThresholds;
  /** @default no autoscaling */
  readonly autoScaling?: EndpointAutoScaling;
  /**
   * Asynchronous inference (instance variants): requests queue, answers go to S3. With autoscaling the endpoint
   * scales on its backlog and may scale to zero. @default a real-time endpoint
   */
  readonly asyncInference?: AsyncInference;
  /** Weight of the first production variant against `additionalVariants`. @default 1 */
  readonly variantWeight?: number;
  /** More production variants, each taking the share of requests its weight gives (A/B tests). @default none */
  readonly additionalVariants?: readonly WeightedVariant[];
  /** A challenger that receives a copy of a share of the traffic and answers nobody. @default no shadow */
  readonly shadow?: ShadowVariant;
  /** Notified when a rollback alarm fires, e.g. the on-call topic. @default none */
  readonly alarmActions?: readonly cloudwatch.IAlarmAction[];
}

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
    this.grantExecution(props, source);

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
      this.grantDescribeAlarms(this.rollbackAlarms);
      for (const alarm of this.rollbackAlarms.alarms) alarm.addAlarmAction(...(props.alarmActions ?? []));
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
            this.rollbackAlarms?.alarms.map((alarm) => alarm.alarmName) ?? [],
          ),
      // Keep the instance count autoscaling has reached instead of resetting it to the initial count ("UpdateEndpoint",
      // RetainAllVariantProperties, and "VariantProperty", Amazon SageMaker API Reference,
      // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_VariantProperty.html).
      retainAllVariantProperties: scaledInstances ? true : undefined,
      excludeRetainedVariantProperties: scaledInstances
        ? [{ variantPropertyType: 'DataCaptureConfig' }]
        : undefined,
    });
    this.rollbackAlarms?.alarms.forEach((alarm) => this.endpoint.node.addDependency(alarm));

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

  /**
   * Read the model, pull the image, write logs and metrics, and (in a VPC) manage network interfaces: the CreateModel
   * permissions of "How to use SageMaker AI execution roles", https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html
   */
  private grantExecution(props: SageMakerEndpointProps, source: BoundModelSource): void {
    const stack = Stack.of(this);
    const modelRead = source.grant(this.role);
    grantLogGroupWrite(this.role, stack, `/aws/sagemaker/Endpoints/${props.endpointName}`);
    const metrics = iam.Grant.addToPrincipal({
      grantee: this.role,
      actions: ['cloudwatch:PutMetricData'],
      resourceArns: ['*'],
      conditions: {
        StringLike: { 'cloudwatch:namespace': ['/aws/sagemaker/*', SAGEMAKER_INVOCATION_NAMESPACE] },
      },
    });
    requireRoleGrants('SageMakerEndpoint', this, this.role, [modelRead, metrics]);
    if (props.vpc) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:CreateNetworkInterfacePermission',
            'ec2:DeleteNetworkInterface',
            'ec2:DeleteNetworkInterfacePermission',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DescribeVpcs',
            'ec2:DescribeDhcpOptions',
            'ec2:DescribeSubnets',
            'ec2:DescribeSecurityGroups',
          ],
          resources: ['*'],
        }),
      );
    }
    if (props.volumeEncryptionKey) {
      props.volumeEncryptionKey.grant(
        this.role,
        'kms:CreateGrant',
        'kms:Decrypt',
        'kms:GenerateDataKey*',
        'kms:DescribeKey',
      );
    }
    if (props.asyncInference) grantAsyncDelivery(this.role, props.asyncInference);
    if (props.dataCapture?.encryptionKey) {
      props.dataCapture.encryptionKey.grant(this.role, 'kms:Encrypt', 'kms:GenerateDataKey*');
    }
    acknowledgeWildcardFindings(
      this.role,
      'Object wildcards cover only this model artifact; log streams only this endpoint’s log group; ECR tokens, ' +
        'PutMetricData (namespace-conditioned) and VPC network interfaces have no resource to scope to.',
    );
  }

  /**
   * SageMaker reads the rollback alarms' state with the execution role ("Auto-Rollback Configuration and Monitoring",
   * https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-configuration.html).
   */
  private grantDescribeAlarms(alarms: EndpointRollbackAlarms): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['cloudwatch:DescribeAlarms'],
        resources: alarms.alarms.map((alarm) => alarm.alarmArn),
      }),
    );
  }
}

/** Whether autoscaling may take the variant to zero instances, at all times or on a schedule. */
function reachesZero(scaling: EndpointAutoScaling): boolean {
  return (
    scaling.minCapacity === 0 || (scaling.schedules ?? []).some((schedule) => schedule.minCapacity === 0)
  );
}

function renderDataCapture(capture: DataCapture): sagemaker.CfnEndpointConfig.DataCaptureConfigProperty {
  const modes = [
    ...((capture.captureInputs ?? true) ? [{ captureMode: 'Input' }] : []),
    ...((capture.captureOutputs ?? true) ? [{ captureMode: 'Output' }] : []),
  ];
  return {
    enableCapture: true,
    destinationS3Uri: capture.destinationS3Uri,
    initialSamplingPercentage: capture.samplingPercent ?? 100,
    captureOptions: modes,
    kmsKeyId: capture.encryptionKey?.keyArn,
    captureContentTypeHeader: { jsonContentTypes: ['application/json'] },
  };
}
