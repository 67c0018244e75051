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
    image: { triton: '24.09' },
    environment: {},
    volumeEncryption: true,
    networkIsolation: false,
    alarms: {},
    dataCapture: { enabled: false, samplingPercent: 20, captureInputs: true, captureOutputs: true },
    async: { enabled: false, notifications: true, maxOldestRequestAgeSeconds: 1800, maxFailedInvocations: 0 },
    shadow: { enabled: false, initialInstanceCount: 1, samplingPercent: 10 },
    weight: 1,
    variants: [],
    component: { minMemoryMb: 1024, copyCount: 1, minCopies: 1, maxCopies: 1, schedules: [] },
    monitoring: {
      enabled: false,
      maxDriftDistance: 0.1,
      scheduleExpression: 'cron(0 * ? * * *)',
      instanceType: 'ml.m5.large',
      maxRuntimeSeconds: 3600,
      volumeSizeGb: 20,
    },
  },
  lambda: {
    architecture: 'arm64',
    memoryMb: 1024,
    timeoutSeconds: 30,
    provisionedConcurrency: { min: 0, targetUtilization: 0.7, schedules: [] },
    maxBatchSize: 64,
    logRetentionDays: 30,
    functionUrl: { enabled: false, authType: 'AWS_IAM', allowPublic: false },
    alarms: {},
    dataCapture: { enabled: false, samplingPercent: 20 },
  },
  scaling: {
    enabled: false,
    minInstances: 1,
    maxInstances: 1,
    scaleInCooldownSeconds: 300,
    scaleOutCooldownSeconds: 60,
    schedules: [],
    minProvisionedConcurrency: 0,
    maxProvisionedConcurrency: 1,
    targetProvisionedConcurrencyUtilization: 0.5,
  },
  rollout: {
    strategy: 'allAtOnce',
    canaryPercent: 10,
    linearStepPercent: 20,
    rollingBatchPercent: 25,
    bakeMinutes: 10,
    terminationWaitMinutes: 0,
    autoRollback: true,
  },
  customAlarms: [],
  monitoring: {
    enabled: false,
    window: 'hour',
    task: 'classifier',
    minRecords: 100,
    maxPsi: 0.25,
    maxScanMb: 1024,
  },
  chat: {
    enabled: false,
    upstreamFormat: 'openai-chat',
    maxTokens: 1024,
    upstreamTimeoutMs: 30000,
    timeoutSeconds: 300,
    memoryMb: 512,
  },
  // Every category at HIGH on prompts and answers, prompt attacks on prompts: what a layer turns down, it says.
  guardrail: {
    enabled: false,
    contentFilters: {
      hate: { inputStrength: 'HIGH', outputStrength: 'HIGH' },
      insults: { inputStrength: 'HIGH', outputStrength: 'HIGH' },
      sexual: { inputStrength: 'HIGH', outputStrength: 'HIGH' },
      violence: { inputStrength: 'HIGH', outputStrength: 'HIGH' },
      misconduct: { inputStrength: 'HIGH', outputStrength: 'HIGH' },
      promptAttack: { inputStrength: 'HIGH', outputStrength: 'NONE' },
    },
    deniedTopics: [],
    words: [],
    managedProfanity: false,
    sensitiveInformation: {},
    blockedInputMessage: 'Sorry, I cannot answer that request.',
    blockedOutputMessage: 'Sorry, the answer was withheld by the content policy.',
    chunkCharacters: 500,
    overlapCharacters: 100,
    streamMode: 'check-first',
    maxInterventionRatePercent: 10,
  },
};

export const BUILT_IN_CAPTURE_BUCKET_DEFAULTS = { expirationDays: 90 } as const;

export const BUILT_IN_OBJECT_LOCK_DEFAULTS = {
  enabled: true,
  mode: 'GOVERNANCE',
  retentionDays: 30,
} as const;

export const BUILT_IN_BUCKET_DEFAULTS = {
  noncurrentVersionExpirationDays: 90,
  destroyOnDelete: false,
  objectLock: BUILT_IN_OBJECT_LOCK_DEFAULTS,
} as const;
