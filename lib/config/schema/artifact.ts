import { z } from 'zod';
import {
  MODEL_PACKAGE_ARN_PATTERN,
  PINNED_ECR_IMAGE_URI_PATTERN,
  SHA256_LOWERCASE_HEX_PATTERN,
} from '../../constructs/private/patterns';
import { s3UriString } from './strings';

/** `artifact`: where a model comes from. */
export const artifactSchema = z
  .strictObject({
    path: z
      .string()
      .min(1)
      .describe(
        'A file or folder in this repository (relative to the project root), published to the model bucket under <model>/<sha256>/.',
      ),
    s3Uri: s3UriString().describe('An artifact that already exists in S3; used as is and never modified.'),
    sha256: z
      .string()
      .regex(SHA256_LOWERCASE_HEX_PATTERN, { error: 'must be 64 lowercase hex characters' })
      .describe('Expected SHA-256 of an s3Uri artifact (single file); checked by runtimes that load it.'),
    modelPackage: z
      .strictObject({
        arn: z
          .string()
          .regex(MODEL_PACKAGE_ARN_PATTERN, {
            error:
              'must be a versioned model package ARN like arn:aws:sagemaker:eu-west-1:123456789012:model-package/group/3',
          })
          .describe('A versioned package of a SageMaker Model Package Group.'),
        modelDataUri: s3UriString().describe('The package’s model data, read by the execution role.'),
        image: z
          .string()
          .regex(PINNED_ECR_IMAGE_URI_PATTERN, { error: 'must be an ECR image URI with a tag or digest' })
          .describe('The package’s inference image, pulled by the execution role.'),
      })
      .describe(
        'SageMaker only: serve a model package from the Model Registry (its container and data); written by `mldeploy promote`.',
      ),
  })
  .partial()
  .describe('Where the model comes from: exactly one of path, s3Uri and modelPackage.')
  .meta({ id: 'Artifact' });
