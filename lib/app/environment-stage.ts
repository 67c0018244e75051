import { Annotations, Stage, StageProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../config';
import { pastOneTimeSchedules } from '../config/schedule-warnings';
import { DashboardStack, MODELS_PER_DASHBOARD } from './dashboard-stack';
import { ModelStack } from './model-stack';
import { EnvironmentVerifyRole } from './pipeline-verify-role';
import { PlatformStack } from './platform-stack';
import { SharedEndpointStack } from './sagemaker-shared-endpoint';

export interface EnvironmentStageProps extends StageProps {
  readonly project: string;
  readonly environment: ResolvedEnvironment;
  /**
   * Set when a pipeline deploys the environment: its platform stack then holds the role the
   * pipeline's Verify step assumes (`<project>-<env>-verify`).
   * @default no verify role
   */
  readonly pipelineVerify?: { readonly pipelineAccount?: string };
}

/**
 * One deployable environment: `cdk deploy '<env>/*'` deploys its platform stack, every model stack
 * in it and, last, its dashboard stack. Every resource is tagged with the project, the environment and (in model stacks) the model.
 */
export class EnvironmentStage extends Stage {
  readonly platform: PlatformStack;
  /** A stack per model with an endpoint or function of its own. */
  readonly models: readonly ModelStack[];
  /** A stack per shared endpoint, holding the inference components of the models it lists. */
  readonly sharedEndpoints: readonly SharedEndpointStack[];
  /** The environment's (first) dashboard, a row per model; deployed after the model stacks. */
  readonly dashboard: DashboardStack;
  /** Every dashboard page of the environment, MODELS_PER_DASHBOARD models each. */
  readonly dashboards: readonly DashboardStack[];

  constructor(scope: Construct, id: string, props: EnvironmentStageProps) {
    super(scope, id, {
      ...props,
      env: props.env ?? { account: props.environment.account, region: props.environment.region },
    });
    const { project, environment } = props;

    Tags.of(this).add('project', project);
    Tags.of(this).add('environment', environment.name);
    for (const [key, value] of Object.entries(environment.tags)) Tags.of(this).add(key, value);

    this.platform = new PlatformStack(this, 'platform', {
      environment,
      project,
      stackName: `${project}-${environment.name}-platform`,
      description: `Model bucket and alarm topic of ${project} (${environment.name})`,
    });
    // The verify role's ARN is known from its fixed name, without a cross-stack reference.
    const verifyRoleArn = props.pipelineVerify
      ? new EnvironmentVerifyRole(this.platform, 'PipelineVerifyRole', {
          project,
          environment,
          pipelineAccount: props.pipelineVerify.pipelineAccount,
        }).roleArn
      : undefined;
    const sharedModels = new Set(environment.sharedEndpoints.flatMap((group) => group.models));
    const ownModels = environment.models.filter((model) => !sharedModels.has(model.name));
    this.models = ownModels.map((model) => {
      const stack = new ModelStack(this, model.name, {
        model,
        modelBucket: this.platform.modelBucket,
        captureBucket: this.platform.captureBucket,
        project,
        alarmTopic: this.platform.alarmTopic.topic,
        warningTopic: this.platform.warningTopic.topic,
        verifyRoleArn,
        stackName: `${project}-${environment.name}-${model.name}`,
        description: `Model ${model.name} of ${project} (${environment.name}) on ${model.target}`,
      });
      // A Lambda model's resource policy names the verify role, which Lambda refuses before the role
      // exists: said outright, though model stacks depend on the platform's buckets and topics too.
      if (verifyRoleArn) {
        stack.addStackDependency(this.platform, 'the live alias’s resource policy names the verify role');
      }
      Tags.of(stack).add('model', model.name);
      for (const warning of pastOneTimeSchedules(model))
        Annotations.of(stack).addWarningV2('mldeploy:one-time-schedule-in-the-past', warning);
      return stack;
    });
    // One dashboard page per MODELS_PER_DASHBOARD models keeps each within CloudWatch's and
    // CloudFormation's size limits however many models the environment has (sources at MODELS_PER_DASHBOARD).
    const pages = Array.from(
      { length: Math.max(1, Math.ceil(this.models.length / MODELS_PER_DASHBOARD)) },
      (_, i) =>
        ownModels
          .map((model, index) => ({ model, stack: this.models[index] }))
          .slice(i * MODELS_PER_DASHBOARD, (i + 1) * MODELS_PER_DASHBOARD),
    );
    this.sharedEndpoints = environment.sharedEndpoints.map((group) => {
      const stack = new SharedEndpointStack(this, group.name, {
        project,
        environmentName: environment.name,
        sharedEndpoint: group,
        models: group.models.map((name) => environment.models.find((model) => model.name === name)!),
        modelBucket: this.platform.modelBucket,
        alarmTopic: this.platform.alarmTopic.topic,
        warningTopic: this.platform.warningTopic.topic,
        stackName: `${project}-${environment.name}-${group.name}`,
        description: `Shared endpoint ${group.name} of ${project} (${environment.name}): ${group.models.join(', ')} as inference components`,
      });
      Tags.of(stack).add('shared-endpoint', group.name);
      return stack;
    });
    this.dashboards = pages.map((models, i) => {
      const suffix = i === 0 ? '' : `-${i + 1}`;
      return new DashboardStack(this, `dashboard${suffix}`, {
        project,
        environmentName: environment.name,
        models,
        // Shared endpoints' rows go on the first page.
        sharedEndpoints: i === 0 ? this.sharedEndpoints : [],
        page: i + 1,
        pageCount: pages.length,
        stackName: `${project}-${environment.name}-dashboard${suffix}`,
        description: `Model dashboard of ${project} (${environment.name})${suffix ? `, page ${i + 1}` : ''}`,
      });
    });
    this.dashboard = this.dashboards[0];
  }
}
