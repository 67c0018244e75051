import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { PropProblem } from '../errors/validation';
import { IModelArtifact } from '../storage/artifact-ref';
import type { EndpointAutoScaling } from './autoscaling';
import type { InstanceVariant } from './endpoint-rules';

/**
 * A production variant beside the endpoint's first one, for A/B tests: SageMaker sends each variant the share of
 * requests its weight is of the total ("CreateEndpointConfig": "you assign traffic weight 2 for model A and 1 for
 * model B. SageMaker distributes two-thirds of the traffic to Model A, and one-third to model B",
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html). A caller may pick one
 * with InvokeEndpoint's TargetVariant.
 */
export interface WeightedVariant {
  readonly variantName: string;
  /** Relative weight (InitialVariantWeight), >= 0. */
  readonly weight: number;
  readonly instance: InstanceVariant;
  /** @default the first variant's model data */
  readonly modelData?: IModelArtifact;
  /** @default no autoscaling */
  readonly autoScaling?: EndpointAutoScaling;
}

interface WeightedRuleInput {
  readonly variantName?: string;
  readonly variantWeight?: number;
  readonly additionalVariants?: readonly WeightedVariant[];
  readonly serverless?: unknown;
  readonly shadow?: unknown;
  readonly modelPackage?: unknown;
}

const VARIANT_NAME = /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/**
 * Every rule several production variants break. Serverless endpoints take one variant ("multiple production
 * variants" is among the features Serverless Inference lacks: https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints.html);
 * an endpoint with a shadow variant takes one production variant ("Create a shadow test",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-create.html); rolling deployments exclude
 * multi-variant endpoints (rollout-rules.ts); the weights must give traffic somewhere.
 */
export function weightedVariantProblems(props: WeightedRuleInput): PropProblem[] {
  const extra = props.additionalVariants ?? [];
  const problems: PropProblem[] = [];
  const mainWeight = props.variantWeight ?? 1;
  if (!(mainWeight >= 0)) {
    problems.push({ field: 'variantWeight', value: String(mainWeight), message: 'must be >= 0' });
  }
  if (extra.length === 0) return problems;
  if (props.serverless) {
    problems.push({
      field: 'additionalVariants',
      message: 'cannot join a serverless variant: a serverless endpoint has exactly one production variant',
      related: ['serverless'],
    });
  }
  if (props.shadow) {
    problems.push({
      field: 'additionalVariants',
      message:
        'cannot share the endpoint with a shadow variant ({shadow}): SageMaker then allows one production variant',
      related: ['shadow'],
    });
  }
  const names = [props.variantName ?? 'AllTraffic'];
  extra.forEach((variant, index) => {
    const field = `additionalVariants.${index}`;
    if (!VARIANT_NAME.test(variant.variantName) || variant.variantName.length > 63) {
      problems.push({
        field: `${field}.variantName`,
        value: JSON.stringify(variant.variantName),
        message: 'must be 1–63 letters, digits and hyphens, starting and ending with a letter or digit',
      });
    } else if (names.includes(variant.variantName)) {
      problems.push({
        field: `${field}.variantName`,
        value: JSON.stringify(variant.variantName),
        message: 'is taken by another variant of the endpoint; variant names are unique',
      });
    }
    names.push(variant.variantName);
    if (variant.modelData && props.modelPackage) {
      problems.push({
        field: `${field}.modelData`,
        message:
          'needs an image, and a model package’s image is not known to run other model data: serve the first variant from an image and model data, or give this variant none of its own',
        related: ['modelPackage'],
      });
    }
    if (!(variant.weight >= 0)) {
      problems.push({ field: `${field}.weight`, value: String(variant.weight), message: 'must be >= 0' });
    }
    if (!(
      Number.isInteger(variant.instance.initialInstanceCount) && variant.instance.initialInstanceCount >= 1
    )) {
      problems.push({
        field: `${field}.instance.initialInstanceCount`,
        value: String(variant.instance.initialInstanceCount),
        message: 'must be a whole number >= 1',
      });
    }
  });
  const total = mainWeight + extra.reduce((sum, variant) => sum + variant.weight, 0);
  if (!(total > 0)) {
    problems.push({
      field: 'additionalVariants',
      message: `weights add up to ${total}: at least one variant ({variantWeight} or a variant's weight) must be > 0, or no request has a variant to go to`,
      related: ['variantWeight'],
    });
  }
  return problems;
}

/** One extra entry of `ProductionVariants`. */
export function renderWeightedVariant(
  variant: WeightedVariant,
  model: sagemaker.CfnModel,
): sagemaker.CfnEndpointConfig.ProductionVariantProperty {
  return {
    variantName: variant.variantName,
    modelName: model.attrModelName,
    initialVariantWeight: variant.weight,
    instanceType: variant.instance.instanceType,
    initialInstanceCount: variant.instance.initialInstanceCount,
    volumeSizeInGb: variant.instance.volumeSizeGb,
    modelDataDownloadTimeoutInSeconds: variant.instance.modelDataDownloadTimeout?.toSeconds(),
    containerStartupHealthCheckTimeoutInSeconds:
      variant.instance.containerStartupHealthCheckTimeout?.toSeconds(),
    routingConfig: variant.instance.routingStrategy && { routingStrategy: variant.instance.routingStrategy },
  };
}
