import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { regionalImage, RegionalRegistry } from './regional-image';
import { grantEcrPull } from './role-grants';
import {
  TRITON_FITS_SERVERLESS,
  TRITON_REGISTRY_ACCOUNTS,
  TRITON_REPOSITORY,
  TRITON_VERSIONS,
  TritonVersion,
} from './triton-registries';
import {
  LLM_IMAGES_FIT_SERVERLESS,
  LMI_REGISTRY_ACCOUNTS,
  LMI_REPOSITORY,
  LMI_TAGS,
  LmiVersion,
  TGI_REGISTRY_ACCOUNTS,
  TGI_REPOSITORY,
  TGI_TAGS,
  TgiVersion,
} from './llm-registries';
import { ConstructValidationError } from '../errors/validation';
import { ecrImageParts, ECR_IMAGE_URI_PATTERN } from '../private/patterns';

/** An image bound to a stack: the URI to run and how to let a role pull it. */
export interface BoundContainerImage {
  readonly imageUri: string;
  /** Whether the image fits a serverless endpoint (image size ≤ 10 GB), when known. */
  readonly fitsServerless: boolean;
  grantPull(grantee: iam.IGrantable): void;
}

/** The container a SageMaker model runs: an AWS-published framework image or any ECR image. */
export abstract class ContainerImage {
  /**
   * NVIDIA Triton Inference Server for SageMaker, resolved to the registry of the stack's region;
   * region-agnostic stacks get a CloudFormation mapping evaluated at deploy time.
   */
  static triton(version: TritonVersion): ContainerImage {
    if (!TRITON_VERSIONS.includes(version)) {
      throw new ConstructValidationError(
        `Unknown Triton version ${JSON.stringify(version)}; known: ${TRITON_VERSIONS.join(', ')}`,
      );
    }
    return new TritonImage(version);
  }

  /**
   * The Large Model Inference container (DJL Serving with vLLM / lmi-dist) for SageMaker, resolved to the registry of
   * the stack's region like `triton`. Configure it with `lmiEnvironment()`.
   */
  static lmi(version: LmiVersion): ContainerImage {
    return new PresetImage(LMI_REGISTRY, knownTag(LMI_TAGS, version, 'LMI'));
  }

  /**
   * Hugging Face Text Generation Inference for SageMaker, resolved to the registry of the stack's region like
   * `triton`. Configure it with `tgiEnvironment()`.
   */
  static tgi(version: TgiVersion): ContainerImage {
    return new PresetImage(TGI_REGISTRY, knownTag(TGI_TAGS, version, 'TGI'));
  }

  /** Any image in Amazon ECR, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/repo:tag`. */
  static fromEcrUri(imageUri: string): ContainerImage {
    return new EcrImage(imageUri);
  }

  abstract bind(scope: Construct): BoundContainerImage;
}

class TritonImage extends ContainerImage {
  constructor(private readonly version: TritonVersion) {
    super();
  }

  bind(scope: Construct): BoundContainerImage {
    const image = regionalImage(scope, TRITON_REGISTRY, `${this.version}-py3`);
    return {
      imageUri: image.imageUri,
      fitsServerless: TRITON_FITS_SERVERLESS,
      grantPull: (grantee) => grantEcrPull(grantee, image.repositoryArn),
    };
  }
}

/** Where the Triton image of each region lives; the config checks an environment's region against it. */
export const TRITON_REGISTRY: RegionalRegistry = {
  repository: TRITON_REPOSITORY,
  accounts: TRITON_REGISTRY_ACCOUNTS,
  mappingId: 'TritonImageRegistries',
  description: 'NVIDIA Triton image for SageMaker',
  hint: 'Use ContainerImage.fromEcrUri() with your own copy.',
};

/** Where the LMI image of each region lives. */
export const LMI_REGISTRY: RegionalRegistry = {
  repository: LMI_REPOSITORY,
  accounts: LMI_REGISTRY_ACCOUNTS,
  mappingId: 'LmiImageRegistries',
  description: 'Large Model Inference (LMI) image for SageMaker',
  hint: 'Use ContainerImage.fromEcrUri() with your own copy.',
};

/** Where the TGI image of each region lives. */
export const TGI_REGISTRY: RegionalRegistry = {
  repository: TGI_REPOSITORY,
  accounts: TGI_REGISTRY_ACCOUNTS,
  mappingId: 'TgiImageRegistries',
  description: 'Hugging Face TGI image for SageMaker',
  hint: 'Use ContainerImage.fromEcrUri() with your own copy.',
};

function knownTag(tags: Readonly<Record<string, string>>, version: string, what: string): string {
  if (!Object.prototype.hasOwnProperty.call(tags, version)) {
    throw new ConstructValidationError(
      `Unknown ${what} version ${JSON.stringify(version)}; known: ${Object.keys(tags).join(', ')}`,
    );
  }
  return tags[version];
}

/** An AWS-published GPU serving image for large language models; never fits a serverless endpoint. */
class PresetImage extends ContainerImage {
  constructor(
    private readonly registry: RegionalRegistry,
    private readonly tag: string,
  ) {
    super();
  }

  bind(scope: Construct): BoundContainerImage {
    const image = regionalImage(scope, this.registry, this.tag);
    return {
      imageUri: image.imageUri,
      fitsServerless: LLM_IMAGES_FIT_SERVERLESS,
      grantPull: (grantee) => grantEcrPull(grantee, image.repositoryArn),
    };
  }
}

class EcrImage extends ContainerImage {
  constructor(private readonly imageUri: string) {
    super();
    if (!Token.isUnresolved(imageUri) && !ECR_IMAGE_URI_PATTERN.test(imageUri)) {
      throw new ConstructValidationError(
        `Invalid ECR image URI ${JSON.stringify(imageUri)}: expected <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]`,
      );
    }
  }

  bind(scope: Construct): BoundContainerImage {
    const image = Token.isUnresolved(this.imageUri) ? undefined : ecrImageParts(this.imageUri);
    const stack = Stack.of(scope);
    const repositoryArn = image
      ? `arn:${stack.partition}:ecr:${image.region}:${image.account}:repository/${image.repository}`
      : `arn:${stack.partition}:ecr:*:*:repository/*`;
    return {
      imageUri: this.imageUri,
      fitsServerless: true,
      grantPull: (grantee) => grantEcrPull(grantee, repositoryArn),
    };
  }
}
