import { Aws, CfnMapping, Stack, Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { ConstructValidationError } from '../errors/validation';

/** An image AWS publishes in a registry account that differs by region. */
export interface RegionalRegistry {
  /** ECR repository name, e.g. `sagemaker-tritonserver`. */
  readonly repository: string;
  /** Registry account per region. */
  readonly accounts: Readonly<Record<string, string>>;
  /** Construct id of the per-stack CloudFormation mapping that region-agnostic stacks use. */
  readonly mappingId: string;
  /** What the image is, for errors, e.g. `NVIDIA Triton image for SageMaker`. */
  readonly description: string;
  /** Appended to the unknown-region error, e.g. what to use instead. @default none */
  readonly hint?: string;
}

/**
 * The image's URI and repository ARN for the stack's region: literal for a stack with a region (an
 * unknown region is a synth error listing the known ones), a mapping looked up by `AWS::Region` at
 * deploy time for a region-agnostic stack.
 */
export function regionalImage(
  scope: Construct,
  registry: RegionalRegistry,
  tag?: string,
): { imageUri: string; repositoryArn: string } {
  const stack = Stack.of(scope);
  const agnostic = Token.isUnresolved(stack.region);
  const account = agnostic ? mappedAccount(stack, registry) : knownAccount(scope, stack.region, registry);
  const urlSuffix = agnostic ? Aws.URL_SUFFIX : (RegionInfo.get(stack.region).domainSuffix ?? Aws.URL_SUFFIX);
  return {
    imageUri: `${account}.dkr.ecr.${stack.region}.${urlSuffix}/${registry.repository}${tag ? `:${tag}` : ''}`,
    repositoryArn: `arn:${stack.partition}:ecr:${stack.region}:${account}:repository/${registry.repository}`,
  };
}

function knownAccount(scope: Construct, region: string, registry: RegionalRegistry): string {
  const problem = regionalImageProblem(registry, region);
  if (problem) {
    throw new ConstructValidationError(
      `${scope.node.path}: region ${JSON.stringify(region)} ${problem}${registry.hint ? `. ${registry.hint}` : ''}`,
      scope,
    );
  }
  return registry.accounts[region];
}

/** Why a region cannot pull the image, or undefined when it can; reads after the region. */
export function regionalImageProblem(registry: RegionalRegistry, region: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(registry.accounts, region)) return undefined;
  return `has no ${registry.description}; regions with one: ${Object.keys(registry.accounts).join(', ')}`;
}

/** One mapping per stack and registry, rendered only if a lookup needs it. */
function mappedAccount(stack: Stack, registry: RegionalRegistry): string {
  const mapping =
    (stack.node.tryFindChild(registry.mappingId) as CfnMapping | undefined) ??
    new CfnMapping(stack, registry.mappingId, {
      mapping: Object.fromEntries(
        Object.entries(registry.accounts).map(([region, account]) => [region, { account }]),
      ),
      lazy: true,
    });
  return mapping.findInMap(Aws.REGION, 'account');
}
