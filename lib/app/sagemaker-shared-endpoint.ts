import { Annotations, CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { endpointName, ResolvedModel } from '../config';
import { scheduleTimingOf } from '../config/schedule-timing';
import { pastOneTimeCopySchedules } from '../config/schedule-warnings';
import { componentRolloutOf } from '../config/component-rules';
import type { ResolvedSharedEndpoint } from '../config/types';
import { ModelHealthAlarm } from '../constructs/alarms/model-health-alarm';
import {
  ContainerImage,
  InferenceComponentEndpoint,
  InferenceComponentSpec,
  TritonVersion,
} from '../constructs/sagemaker';
import { InferenceComponentAlarmPack } from '../constructs/sagemaker/component-alarms';
import { copiesReachZero } from '../constructs/sagemaker/component-scaling';
import { ModelArtifact } from '../constructs/storage/model-artifact';
import { ModelBucket } from '../constructs/storage/model-bucket';
import { acknowledgeControl } from '../constructs/private/guard';
import { ConstructValidationError } from '../constructs/errors/validation';

export interface SharedEndpointStackProps extends StackProps {
  readonly project: string;
  readonly environmentName: string;
  readonly sharedEndpoint: ResolvedSharedEndpoint;
  /** The resolved models the shared endpoint lists, in its order. */
  readonly models: readonly ResolvedModel[];
  readonly modelBucket: ModelBucket;
  /** Paged when a component becomes unhealthy. */
  readonly alarmTopic: sns.ITopic;
  /** Told about warnings (4XX rates). */
  readonly warningTopic: sns.ITopic;
}

/** One model on the shared endpoint: its component name, alarms and health alarm. */
export interface SharedComponent {
  readonly model: ResolvedModel;
  /** InferenceComponentName, `<project>-<model>-<env>`: what InvokeEndpoint callers name. */
  readonly componentName: string;
  readonly alarmPack: InferenceComponentAlarmPack;
  readonly healthAlarm: ModelHealthAlarm;
}

/**
 * A shared endpoint of one environment and everything of the models it hosts: their artifacts, the endpoint
 * `<project>-<name>-<env>` with managed instance scaling, one inference component per model with copy-count
 * autoscaling, and per component an alarm pack whose critical alarms roll up into the model's health alarm.
 */
export class SharedEndpointStack extends Stack {
  readonly endpoint: InferenceComponentEndpoint;
  readonly components: readonly SharedComponent[];

  constructor(scope: Construct, id: string, props: SharedEndpointStackProps) {
    super(scope, id, props);
    const { project, sharedEndpoint: group, models } = props;
    const name = endpointName(project, group.name, props.environmentName);
    // The packs come first: a rolling update of a component rolls back on its pack's 5XX-rate and latency alarms.
    const packs = models.map((model) => {
      const componentName = endpointName(project, model.name, model.environment);
      const scope = new Construct(this, `Alarms-${model.name}`);
      const alarmPack = new InferenceComponentAlarmPack(scope, 'Pack', {
        componentName,
        endpointName: name,
        alarmNamePrefix: componentName,
        tunings: model.sagemaker.alarms,
        scalesToZero: copiesReachZero(model.sagemaker.component),
        warningActions: [new cloudwatchActions.SnsAction(props.warningTopic)],
      });
      return { scope, componentName, alarmPack };
    });
    const specs = models.map((model, index) => this.componentSpecOf(model, packs[index].alarmPack, props));
    this.endpoint = new InferenceComponentEndpoint(this, 'Shared', {
      endpointName: name,
      instanceType: group.instanceType,
      initialInstanceCount: group.initialInstanceCount,
      minInstances: group.minInstances,
      maxInstances: group.maxInstances,
      components: specs,
    });

    this.components = models.map((model, index): SharedComponent => {
      const { scope, componentName, alarmPack } = packs[index];
      // Alarms watch the component by name, which exists only once CloudFormation has created it. The component
      // names its rollback alarms as strings, so this order makes no cycle.
      alarmPack.node.addDependency(this.endpoint.components[index]);
      for (const alarm of alarmPack.criticalAlarms) {
        acknowledgeControl(
          alarm,
          'alarmAction',
          'Rolls up into the model’s composite health alarm, which pages the critical topic: one page per ' +
            'unhealthy model, not one per symptom.',
        );
      }
      const healthAlarm = new ModelHealthAlarm(scope, 'Health', {
        alarmName: `${componentName}-health`,
        modelName: model.name,
        criticalAlarms: alarmPack.criticalAlarms,
        actions: [new cloudwatchActions.SnsAction(props.alarmTopic)],
      });
      for (const warning of pastOneTimeCopySchedules(model))
        Annotations.of(this).addWarningV2('mldeploy:one-time-schedule-in-the-past', warning);
      return { model, componentName, alarmPack, healthAlarm };
    });

    new CfnOutput(this, 'EndpointName', { value: name });
    new CfnOutput(this, 'InferenceComponentNames', {
      value: this.components.map((c) => c.componentName).join(','),
      description: 'InvokeEndpoint needs InferenceComponentName: one of these.',
    });
  }

  private componentSpecOf(
    model: ResolvedModel,
    alarmPack: InferenceComponentAlarmPack,
    props: SharedEndpointStackProps,
  ): InferenceComponentSpec {
    const source = model.artifact;
    // The config rules refuse a model package on a shared endpoint (sharedEndpointMemberViolations).
    if (source.kind === 'modelPackage') {
      throw new ConstructValidationError(
        `SharedEndpointStack ${this.node.path}: model ${model.name} is a model package; an inference component needs an artifact (path or s3Uri) and an image`,
        this,
      );
    }
    const artifact = new ModelArtifact(this, `Artifact-${model.name}`, {
      modelName: model.name,
      modelBucket: props.modelBucket,
      ...(source.kind === 'local'
        ? { localPath: source.path }
        : { s3Uri: source.uri, sha256: source.sha256 }),
    });
    const { image, component, environment } = model.sagemaker;
    return {
      name: endpointName(props.project, model.name, model.environment),
      image: image.triton
        ? ContainerImage.triton(image.triton as TritonVersion)
        : ContainerImage.fromEcrUri(image.ecrUri!),
      modelData: artifact,
      environment,
      cpuCores: component.cpuCores,
      minMemoryMb: component.minMemoryMb,
      acceleratorDevices: component.acceleratorDevices,
      copyCount: component.copyCount,
      // A fixed count needs no autoscaling.
      scaling:
        component.minCopies === component.maxCopies &&
        component.copyCount === component.maxCopies &&
        component.schedules.length === 0
          ? undefined
          : {
              minCopies: component.minCopies,
              maxCopies: component.maxCopies,
              targetInvocationsPerCopy: component.targetInvocationsPerCopy,
              schedules: component.schedules.map((schedule) => ({
                name: schedule.name,
                ...scheduleTimingOf(schedule),
                minCopies: schedule.minCopies,
                maxCopies: schedule.maxCopies,
              })),
            },
      // allAtOnce (or a canary or linear strategy inherited from defaults) leaves the update to SageMaker.
      rollout:
        model.rollout.strategy === 'rolling'
          ? componentRolloutOf(model.rollout, alarmPack.rollbackAlarms)
          : undefined,
    };
  }
}
