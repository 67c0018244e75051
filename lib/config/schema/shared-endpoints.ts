import { z } from 'zod';
import * as aws from './aws-values';
import { resourceName } from './strings';

/**
 * `sharedEndpoints.<name>`: one SageMaker endpoint whose instances SageMaker manages (ManagedInstanceScaling) and
 * that hosts several models of the file, each as an inference component with its own copies
 * ("ProductionVariantManagedInstanceScaling", https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantManagedInstanceScaling.html;
 * "Scale an endpoint to zero instances", https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html).
 * What each model needs on it is the model's own `sagemaker.component`.
 */

const instanceRangeShape = {
  instanceType: aws
    .endpointInstanceTypeString()
    .describe('Instance type of the shared instances, e.g. ml.m5.xlarge; every copy must fit on one.'),
  initialInstanceCount: z.int().min(1).max(100).describe('Instances at creation; 1 when absent.'),
  minInstances: z
    .int()
    .min(0)
    .max(100)
    .describe(
      'Fewest instances SageMaker keeps; 0 frees every instance once no component has a copy (every model needs sagemaker.component.minCopies 0). 1 when absent.',
    ),
  maxInstances: z.int().min(1).max(100).describe('Most instances SageMaker starts for the copies.'),
};

const sharedEndpointOverrideSchema = z
  .strictObject(instanceRangeShape)
  .partial()
  .meta({ id: 'SharedEndpointOverride' });

export const sharedEndpointSchema = z
  .strictObject({
    ...instanceRangeShape,
    models: z
      .array(resourceName(40))
      .min(1)
      .describe(
        'Models of this file served here as inference components; a model joins one shared endpoint.',
      ),
    environments: z
      .record(z.string(), sharedEndpointOverrideSchema)
      .describe('Per-environment overrides of the instance type and range.'),
  })
  .partial({ initialInstanceCount: true, minInstances: true, environments: true })
  .meta({ id: 'SharedEndpoint' });

export const sharedEndpointsSchema = z
  .record(resourceName(20), sharedEndpointSchema)
  .describe(
    'Endpoints shared by several models as inference components, named <project>-<name>-<env>; keys of up to 20 characters.',
  );

export type SharedEndpointFile = z.infer<typeof sharedEndpointSchema>;
