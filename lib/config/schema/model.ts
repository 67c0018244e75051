import { z } from 'zod';
import { customAlarmsSchema } from './alarms';
import { chatSchema } from './chat';
import { guardrailSchema } from './guardrail';
import { driftMonitoringSchema } from './monitoring';
import { artifactSchema } from './artifact';
import { lambdaSchema } from './lambda';
import { rolloutSchema } from './rollout';
import { sagemakerSchema } from './sagemaker';
import { scalingSchema } from './scaling';

/**
 * `models.<name>` and the model knobs. Every knob is optional at every layer: the resolver merges built-in
 * defaults < `defaults` < `environments.<env>.defaults` < `models.<name>` < `models.<name>.environments.<env>`
 * and then checks rules that span several fields (see rules.ts).
 */

/** Knobs that every layer may set; the most specific layer wins field by field. */
export const modelSettingsShape = {
  artifact: artifactSchema,
  sagemaker: sagemakerSchema,
  lambda: lambdaSchema,
  scaling: scalingSchema,
  rollout: rolloutSchema,
  customAlarms: customAlarmsSchema,
  monitoring: driftMonitoringSchema,
  chat: chatSchema,
  guardrail: guardrailSchema,
};

export const modelSettingsSchema = z.strictObject(modelSettingsShape).partial().meta({ id: 'ModelSettings' });

export const modelSchema = z
  .strictObject({
    ...modelSettingsShape,
    target: z.enum(['sagemaker', 'lambda']).describe('Where the model is served.'),
    artifact: artifactSchema,
    description: z.string().max(256).optional().describe('Free text shown in stack descriptions.'),
    environments: z
      .record(z.string(), modelSettingsSchema)
      .optional()
      .describe('Per-environment overrides of this model’s knobs.'),
  })
  .partial({
    sagemaker: true,
    lambda: true,
    scaling: true,
    rollout: true,
    customAlarms: true,
    monitoring: true,
    chat: true,
    guardrail: true,
  });

export type ModelSettingsLayer = z.infer<typeof modelSettingsSchema>;
