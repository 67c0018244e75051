import { Stage, StageProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ResolvedEnvironment } from '../config';
import { DashboardStack } from './dashboard-stack';
import { ModelStack } from './model-stack';
import { PlatformStack } from './platform-stack';

export interface EnvironmentStageProps extends StageProps {
  readonly project: string;
  readonly environment: ResolvedEnvironment;
}

/**
 * One deployable environment: `cdk deploy '<env>/*'` deploys its platform stack, every model stack
 * in it and, last, its dashboard stack. Every resource is tagged with the project, the environment and (in model stacks) the model.
 */
export class EnvironmentStage extends Stage {
  readonly platform: PlatformStack;
  readonly models: readonly ModelStack[];
  /** The environment's dashboard, a row per model; deployed after the model stacks. */
  readonly dashboard: DashboardStack;

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
      stackName: `${project}-${environment.name}-platform`,
      description: `Model bucket and alarm topic of ${project} (${environment.name})`,
    });
    this.models = environment.models.map((model) => {
      const stack = new ModelStack(this, model.name, {
        model,
        modelBucket: this.platform.modelBucket,
        captureBucket: this.platform.captureBucket,
        project,
        alarmTopic: this.platform.alarmTopic.topic,
        warningTopic: this.platform.warningTopic.topic,
        stackName: `${project}-${environment.name}-${model.name}`,
        description: `Model ${model.name} of ${project} (${environment.name}) on ${model.target}`,
      });
      Tags.of(stack).add('model', model.name);
      return stack;
    });
    this.dashboard = new DashboardStack(this, 'dashboard', {
      project,
      environmentName: environment.name,
      models: environment.models.map((model, i) => ({ model, stack: this.models[i] })),
      stackName: `${project}-${environment.name}-dashboard`,
      description: `Model dashboard of ${project} (${environment.name})`,
    });
  }
}
