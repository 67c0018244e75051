import { z } from 'zod';
import * as aws from './aws-values';
import { environmentSchema, tagsSchema } from './environment';
import { modelSchema, modelSettingsSchema } from './model';
import { pipelineSchema } from './pipeline';
import { sharedEndpointsSchema } from './shared-endpoints';
import { resourceName } from './strings';

/**
 * Schema of the deployment config file as written by users, one module per section of the file: `project`
 * and `tags` here, `environments` (environment.ts), `defaults` and `models` (model.ts, built from
 * artifact.ts, sagemaker.ts with monitoring.ts, lambda.ts, scaling.ts, rollout.ts and alarms.ts) and
 * `pipeline` (pipeline.ts). Objects are strict so that a misspelt key fails instead of being ignored.
 */
export const deploymentConfigSchema = z
  .strictObject({
    project: resourceName(20).describe('Short prefix of physical names (endpoints, alarms, stacks).'),
    tags: tagsSchema
      .optional()
      .describe(
        'Tags on every resource and stack of every environment: keys of 1-128 and values of 1-256 letters, digits, spaces and _ . : / = + - @, no aws: prefix; at most 47 with the environment tags.',
      ),
    defaults: modelSettingsSchema.optional().describe('Model knobs for every model in every environment.'),
    environments: z
      .record(resourceName(20), environmentSchema)
      .refine((envs) => Object.keys(envs).length > 0, { error: 'must define at least one environment' })
      .describe('Environments in deployment order (for example dev, staging, prod).'),
    models: z
      .record(resourceName(40), modelSchema)
      .refine((models) => Object.keys(models).length > 0, { error: 'must define at least one model' }),
    pipeline: pipelineSchema.optional(),
    sharedEndpoints: sharedEndpointsSchema.optional(),
  })
  // Runs even when other fields failed, so the tag count is reported with them.
  .superRefine(aws.stackTagLimit, { when: () => true });

export type DeploymentConfigFile = z.infer<typeof deploymentConfigSchema>;
export type { ModelSettingsLayer } from './model';
export { modelSettingsShape } from './model';
