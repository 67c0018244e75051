import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { PropProblem } from '../errors/validation';
import { IModelArtifact } from '../storage/artifact-ref';
import { ContainerImage } from './container-image';
import type { InstanceVariant } from './endpoint-rules';

/**
 * A challenger model that receives a copy of a share of the production traffic and whose answers nobody sees: the
 * endpoint config's `ShadowProductionVariants` ("CreateEndpointConfig", Amazon SageMaker API Reference,
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html). It has its own model
 * data (and image), instance type and count; data capture records both variants' requests and answers.
 */
export interface ShadowVariant {
  /** @default 'Shadow' */
  readonly variantName?: string;
  readonly instance: InstanceVariant;
  /** The challenger's model data. */
  readonly modelData: IModelArtifact;
  /** @default the production variant's image */
  readonly image?: ContainerImage;
  /**
   * Share of the production requests copied to the shadow, 1–100 (the "traffic sampling percentage" of "Shadow
   * tests", https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-create.html). Rendered as the shadow's
   * InitialVariantWeight against the production variant's weight of 1.
   */
  readonly samplingPercent: number;
}

/** What the rules read besides the shadow. */
interface ShadowRuleInput {
  readonly shadow?: ShadowVariant;
  readonly serverless?: unknown;
  readonly asyncInference?: unknown;
  readonly variantName?: string;
}

/**
 * Every rule the shadow breaks. SageMaker refuses shadows on serverless and asynchronous endpoints and on Inf1
 * instances ("Exclusions", shadow tests, https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-exclusions.html),
 * and allows one production and one shadow variant per endpoint ("Create a shadow test"); variant names follow
 * `[a-zA-Z0-9]([\-a-zA-Z0-9]*[a-zA-Z0-9])?`, at most 63 characters ("ProductionVariant").
 */
export function shadowProblems(props: ShadowRuleInput): PropProblem[] {
  const shadow = props.shadow;
  if (!shadow) return [];
  const problems: PropProblem[] = [];
  const excluded = 'SageMaker runs no shadow variant beside it (shadow test exclusions); drop one of the two';
  if (props.serverless) {
    problems.push({
      field: 'shadow',
      message: `cannot join a serverless variant: ${excluded}`,
      related: ['serverless'],
    });
  }
  if (props.asyncInference) {
    problems.push({
      field: 'shadow',
      message: `cannot join an asynchronous endpoint ({asyncInference}): ${excluded}`,
      related: ['asyncInference'],
    });
  }
  const name = shadow.variantName ?? 'Shadow';
  if (!/^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/.test(name) || name.length > 63) {
    problems.push({
      field: 'shadow.variantName',
      value: JSON.stringify(name),
      message: 'must be 1–63 letters, digits and hyphens, starting and ending with a letter or digit',
    });
  } else if (name === (props.variantName ?? 'AllTraffic')) {
    problems.push({
      field: 'shadow.variantName',
      value: JSON.stringify(name),
      message: 'must differ from the production variant’s name',
    });
  }
  const percent = shadow.samplingPercent;
  if (!(Number.isInteger(percent) && percent >= 1 && percent <= 100)) {
    problems.push({
      field: 'shadow.samplingPercent',
      value: String(percent),
      message: 'must be a whole number from 1 to 100',
    });
  }
  const count = shadow.instance.initialInstanceCount;
  if (!(Number.isInteger(count) && count >= 1)) {
    problems.push({
      field: 'shadow.instance.initialInstanceCount',
      value: String(count),
      message: 'must be a whole number >= 1',
    });
  }
  if (shadow.instance.instanceType.startsWith('ml.inf1.')) {
    problems.push({
      field: 'shadow.instance.instanceType',
      value: JSON.stringify(shadow.instance.instanceType),
      message: 'cannot host a shadow variant (Inf1 instances are excluded from shadow variants)',
    });
  }
  return problems;
}

/** The shadow as an entry of `ShadowProductionVariants`. */
export function renderShadowVariant(
  shadow: ShadowVariant,
  model: sagemaker.CfnModel,
): sagemaker.CfnEndpointConfig.ProductionVariantProperty {
  return {
    variantName: shadow.variantName ?? 'Shadow',
    modelName: model.attrModelName,
    // CreateEndpointConfig has no sampling field: the share copied to the shadow is its weight against the production
    // variant's 1. AWS states a sampling percentage only for inference experiments ("ShadowModelVariantConfig",
    // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ShadowModelVariantConfig.html).
    initialVariantWeight: shadow.samplingPercent / 100,
    instanceType: shadow.instance.instanceType,
    initialInstanceCount: shadow.instance.initialInstanceCount,
    volumeSizeInGb: shadow.instance.volumeSizeGb,
    modelDataDownloadTimeoutInSeconds: shadow.instance.modelDataDownloadTimeout?.toSeconds(),
    containerStartupHealthCheckTimeoutInSeconds:
      shadow.instance.containerStartupHealthCheckTimeout?.toSeconds(),
    routingConfig: shadow.instance.routingStrategy && { routingStrategy: shadow.instance.routingStrategy },
  };
}
