import { ModelSettings } from './types';

/**
 * Built-in values for every model knob: the lowest layer of resolution. They describe a small,
 * cheap, unguarded deployment; environments that need more say so in the config file.
 */
export const BUILT_IN_MODEL_DEFAULTS: ModelSettings = {
  sagemaker: {
    variant: 'instance',
    instanceType: 'ml.m5.large',
    initialInstanceCount: 1,
    serverless: { memorySizeMb: 2048, maxConcurrency: 5, provisionedConcurrency: 0 },
  },
  lambda: {
    architecture: 'arm64',
    memoryMb: 1024,
    timeoutSeconds: 30,
    provisionedConcurrency: 0,
    maxBatchSize: 64,
  },
  scaling: { enabled: false, minInstances: 1, maxInstances: 1, targetInvocationsPerInstance: 100 },
  rollout: {
    strategy: 'allAtOnce',
    canaryPercent: 10,
    linearStepPercent: 20,
    bakeMinutes: 10,
    autoRollback: true,
  },
};

export const BUILT_IN_BUCKET_DEFAULTS = {
  noncurrentVersionExpirationDays: 90,
  destroyOnDelete: false,
} as const;
