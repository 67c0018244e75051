import { Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { PropProblem, throwOnProblems } from '../errors/validation';
import { acknowledgeWildcardFindings } from '../private/nag';
import { requireRoleGrants } from '../private/role-policies';
import { IModelArtifact } from '../storage/artifact-ref';
import {
  alarmArnOf,
  componentRolloutProblems,
  fixedAlarmName,
  InferenceComponentRollout,
  renderComponentDeploymentConfig,
} from './component-rollout';
import { addCopyScaling, ComponentCopyScaling, copyScalingProblems } from './component-scaling';
import { ContainerImage } from './container-image';
import { gpuInstanceType } from './gpu-instance-types';
import { bindModelSource } from './model-source';
import { grantLogGroupWrite } from './role-grants';

/** One model of a shared endpoint, as an inference component with its own copies. */
export interface InferenceComponentSpec {
  /** Physical name of the component (InferenceComponentName); callers pass it to InvokeEndpoint. */
  readonly name: string;
  readonly image: ContainerImage;
  readonly modelData: IModelArtifact;
  /** @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** CPU cores a copy needs (NumberOfCpuCoresRequired). @default none reserved */
  readonly cpuCores?: number;
  /** Memory a copy needs, at least 128 MB (MinMemoryRequiredInMb). */
  readonly minMemoryMb: number;
  /** GPUs or Inferentia devices a copy needs (NumberOfAcceleratorDevicesRequired). @default none */
  readonly acceleratorDevices?: number;
  /** Copies at creation, at least 1: SageMaker creates no component with CopyCount 0. */
  readonly copyCount: number;
  /**
   * Copy-count autoscaling, with scheduled changes of the range; `minCopies: 0` (always or on a schedule) lets the
   * component, and then the instances, scale to zero. @default none
   */
  readonly scaling?: ComponentCopyScaling;
  /**
   * How an update of the component (a new model version, new requirements) replaces its copies: a rolling update
   * with baking periods and alarm rollback. @default none: SageMaker's own update, all copies at once, with no alarm
   * rollback
   */
  readonly rollout?: InferenceComponentRollout;
}

export interface InferenceComponentEndpointProps {
  readonly endpointName: string;
  readonly instanceType: string;
  readonly initialInstanceCount: number;
  /** Managed instance scaling's range; `minInstances: 0` frees every instance once no copy runs. */
  readonly minInstances: number;
  readonly maxInstances: number;
  readonly components: readonly InferenceComponentSpec[];
}

const COMPONENT_NAME = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/**
 * Every rule the props break. CopyCount at creation is at least 1 (a component reaches zero copies only by
 * autoscaling); MinMemoryRequiredInMb is at least 128 ("AWS::SageMaker::InferenceComponent
 * InferenceComponentComputeResourceRequirements",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-inferencecomponent-inferencecomponentcomputeresourcerequirements.html).
 */
export function inferenceComponentProblems(props: InferenceComponentEndpointProps): PropProblem[] {
  const problems: PropProblem[] = [];
  if (!(props.minInstances >= 0 && props.minInstances <= props.maxInstances && props.maxInstances >= 1)) {
    problems.push({
      field: 'minInstances',
      value: String(props.minInstances),
      message: `must be between 0 and {maxInstances} (${props.maxInstances}), which is at least 1`,
    });
  }
  if (props.components.length === 0) {
    problems.push({ field: 'components', message: 'must list at least one inference component' });
  }
  const names = new Set<string>();
  props.components.forEach((component, index) => {
    const field = `components.${index}`;
    if (!COMPONENT_NAME.test(component.name) || component.name.length > 63) {
      problems.push({
        field: `${field}.name`,
        value: JSON.stringify(component.name),
        message: 'must be 1–63 letters, digits and hyphens, starting and ending with a letter or digit',
      });
    } else if (names.has(component.name)) {
      problems.push({
        field: `${field}.name`,
        value: JSON.stringify(component.name),
        message: 'names another component of the endpoint; component names are unique',
      });
    }
    names.add(component.name);
    if (!(Number.isInteger(component.copyCount) && component.copyCount >= 1)) {
      problems.push({
        field: `${field}.copyCount`,
        value: String(component.copyCount),
        message:
          'must be a whole number >= 1: SageMaker creates no inference component with CopyCount 0; set scaling.minCopies 0 to let it scale to zero',
      });
    }
    // A copy of an LLM takes the GPUs its tensor parallel degree shards over; no instance of the type has more.
    const gpus = gpuInstanceType(props.instanceType)?.gpus;
    if (
      component.acceleratorDevices !== undefined &&
      gpus !== undefined &&
      component.acceleratorDevices > gpus
    ) {
      problems.push({
        field: `${field}.acceleratorDevices`,
        value: String(component.acceleratorDevices),
        message: `must be <= ${gpus}, the GPUs of {instanceType} (${props.instanceType}): SageMaker cannot place the copy`,
      });
    }
    if (!(component.minMemoryMb >= 128)) {
      problems.push({
        field: `${field}.minMemoryMb`,
        value: String(component.minMemoryMb),
        message: 'must be >= 128',
      });
    }
    if (component.scaling) problems.push(...copyScalingProblems(component.scaling, `${field}.scaling`));
    if (component.rollout && component.copyCount >= 1) {
      problems.push(
        ...componentRolloutProblems(
          component.rollout,
          component.copyCount,
          `${field}.rollout`,
          `${field}.copyCount`,
        ),
      );
    }
  });
  return problems;
}

/**
 * One endpoint whose instances SageMaker manages (ManagedInstanceScaling) and several models on it as inference
 * components, each with CPU, memory and accelerator requirements and copies autoscaled on invocations per copy
 * ("Scale an endpoint to zero instances", https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html).
 * The endpoint config names the execution role itself: it hosts no model directly, and CreateEndpointConfig refuses
 * such a config without ExecutionRoleArn.
 */
export class InferenceComponentEndpoint extends Construct {
  readonly role: iam.Role;
  readonly endpoint: sagemaker.CfnEndpoint;
  readonly endpointConfig: sagemaker.CfnEndpointConfig;
  readonly components: readonly sagemaker.CfnInferenceComponent[];

  constructor(scope: Construct, id: string, props: InferenceComponentEndpointProps) {
    super(scope, id);
    throwOnProblems('InferenceComponentEndpoint', this, inferenceComponentProblems(props));
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
    });
    grantLogGroupWrite(this.role, stack, `/aws/sagemaker/Endpoints/${props.endpointName}`);

    const variantName = 'AllTraffic';
    this.endpointConfig = new sagemaker.CfnEndpointConfig(this, 'Config', {
      executionRoleArn: this.role.roleArn,
      // "ProductionVariantManagedInstanceScaling": Status, MinInstanceCount, MaxInstanceCount
      // (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantManagedInstanceScaling.html).
      productionVariants: [
        {
          variantName,
          instanceType: props.instanceType,
          initialInstanceCount: props.initialInstanceCount,
          managedInstanceScaling: {
            status: 'ENABLED',
            minInstanceCount: props.minInstances,
            maxInstanceCount: props.maxInstances,
          },
          routingConfig: { routingStrategy: 'LEAST_OUTSTANDING_REQUESTS' },
        },
      ],
    });
    this.endpointConfig.node.addDependency(this.role);
    this.endpoint = new sagemaker.CfnEndpoint(this, 'Endpoint', {
      endpointName: props.endpointName,
      endpointConfigName: this.endpointConfig.attrEndpointConfigName,
    });

    this.components = props.components.map((spec) => this.addComponent(spec, variantName));
    acknowledgeWildcardFindings(
      this.role,
      'Object wildcards cover only the components’ model artifacts; log streams only this endpoint’s log group; ECR tokens have no resource to scope to.',
    );
  }

  private addComponent(spec: InferenceComponentSpec, variantName: string): sagemaker.CfnInferenceComponent {
    const scope = new Construct(this, `Component-${spec.name}`);
    const source = bindModelSource(scope, {
      image: spec.image,
      modelData: spec.modelData,
      environment: spec.environment,
    });
    requireRoleGrants('InferenceComponentEndpoint', this, this.role, [source.grant(this.role)]);
    const model = new sagemaker.CfnModel(scope, 'Model', {
      executionRoleArn: this.role.roleArn,
      primaryContainer: source.container,
    });
    model.node.addDependency(this.role);
    if (source.publication) model.node.addDependency(source.publication);

    // "AWS::SageMaker::InferenceComponent": Specification{ModelName, ComputeResourceRequirements}, RuntimeConfig{CopyCount}.
    const component = new sagemaker.CfnInferenceComponent(scope, 'Component', {
      inferenceComponentName: spec.name,
      endpointName: this.endpoint.attrEndpointName,
      variantName,
      specification: {
        modelName: model.attrModelName,
        computeResourceRequirements: {
          numberOfCpuCoresRequired: spec.cpuCores,
          minMemoryRequiredInMb: spec.minMemoryMb,
          numberOfAcceleratorDevicesRequired: spec.acceleratorDevices,
        },
      },
      runtimeConfig: { copyCount: spec.copyCount },
      deploymentConfig: spec.rollout && renderComponentDeploymentConfig(spec.rollout, spec.copyCount),
    });
    if (spec.rollout?.rollbackAlarms?.length) this.grantDescribeAlarms(spec.rollout.rollbackAlarms);
    if (spec.scaling) addCopyScaling(scope, spec.name, spec.scaling, component);
    return component;
  }

  /**
   * SageMaker reads the rollback alarms' state with the execution role ("Auto-Rollback Configuration and Monitoring",
   * https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-configuration.html). The ARNs are built from
   * the fixed names: a reference to the alarms would make the role, and so every component, wait for them.
   */
  private grantDescribeAlarms(alarms: readonly cloudwatch.IAlarm[]): void {
    const stack = Stack.of(this);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['cloudwatch:DescribeAlarms'],
        resources: alarms.map((alarm) => alarmArnOf(stack, fixedAlarmName(alarm)!)),
      }),
    );
  }
}
