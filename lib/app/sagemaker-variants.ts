import { Construct } from 'constructs';
import { ResolvedModel } from '../config';
import { weightedVariantsOf } from '../config/endpoint-props';
import { EndpointAutoScaling } from '../constructs/sagemaker/autoscaling';
import { WeightedVariant } from '../constructs/sagemaker/weighted-variants';
import { ModelArtifact } from '../constructs/storage/model-artifact';
import { ModelBucket } from '../constructs/storage/model-bucket';

/**
 * The model's additional production variants (`sagemaker.variants`): each reads its own `s3Uri` (used as is, like an
 * `artifact.s3Uri`) or the model's artifact, and autoscales with the model's scaling settings.
 */
export function weightedVariantsFor(
  scope: Construct,
  model: ResolvedModel,
  deps: { readonly modelBucket: ModelBucket },
  autoScaling: EndpointAutoScaling | undefined,
): WeightedVariant[] {
  return weightedVariantsOf(
    model.sagemaker,
    autoScaling,
    (s3Uri, index) =>
      new ModelArtifact(scope, `VariantArtifact${index + 1}`, {
        modelName: model.name,
        modelBucket: deps.modelBucket,
        s3Uri,
      }),
  );
}
