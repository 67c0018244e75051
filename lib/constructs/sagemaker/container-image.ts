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
