/**
 * Settings after resolution: plain, complete, typed values for one model in one environment.
 * Nothing here knows about YAML or the CDK; the app layer maps these onto construct props.
 */

export type ModelTarget = 'sagemaker' | 'lambda';
export type RolloutStrategy = 'allAtOnce' | 'canary' | 'linear';

/** A model artifact in this repository (absolute path) or one that already exists in S3. */
export type ArtifactSource =
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 's3'; readonly uri: string; readonly sha256?: string };

export interface SageMakerSettings {
  readonly variant: 'instance' | 'serverless';
  readonly instanceType: string;
  readonly initialInstanceCount: number;
  readonly serverless: {
    readonly memorySizeMb: number;
    readonly maxConcurrency: number;
    readonly provisionedConcurrency: number;
  };
}

export interface LambdaSettings {
  readonly architecture: 'arm64' | 'x86_64';
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly reservedConcurrency?: number;
  readonly provisionedConcurrency: number;
  readonly maxBatchSize: number;
}

export interface ScalingSettings {
  readonly enabled: boolean;
  readonly minInstances: number;
  readonly maxInstances: number;
  readonly targetInvocationsPerInstance: number;
}

export interface RolloutSettings {
  readonly strategy: RolloutStrategy;
  readonly canaryPercent: number;
  readonly linearStepPercent: number;
  readonly bakeMinutes: number;
  readonly autoRollback: boolean;
}

/** Every knob a layer may set, fully resolved. */
export interface ModelSettings {
  readonly sagemaker: SageMakerSettings;
  readonly lambda: LambdaSettings;
  readonly scaling: ScalingSettings;
  readonly rollout: RolloutSettings;
}

export interface ResolvedModel extends ModelSettings {
  readonly name: string;
  readonly environment: string;
  readonly target: ModelTarget;
  readonly description?: string;
  readonly artifact: ArtifactSource;
}

export interface ResolvedEnvironment {
  readonly name: string;
  readonly account?: string;
  readonly region?: string;
  /** Project tags merged with the environment's own (environment wins). */
  readonly tags: Readonly<Record<string, string>>;
  readonly notifications: { readonly emails: readonly string[]; readonly httpsUrls: readonly string[] };
  readonly modelBucket: {
    readonly noncurrentVersionExpirationDays: number;
    readonly destroyOnDelete: boolean;
  };
  readonly models: readonly ResolvedModel[];
}

export interface ResolvedConfig {
  /** The file the settings came from, as given by the caller. */
  readonly file: string;
  readonly project: string;
  /** Selected environments, in the order the file lists them. */
  readonly environments: readonly ResolvedEnvironment[];
  /** Every environment the file defines, selected or not. */
  readonly environmentNames: readonly string[];
}
