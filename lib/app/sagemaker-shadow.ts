import { Construct } from 'constructs';
import { ResolvedModel } from '../config';
import { shadowVariantOf } from '../config/endpoint-props';
import { ShadowVariant } from '../constructs/sagemaker/shadow-variant';
import { ModelArtifact } from '../constructs/storage/model-artifact';
import { ModelBucket } from '../constructs/storage/model-bucket';

/**
 * The model's shadow variant, reading the challenger's model data where `sagemaker.shadow.s3Uri` says (used as is,
 * like an `artifact.s3Uri`); undefined without a shadow. The config rules have made sure the URI is set.
 */
export function shadowVariantFor(
  scope: Construct,
  model: ResolvedModel,
  deps: { readonly modelBucket: ModelBucket },
): ShadowVariant | undefined {
  const shadow = model.sagemaker.shadow;
  if (!shadow.enabled || shadow.s3Uri === undefined) return undefined;
  const data = new ModelArtifact(scope, 'ShadowArtifact', {
    modelName: model.name,
    modelBucket: deps.modelBucket,
    s3Uri: shadow.s3Uri,
  });
  return shadowVariantOf(model.sagemaker, data);
}
