import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Size, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { digestArtifact } from './artifact-digest';
import { IModelArtifact } from './artifact-ref';
import { ArtifactPublisher } from './artifact-publisher';
import { limitCustomResourceWaits } from '../private/custom-resource-timeouts';
import { ModelBucket } from './model-bucket';
import { ConstructValidationError } from '../errors/validation';
import { s3UriParts } from '../private/patterns';

export interface ModelArtifactProps {
  /** Name of the model; its artifacts live under `<modelName>/` in the model bucket. */
  readonly modelName: string;
  /** Where local artifacts are published, and whose grants cover them. */
  readonly modelBucket: ModelBucket;
  /**
   * A file or folder on disk, published during deploy to `<modelName>/<sha256>/` in the model bucket.
   * Exactly one of `localPath` and `s3Uri`.
   * @default none
   */
  readonly localPath?: string;
  /**
   * An artifact that already exists in S3 (`s3://bucket/key`, or a prefix ending in `/`), used as is.
   * `ModelArtifact.fromS3Uri` refers to one without a model bucket.
   * @default none
   */
  readonly s3Uri?: string;
  /**
   * Expected SHA-256 of an `s3Uri` artifact. Local artifacts are digested at synth.
   * @default unknown
   */
  readonly sha256?: string;
}

/** What is known of an artifact published elsewhere. */
export interface ModelArtifactAttributes {
  /** Hex SHA-256 of the file; Lambda refuses to serve a model without one. @default unknown */
  readonly sha256?: string;
  /** Size in bytes; sizes Lambda's `/tmp`. @default unknown */
  readonly sizeBytes?: number;
}

/** Largest local artifact the publishing function can stage in its ephemeral storage (10 GiB, zip + files). */
const MAX_LOCAL_ARTIFACT_BYTES = 4.5 * 1024 ** 3;

/**
 * A model artifact with an immutable, content-addressed location. Local files and folders are
 * uploaded during deploy under `<model>/<sha256>/`, so a new model version is a new key and
 * earlier versions stay where they are: publishing never overwrites or deletes an object.
 */
export class ModelArtifact extends Construct implements IModelArtifact {
  /**
   * An artifact published outside this app (`s3://bucket/key`, or a prefix ending in `/`), needing no model
   * bucket. Its readers get s3:GetObject on exactly that object or prefix; a bucket encrypted with a customer
   * managed KMS key also needs kms:Decrypt granted on that key.
   */
  static fromS3Uri(
    scope: Construct,
    id: string,
    s3Uri: string,
    attributes: ModelArtifactAttributes = {},
  ): IModelArtifact {
    return new ImportedModelArtifact(scope, id, s3Uri, attributes);
  }

  /** `s3://` URI of the file, or of the folder prefix (ending in `/`). */
  readonly s3Uri: string;
  readonly bucketName: string;
  /** Object key of a file artifact, or the key prefix (ending in `/`) of a folder. */
  readonly objectKey: string;
  /** Hex SHA-256 of the file, or of the folder's manifest; undefined for an S3 artifact given without one. */
  readonly sha256?: string;
  /** True when the artifact is a folder (an S3 prefix). */
  readonly isDirectory: boolean;
  /** Size in bytes of a local artifact (a folder's files together); undefined for an S3 artifact. */
  readonly sizeBytes?: number;
  /** The upload, for resources that must wait until the artifact is in place. */
  readonly publication?: s3deploy.BucketDeployment;
  private readonly modelBucket: ModelBucket;

  constructor(scope: Construct, id: string, props: ModelArtifactProps) {
    super(scope, id);
    if ((props.localPath === undefined) === (props.s3Uri === undefined)) {
      throw new ConstructValidationError(
        `ModelArtifact ${this.node.path}: set exactly one of localPath and s3Uri`,
        this,
      );
    }
    this.modelBucket = props.modelBucket;

    if (props.s3Uri !== undefined) {
      const location = parseS3Uri(props.s3Uri);
      this.bucketName = location.bucket;
      this.objectKey = location.key;
      this.isDirectory = location.key.endsWith('/');
      this.sha256 = props.sha256;
      this.s3Uri = props.s3Uri;
      return;
    }

    const localPath = path.resolve(props.localPath!);
    if (!fs.existsSync(localPath)) {
      throw new ConstructValidationError(
        `ModelArtifact ${this.node.path}: ${localPath} does not exist`,
        this,
      );
    }
    const digest = digestArtifact(localPath);
    if (digest.sizeBytes > MAX_LOCAL_ARTIFACT_BYTES) {
      throw new ConstructValidationError(
        `ModelArtifact ${this.node.path}: ${localPath} is ${(digest.sizeBytes / 1024 ** 3).toFixed(1)} GiB; ` +
          'upload artifacts over 4.5 GiB to S3 yourself and reference them with s3Uri',
        this,
      );
    }
    const prefix = `${ModelBucket.prefixFor(props.modelName)}${digest.sha256}/`;
    this.sha256 = digest.sha256;
    this.isDirectory = digest.isDirectory;
    this.sizeBytes = digest.sizeBytes;
    this.bucketName = props.modelBucket.bucket.bucketName;
    this.objectKey = digest.isDirectory ? prefix : `${prefix}${path.basename(localPath)}`;
    this.s3Uri = `s3://${this.bucketName}/${this.objectKey}`;

    const sourceDir = digest.isDirectory ? localPath : stageSingleFile(localPath, digest.sha256);
    // The staged asset is created here rather than by Source.asset, so the publisher can be granted
    // read on exactly its object key instead of the whole asset bucket.
    const source = new s3assets.Asset(this, 'Source', { path: sourceDir });
    const publisher = ArtifactPublisher.of(this);
    publisher.allowPublishing(source, props.modelBucket, prefix);
    this.publication = new s3deploy.BucketDeployment(this, 'Publish', {
      sources: [s3deploy.Source.bucket(source.bucket, source.s3ObjectKey)],
      destinationBucket: props.modelBucket.bucket,
      destinationKeyPrefix: prefix,
      // Artifacts are immutable: never prune other versions, never delete on stack removal.
      prune: false,
      retainOnDelete: true,
      role: publisher.deploymentRole,
      memoryLimit: 1024,
      // The function holds the zip and its extracted files at once; /tmp is 512–10,240 MB ("EphemeralStorage",
      // AWS Lambda API Reference).
      ephemeralStorageSize: Size.mebibytes(
        Math.min(10240, Math.max(512, Math.ceil((2.2 * digest.sizeBytes) / 1024 ** 2))),
      ),
    });
    publisher.acknowledgeUploadFunctions();
    limitCustomResourceWaits(this.publication);
  }

  /** Lets a principal read this artifact (and decrypt it, for artifacts in the model bucket). */
  grantRead(grantee: iam.IGrantable): iam.Grant {
    if (this.publication) return this.modelBucket.grantReadPrefix(grantee, this.keyPrefix());
    return grantObjectRead(this, grantee, this.bucketName, this.objectKey);
  }

  private keyPrefix(): string {
    return this.isDirectory ? this.objectKey : this.objectKey.slice(0, this.objectKey.lastIndexOf('/') + 1);
  }
}

/** An artifact published elsewhere, known by its URI. */
class ImportedModelArtifact extends Construct implements IModelArtifact {
  readonly isDirectory: boolean;
  readonly sha256?: string;
  readonly sizeBytes?: number;
  private readonly location: { bucket: string; key: string };

  constructor(
    scope: Construct,
    id: string,
    readonly s3Uri: string,
    attributes: ModelArtifactAttributes,
  ) {
    super(scope, id);
    this.location = parseS3Uri(s3Uri);
    this.isDirectory = this.location.key.endsWith('/');
    this.sha256 = attributes.sha256;
    this.sizeBytes = attributes.sizeBytes;
  }

  grantRead(grantee: iam.IGrantable): iam.Grant {
    return grantObjectRead(this, grantee, this.location.bucket, this.location.key);
  }
}

/**
 * s3:GetObject(Version) on one object, or on every object under a prefix ending in `/`. The ARN takes the stack's
 * partition (`aws`, `aws-cn`, `aws-us-gov`): a fixed `arn:aws:` grants nothing in China or GovCloud.
 */
function grantObjectRead(scope: Construct, grantee: iam.IGrantable, bucket: string, key: string): iam.Grant {
  const resource = key.endsWith('/') ? `${key}*` : key;
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:GetObject', 's3:GetObjectVersion'],
    resourceArns: [`arn:${Stack.of(scope).partition}:s3:::${bucket}/${resource}`],
  });
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  if (Token.isUnresolved(uri)) {
    throw new ConstructValidationError('ModelArtifact s3Uri must be a literal s3:// URI, not a token');
  }
  const parts = s3UriParts(uri);
  if (!parts) {
    throw new ConstructValidationError(`Invalid S3 URI ${JSON.stringify(uri)}: expected s3://bucket/key`);
  }
  return parts;
}

/**
 * BucketDeployment publishes folders only: a single file is put in a folder of its own, named by its content, under
 * the system's temporary folder. The same content always lands in the same folder, so every synth reuses it instead
 * of leaving one more copy of the model behind; the copy is written beside it and renamed in, so a synth running
 * at the same time never sees half a file.
 */
function stageSingleFile(file: string, sha256: string): string {
  const root = path.join(os.tmpdir(), 'ml-deploy-staged-models');
  const dir = path.join(root, `${sha256}-${path.basename(file)}`);
  const staged = path.join(dir, path.basename(file));
  if (!fs.existsSync(staged)) {
    fs.mkdirSync(dir, { recursive: true });
    const partial = path.join(root, `${sha256}.${process.pid}.partial`);
    fs.copyFileSync(file, partial);
    fs.renameSync(partial, staged);
  }
  return dir;
}
