import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { llmPanelGraphs } from '../constructs/dashboard/llm-panel';
import { EndpointVariantMetrics } from '../constructs/sagemaker/endpoint-metrics';
import { gpuInstanceType } from '../constructs/sagemaker/gpu-instance-types';
import { LlmMetrics } from '../constructs/sagemaker/llm-metrics';
import { ResolvedModel } from '../config';
import { ModelDashboard, ModelPanel } from '../constructs/dashboard/model-dashboard';
import { lambdaInferencePanel } from '../constructs/dashboard/lambda-panel';
import { CapacityRange } from '../constructs/dashboard/panel-kit';
import { sageMakerEndpointPanel } from '../constructs/dashboard/sagemaker-panel';
import { shadowComparisonPanel } from '../constructs/dashboard/shadow-panel';
import { chatProxyPanel } from '../constructs/dashboard/chat-panel';
import { DataQualityMonitor, SageMakerEndpoint } from '../constructs/sagemaker';
import { ModelStack } from './model-stack';
import { DriftJob } from '../constructs/monitoring/drift-job';
import { inferenceComponentPanel } from '../constructs/dashboard/component-panel';
import type { SharedEndpointStack } from './sagemaker-shared-endpoint';
import { scheduledRange } from '../config/scheduled-range';

/** A model of the environment and the stack that hosts it. */
export interface DashboardModel {
  readonly model: ResolvedModel;
  readonly stack: ModelStack;
}

export interface DashboardStackProps extends StackProps {
  readonly project: string;
  readonly environmentName: string;
  /** The environment's models on this dashboard, one row each, in this order. */
  readonly models: readonly DashboardModel[];
  /** Shared endpoints whose models get a row each after `models`. @default none */
  readonly sharedEndpoints?: readonly SharedEndpointStack[];
  /** Which page of the environment's dashboards this is, counted from 1. @default 1 */
  readonly page?: number;
  /** How many pages the environment's models fill. @default 1 */
  readonly pageCount?: number;
}

/**
 * Models per dashboard page. A row is 7 widgets and about 6.5 kB of template, so a page stays far
 * below CloudWatch's 500 widgets per dashboard ("Dashboard Body Structure and Syntax", Amazon CloudWatch
 * API Reference, https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html)
 * and its stack below CloudFormation's 1 MB template ("Understand CloudFormation quotas", AWS CloudFormation
 * User Guide, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
 */
export const MODELS_PER_DASHBOARD = 25;

/** `<project>-<env>-models`, then `-2`, `-3`, … for further pages. */
function dashboardName(project: string, environmentName: string, page = 1): string {
  return `${project}-${environmentName}-models${page > 1 ? `-${page}` : ''}`;
}

/**
 * The environment's CloudWatch dashboard, `<project>-<env>-models`: one row per model. It reads names and
 * alarms from every model stack, so it lives in its own stack deployed after them (the platform stack,
 * which the model stacks depend on, could not reference them back without a cycle). It holds no data and
 * can be destroyed and rebuilt freely.
 */
export class DashboardStack extends Stack {
  readonly dashboard: ModelDashboard;

  constructor(scope: Construct, id: string, props: DashboardStackProps) {
    super(scope, id, props);
    const { project, environmentName, models } = props;
    for (const { stack } of models)
      this.addStackDependency(stack, 'the dashboard charts the model’s metrics and alarms');
    const shared = props.sharedEndpoints ?? [];
    for (const stack of shared)
      this.addStackDependency(stack, 'the dashboard charts the components’ metrics and alarms');

    const page = props.page ?? 1;
    const pageCount = props.pageCount ?? 1;
    this.dashboard = new ModelDashboard(this, 'Models', {
      dashboardName: dashboardName(project, environmentName, page),
      header: header(
        project,
        pageCount > 1 ? `${environmentName} (page ${page} of ${pageCount})` : environmentName,
        models,
        shared,
      ),
      panels: [
        ...models.flatMap(({ model, stack }) => [
          withModelAlarms(modelPanel(model, stack), stack),
          // A shadow variant gets a row of its own beside the production variant.
          ...(stack.hosting instanceof SageMakerEndpoint
            ? [shadowComparisonPanel(stack.hosting, model.name)].filter((panel) => panel !== undefined)
            : []),
          // A chat proxy gets a row of its own: tokens, upstream failures and guardrail interventions.
          ...(stack.chat
            ? [
                chatProxyPanel(stack.chat.proxy, model.name, {
                  maxInterventionRatePercent: stack.chat.guardrail && stack.chat.maxInterventionRatePercent,
                  alarms: stack.chat.alarms.alarms.map((member) => member.alarm),
                }),
              ]
            : []),
        ]),
        ...shared.flatMap(sharedEndpointPanels),
      ],
    });
  }
}

/** A row per model of a shared endpoint, with its health alarm first, then its component's alarm pack. */
function sharedEndpointPanels(stack: SharedEndpointStack): ModelPanel[] {
  return stack.components.map(({ model, componentName, alarmPack, healthAlarm }) => ({
    ...inferenceComponentPanel(componentName, {
      name: model.name,
      endpointName: stack.endpoint.endpoint.endpointName!,
      copies: { min: model.sagemaker.component.minCopies, max: model.sagemaker.component.maxCopies },
    }),
    alarms: [healthAlarm.alarm, ...alarmPack.alarms.map((member) => member.alarm)],
  }));
}

/** The panel of one model, with the limits its resolved settings give. */
function modelPanel(model: ResolvedModel, stack: ModelStack): ModelPanel {
  const hosting = stack.hosting;
  if (hosting instanceof SageMakerEndpoint) {
    const settings = model.sagemaker;
    if (settings.variant === 'serverless') {
      return sageMakerEndpointPanel(hosting, {
        name: model.name,
        serverless: {
          maxConcurrency: settings.serverless.maxConcurrency,
          provisionedConcurrency: settings.serverless.provisionedConcurrency || undefined,
        },
      });
    }
    const scaling = model.scaling;
    const panel = sageMakerEndpointPanel(hosting, {
      name: model.name,
      instanceType: settings.instanceType,
      instances: scaling.enabled
        ? widest(
            { min: scaling.minInstances, max: scaling.maxInstances },
            scaling.schedules.map((s) => scheduledRange(s, false)),
          )
        : { min: settings.initialInstanceCount, max: settings.initialInstanceCount },
    });
    const gpu = gpuInstanceType(settings.instanceType);
    if (!settings.llm || !gpu) return panel;
    const metrics = new LlmMetrics(
      { serviceName: model.name },
      new EndpointVariantMetrics(hosting.endpointName, hosting.variantName),
      gpu.gpus,
    );
    return { ...panel, llm: llmPanelGraphs(metrics, settings.llm.alarms) };
  }
  // The only other kind of hosting: a new kind fails to compile here until it has a panel.
  const { reservedConcurrency, provisionedConcurrency: pc } = model.lambda;
  return lambdaInferencePanel(hosting, {
    name: model.name,
    reservedConcurrency,
    provisionedConcurrency:
      pc.min === 0 && pc.max === undefined && pc.schedules.length === 0
        ? undefined
        : widest({ min: pc.min, max: pc.max ?? pc.min }, pc.schedules),
  });
}

/** Shows the model's composite health alarm first (the one that pages), then its alarm pack, then drift alarms. */
function withModelAlarms(panel: ModelPanel, stack: ModelStack): ModelPanel {
  const drift = stack.node.children.flatMap((child) =>
    child instanceof DataQualityMonitor ? child.driftAlarms : [],
  );
  const job = stack.node.children.find((child): child is DriftJob => child instanceof DriftJob);
  return {
    ...panel,
    alarms: [
      stack.healthAlarm.alarm,
      ...stack.alarmPack.alarms.map((member) => member.alarm),
      ...drift,
      ...(job?.alarms ?? []),
    ],
    ...(job && {
      drift: {
        left: job.psiMetrics,
        limits: [{ value: job.maxPsi, label: 'alarm' }],
        leftYAxis: { label: 'PSI' },
      },
      quality: { left: job.qualityMetrics },
    }),
  };
}

/** The lowest minimum and highest maximum of a range and its scheduled changes. */
function widest(base: CapacityRange, schedules: readonly CapacityRange[]): CapacityRange {
  return {
    min: Math.min(base.min, ...schedules.map((s) => s.min)),
    max: Math.max(base.max, ...schedules.map((s) => s.max)),
  };
}

function header(
  project: string,
  environmentName: string,
  models: readonly DashboardModel[],
  shared: readonly SharedEndpointStack[],
): string {
  const list = [
    ...models.map(({ model }) => `**${model.name}** (${model.target})`),
    ...shared.flatMap((stack) =>
      stack.components.map(
        ({ model }) => `**${model.name}** (${model.target}, shared endpoint ${stack.node.id})`,
      ),
    ),
  ].join(', ');
  return [
    `# ${project} models: ${environmentName}`,
    `${list || 'No models.'} Counts are per minute, latency in milliseconds (SageMaker ModelLatency converted from microseconds), utilization in percent; lines mark capacity limits.`,
  ].join('\n');
}
