import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct, IDependable } from 'constructs';
import { ContainerImage } from './container-image';
import { ConstructValidationError } from '../errors/validation';
import { IModelArtifact } from '../storage/artifact-ref';

/**
 * A versioned package of the SageMaker Model Registry. SageMaker runs the package's own container and data;
 * the image and data location are given too, so that the execution role can be granted exactly those.
 */
export interface ModelPackage {
  /** `arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>`. */
  readonly arn: string;
  /** The package's inference image (its InferenceSpecification). */
  readonly image: ContainerImage;
  /** The package's model data: an object (e.g. `model.tar.gz`) or a prefix ending in `/`. */
  readonly modelDataUri: string;
}

/** What the model runs, bound to the endpoint: its container definition and the grants it needs. */
export interface BoundModelSource {
  readonly container: sagemaker.CfnModel.ContainerDefinitionProperty;
  readonly fitsServerless: boolean;
  readonly publication?: IDependable;
  /** Grants the role what the source needs; returns the grant that reads the model data. */
  grant(role: iam.IGrantable): iam.Grant;
}

export interface ModelSourceProps {
  readonly image?: ContainerImage;
  readonly modelData?: IModelArtifact;
  readonly modelPackage?: ModelPackage;
  readonly environment?: Readonly<Record<string, string>>;
}

/** Problems with the model source props: an image with model data, or a model package, and not both. */
export function modelSourceProblems(props: ModelSourceProps): string[] {
  if (props.modelPackage) {
    return props.image || props.modelData
      ? ['set either modelPackage, or image with modelData, not both: a model package brings its own']
      : [];
  }
  return props.image && props.modelData ? [] : ['set image and modelData, or modelPackage'];
}

/** Binds the model source; call after modelSourceProblems found none. */
export function bindModelSource(scope: Construct, props: ModelSourceProps): BoundModelSource {
  if (props.modelPackage) {
    const pkg = props.modelPackage;
    const image = pkg.image.bind(scope);
    return {
      container: { modelPackageName: pkg.arn, environment: props.environment },
      fitsServerless: image.fitsServerless,
      grant: (role) => {
        image.grantPull(role);
        return grantS3UriRead(scope, role, pkg.modelDataUri);
      },
    };
  }
  const image = props.image!.bind(scope);
  const data = props.modelData!;
  return {
    container: {
      image: image.imageUri,
      environment: props.environment,
      modelDataSource: {
        s3DataSource: {
          s3Uri: data.s3Uri,
          s3DataType: data.isDirectory ? 'S3Prefix' : 'S3Object',
          compressionType: data.isDirectory || !/\.tar\.gz$/.test(data.s3Uri) ? 'None' : 'Gzip',
        },
      },
    },
    fitsServerless: image.fitsServerless,
    publication: data.publication,
    grant: (role) => {
      const read = data.grantRead(role);
      image.grantPull(role);
      return read;
    },
  };
}

/**
 * s3:GetObject on one object, or on every object under a prefix ending in `/`. The ARN takes the stack's
 * partition (`aws`, `aws-cn`, `aws-us-gov`): a fixed `arn:aws:` grants nothing in China or GovCloud.
 */
function grantS3UriRead(scope: Construct, grantee: iam.IGrantable, uri: string): iam.Grant {
  const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  if (!match)
    throw new ConstructValidationError(
      `Model data URI ${JSON.stringify(uri)} must look like s3://bucket/key`,
    );
  const [, bucket, key] = match;
  const objects = key.endsWith('/') || key === '' ? `${key}*` : key;
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:GetObject'],
    resourceArns: [`arn:${Stack.of(scope).partition}:s3:::${bucket}/${objects}`],
  });
}
