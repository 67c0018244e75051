import { z } from 'zod';
import { DEPLOYMENT_LIMITS } from '../../constructs/sagemaker/rollout-rules';

/** `rollout`: how traffic moves to a new version, on SageMaker and on Lambda alike. */

const ROLLOUT_STRATEGIES = ['allAtOnce', 'canary', 'linear', 'rolling'] as const;

export const rolloutSchema = z
  .strictObject({
    strategy: z
      .enum(ROLLOUT_STRATEGIES)
      .describe(
        'How traffic moves to a new version; rolling is for SageMaker instance variants and inference components only.',
      ),
    // Canary ≤ 50 %, linear step 10–50 %, bake (WaitIntervalInSeconds) ≤ 3600 s: SageMaker's limits, sourced in DEPLOYMENT_LIMITS.
    canaryPercent: z.int().min(1).max(50).describe('Share of capacity that takes traffic first (canary).'),
    canaryInstances: z
      .int()
      .min(1)
      .describe(
        'SageMaker: canary size as an instance count instead of canaryPercent; at most half the fleet.',
      ),
    // MaximumBatchSize 5–50 % of the variant's instances ("RollingUpdatePolicy", Amazon SageMaker API Reference,
    // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_RollingUpdatePolicy.html).
    rollingBatchPercent: z
      .int()
      .min(5)
      .max(50)
      .describe('SageMaker rolling: share of instances (inference components: of copies) replaced per step.'),
    rollingBatchCopies: z
      .int()
      .min(1)
      .max(1000)
      .describe(
        'Inference components (rolling): copies replaced per step instead of rollingBatchPercent; 5–50 % of sagemaker.component.copyCount.',
      ),
    terminationWaitMinutes: z
      .int()
      .min(DEPLOYMENT_LIMITS.terminationWaitSeconds.min / 60)
      .max(DEPLOYMENT_LIMITS.terminationWaitSeconds.max / 60)
      .describe('SageMaker: wait before the old fleet is terminated.'),
    maxExecutionMinutes: z
      .int()
      .min(DEPLOYMENT_LIMITS.maximumExecutionTimeoutSeconds.min / 60)
      .max(DEPLOYMENT_LIMITS.maximumExecutionTimeoutSeconds.max / 60)
      .describe('SageMaker: deployment timeout; computed from the waits when absent.'),

    linearStepPercent: z.int().min(10).max(50).describe('Share of capacity shifted per step (linear).'),
    bakeMinutes: z.int().min(0).max(60).describe('Wait between traffic shifts while alarms are watched.'),
    autoRollback: z.boolean().describe('Roll back automatically when a rollback alarm fires.'),
  })
  .partial()
  .meta({ id: 'Rollout' });
