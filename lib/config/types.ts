/**
 * Settings after resolution: plain, complete, typed values for one model in one environment.
 * Nothing here knows about YAML or the CDK; the app layer maps these onto construct props.
 */

import type { LambdaAlarmTunings, SageMakerAlarmTunings } from '../constructs/alarms/catalog';
import type { CustomAlarmSettings } from './schema/alarms';
import type { LlmSettings } from './schema/llm';
import type { PipelineSettings } from './schema/pipeline';
import type { GuardrailStreamMode, LlmUpstreamFormat } from '../../contract/llm-proxy';
import type {
  ContentFilterName,
  FilterStrength,
  PiiAction,
  PiiEntityType,
} from '../constructs/genai/guardrail-rules';

export type ModelTarget = 'sagemaker' | 'lambda';
export type RolloutStrategy = 'allAtOnce' | 'canary' | 'linear' | 'rolling';

/** A model artifact in this repository (absolute path) or one that already exists in S3. */
export type ArtifactSource =
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 's3'; readonly uri: string; readonly sha256?: string }
  | ModelPackageSource;

/** A versioned package of the SageMaker Model Registry, with where its data and image live (for grants). */
export interface ModelPackageSource {
  readonly kind: 'modelPackage';
  readonly arn: string;
  readonly modelDataUri: string;
  readonly image: string;
}

export interface SageMakerSettings {
  readonly variant: 'instance' | 'serverless';
  readonly instanceType: string;
  readonly initialInstanceCount: number;
  readonly serverless: {
    readonly memorySizeMb: number;
    readonly maxConcurrency: number;
    readonly provisionedConcurrency: number;
  };
  /** Exactly one of `triton`, `lmi`, `tgi` (a release) and `ecrUri`. */
  readonly image: {
    readonly triton?: string;
    readonly lmi?: string;
    readonly tgi?: string;
    readonly ecrUri?: string;
  };
  /** A large language model served by the `lmi` or `tgi` image; absent for other models. */
  readonly llm?: LlmSettings;
  readonly environment: Readonly<Record<string, string>>;
  readonly volumeSizeGb?: number;
  readonly volumeEncryption: boolean;
  readonly modelDataDownloadTimeoutSeconds?: number;
  readonly containerStartupHealthCheckTimeoutSeconds?: number;
  readonly routingStrategy?: 'LEAST_OUTSTANDING_REQUESTS' | 'RANDOM';
  readonly networkIsolation: boolean;
  readonly vpc?: { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  /** Per-alarm tuning of the endpoint's alarm pack; absent fields take the catalog's defaults. */
  readonly alarms: SageMakerAlarmTunings;
  /** Absolute path of the request body `verify` sends through InvokeEndpoint; none when absent. */
  readonly sampleRequest?: string;
  readonly dataCapture: DataCaptureSettings;
  readonly monitoring: MonitoringSettings;
  readonly async: AsyncSettings;
  readonly shadow: ShadowSettings;
  /** Weight of the first production variant. */
  readonly weight: number;
  /** More production variants (A/B). */
  readonly variants: readonly WeightedVariantSettings[];
  /** What the model needs as an inference component; used when a shared endpoint lists the model. */
  readonly component: ComponentSettings;
}

/** One model as an inference component of a shared endpoint. */
export interface ComponentSettings {
  readonly cpuCores?: number;
  readonly minMemoryMb: number;
  readonly acceleratorDevices?: number;
  readonly copyCount: number;
  readonly minCopies: number;
  readonly maxCopies: number;
  readonly targetInvocationsPerCopy?: number;
  /** Scheduled changes of the copy range. */
  readonly schedules: readonly CopySchedule[];
}

export interface CopySchedule {
  readonly name: string;
  /** `cron(...)`, `rate(...)` or `at(...)`. */
  readonly schedule: string;
  /** IANA time zone; UTC when absent. */
  readonly timezone?: string;
  readonly minCopies: number;
  readonly maxCopies: number;
}

/** An endpoint shared by several models as inference components, resolved for one environment. */
export interface ResolvedSharedEndpoint {
  readonly name: string;
  readonly instanceType: string;
  readonly initialInstanceCount: number;
  readonly minInstances: number;
  readonly maxInstances: number;
  /** Names of the models it hosts, in the order the file lists them. */
  readonly models: readonly string[];
}

export interface WeightedVariantSettings {
  readonly name: string;
  readonly weight: number;
  readonly s3Uri?: string;
  readonly instanceType?: string;
  readonly initialInstanceCount?: number;
  /** The variant's own autoscaling range; the model's when absent. */
  readonly minInstances?: number;
  readonly maxInstances?: number;
}

/** A shadow variant beside the production variant. */
export interface ShadowSettings {
  readonly enabled: boolean;
  readonly s3Uri?: string;
  /** The production variant's when absent. */
  readonly instanceType?: string;
  readonly initialInstanceCount: number;
  readonly samplingPercent: number;
}

/** Asynchronous inference of an instance variant. */
export interface AsyncSettings {
  readonly enabled: boolean;
  readonly maxConcurrentInvocationsPerInstance?: number;
  readonly notifications: boolean;
  readonly maxOldestRequestAgeSeconds: number;
  readonly maxFailedInvocations: number;
}

export interface DataCaptureSettings {
  readonly enabled: boolean;
  readonly samplingPercent: number;
  readonly captureInputs: boolean;
  readonly captureOutputs: boolean;
}

/** Model Monitor data-quality schedule; the baseline is a local folder (absolute path) or two S3 URIs. */
export interface MonitoringSettings {
  readonly enabled: boolean;
  readonly baselinePath?: string;
  readonly baselineStatisticsUri?: string;
  readonly baselineConstraintsUri?: string;
  readonly recordPreprocessorUri?: string;
  /** Features with a drift alarm; read from a local baseline's constraints.json when absent. */
  readonly features?: readonly string[];
  readonly maxDriftDistance: number;
  readonly scheduleExpression: string;
  readonly instanceType: string;
  readonly maxRuntimeSeconds: number;
  readonly volumeSizeGb: number;
}

export interface LambdaSettings {
  readonly architecture: 'arm64' | 'x86_64';
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** Size of /tmp; sized from the model when absent. */
  readonly ephemeralStorageMb?: number;
  readonly reservedConcurrency?: number;
  readonly provisionedConcurrency: LambdaProvisionedConcurrency;
  readonly maxBatchSize: number;
  readonly logRetentionDays: number;
  readonly functionUrl: {
    readonly enabled: boolean;
    readonly authType: 'AWS_IAM' | 'NONE';
    readonly allowPublic: boolean;
  };
  /** Per-alarm tuning of the model's alarm pack; absent fields take the catalog's defaults. */
  readonly alarms: LambdaAlarmTunings;
  /** Sampled capture of answers to the capture bucket. */
  readonly dataCapture: { readonly enabled: boolean; readonly samplingPercent: number };
  /** The VPC subnets and security groups the function runs in; outside any VPC when absent. */
  readonly vpc?: {
    readonly vpcId: string;
    readonly subnetIds: readonly string[];
    readonly securityGroupIds: readonly string[];
  };

  /** Absolute path of the pre-traffic hook's sample request; no hook when absent. */
  readonly sampleRequest?: string;
}

/** Fixed when max is absent or equal to min; autoscaled on utilization between min and max otherwise. */
export interface LambdaProvisionedConcurrency {
  readonly min: number;
  readonly max?: number;
  readonly targetUtilization: number;
  readonly schedules: readonly LambdaConcurrencySchedule[];
}

export interface LambdaConcurrencySchedule {
  readonly name: string;
  /** `cron(...)`, `rate(...)` or `at(...)`. */
  readonly schedule: string;
  /** IANA time zone; UTC when absent. */
  readonly timezone?: string;
  readonly min: number;
  readonly max: number;
}

/**
 * A scheduled change of a SageMaker model's scaling range. Instance variants give `minInstances` and
 * `maxInstances`, serverless variants `minProvisionedConcurrency` and `maxProvisionedConcurrency`; the config's
 * rules refuse any other mix.
 */
export interface ScalingSchedule {
  readonly name: string;
  /** `cron(...)`, `rate(...)` or `at(...)`. */
  readonly schedule: string;
  readonly minInstances?: number;
  readonly maxInstances?: number;
  readonly minProvisionedConcurrency?: number;
  readonly maxProvisionedConcurrency?: number;
  /** IANA time zone; UTC when absent. */
  readonly timezone?: string;
}

export interface ScalingSettings {
  readonly enabled: boolean;
  readonly minInstances: number;
  readonly maxInstances: number;
  /** false: no target tracking on invocations per instance; absent: 100 on a real-time endpoint. */
  readonly targetInvocationsPerInstance?: number | false;
  /** Asynchronous endpoints: target backlog per instance; 5 when absent. */
  readonly targetBacklogPerInstance?: number;
  readonly targetConcurrentRequestsPerModel?: number;
  readonly targetCpuUtilizationPercent?: number;
  readonly targetGpuUtilizationPercent?: number;
  readonly scaleInCooldownSeconds: number;
  readonly scaleOutCooldownSeconds: number;
  readonly schedules: readonly ScalingSchedule[];
  /** Serverless SageMaker endpoints: provisioned-concurrency range and target. */
  readonly minProvisionedConcurrency: number;
  readonly maxProvisionedConcurrency: number;
  readonly targetProvisionedConcurrencyUtilization: number;
}

export interface RolloutSettings {
  readonly strategy: RolloutStrategy;
  readonly canaryPercent: number;
  /** SageMaker: canary as an instance count; overrides canaryPercent when set. */
  readonly canaryInstances?: number;
  readonly linearStepPercent: number;
  readonly rollingBatchPercent: number;
  /** Inference components: the rolling batch as a copy count; overrides rollingBatchPercent when set. */
  readonly rollingBatchCopies?: number;
  readonly bakeMinutes: number;
  readonly terminationWaitMinutes: number;
  /** SageMaker: computed from the waits when absent. */
  readonly maxExecutionMinutes?: number;
  readonly autoRollback: boolean;
}

/** Every knob a layer may set, fully resolved. */
export interface ModelSettings {
  readonly sagemaker: SageMakerSettings;
  readonly lambda: LambdaSettings;
  readonly scaling: ScalingSettings;
  readonly rollout: RolloutSettings;
  /** Alarms on any metric; dimension values may hold placeholders such as {model}. */
  readonly customAlarms: readonly CustomAlarmSettings[];
  /** Drift and quality monitoring from captured answers. */
  readonly monitoring: DriftMonitoringSettings;
  /** The OpenAI-compatible chat proxy in front of a SageMaker LLM endpoint. */
  readonly chat: ChatSettings;
  /** The Bedrock guardrail the chat proxy applies to prompts and answers. */
  readonly guardrail: GuardrailSettings;
}

export interface ChatSettings {
  readonly enabled: boolean;
  readonly upstreamFormat: LlmUpstreamFormat;
  readonly maxTokens: number;
  readonly upstreamTimeoutMs: number;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
}

export interface GuardrailSettings {
  readonly enabled: boolean;
  readonly contentFilters: Partial<
    Record<
      ContentFilterName,
      { readonly inputStrength?: FilterStrength; readonly outputStrength?: FilterStrength }
    >
  >;
  readonly deniedTopics: readonly {
    readonly name: string;
    readonly definition: string;
    readonly examples?: readonly string[];
  }[];
  readonly words: readonly string[];
  readonly managedProfanity: boolean;
  readonly sensitiveInformation: Partial<Record<PiiEntityType, PiiAction>>;
  readonly blockedInputMessage: string;
  readonly blockedOutputMessage: string;
  readonly chunkCharacters: number;
  readonly overlapCharacters: number;
  readonly streamMode: GuardrailStreamMode;
  readonly maxInterventionRatePercent: number;
}

export interface DriftMonitoringSettings {
  readonly enabled: boolean;
  /** Absolute path of the baseline JSON; required when enabled. */
  readonly baselinePath?: string;
  readonly window: 'hour' | 'day';
  readonly task: 'classifier' | 'regressor';
  readonly minRecords: number;
  readonly maxPsi: number;
  readonly minAccuracy?: number;
  readonly maxScanMb: number;
}

export interface ResolvedModel extends ModelSettings {
  readonly name: string;
  readonly environment: string;
  readonly target: ModelTarget;
  readonly description?: string;
  readonly artifact: ArtifactSource;
}

/** Critical alarms page someone; warnings can wait for working hours. */
export type Severity = 'critical' | 'warning';

export interface Subscriptions {
  readonly emails: readonly string[];
  readonly httpsUrls: readonly string[];
}

export interface ResolvedEnvironment {
  readonly name: string;
  readonly account?: string;
  readonly region?: string;
  /** Project tags merged with the environment's own (environment wins). */
  readonly tags: Readonly<Record<string, string>>;
  /** Subscribers of the environment's alarm topic for each severity. */
  readonly notifications: Readonly<Record<Severity, Subscriptions>>;
  readonly modelBucket: {
    readonly noncurrentVersionExpirationDays: number;
    readonly destroyOnDelete: boolean;
    readonly objectLock: {
      readonly enabled: boolean;
      readonly mode: 'GOVERNANCE' | 'COMPLIANCE';
      readonly retentionDays: number;
    };
  };
  readonly captureBucket: { readonly expirationDays: number };
  /** CI pipeline: wait for a manual approval before deploying this environment. */
  readonly requiresApproval: boolean;
  readonly models: readonly ResolvedModel[];
  /** Endpoints shared by several of `models` as inference components; those models get no endpoint of their own. */
  readonly sharedEndpoints: readonly ResolvedSharedEndpoint[];
}

export interface ResolvedConfig {
  /** The file the settings came from, as given by the caller. */
  readonly file: string;
  readonly project: string;
  /** Selected environments, in the order the file lists them. */
  readonly environments: readonly ResolvedEnvironment[];
  /** Every environment the file defines, selected or not. */
  readonly environmentNames: readonly string[];
  /** The CI pipeline, when the file enables one. */
  readonly pipeline?: PipelineSettings;
}
