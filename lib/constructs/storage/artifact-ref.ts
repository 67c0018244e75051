import * as iam from 'aws-cdk-lib/aws-iam';
import { IDependable } from 'constructs';

/**
 * A model artifact in S3 as the hosting constructs use it: where it is, what it is, and how to let a role
 * read it. ModelArtifact publishes one; `ModelArtifact.fromS3Uri` refers to one published elsewhere.
 */
export interface IModelArtifact {
  /** `s3://bucket/key` of the file, or of the folder prefix (ending in `/`). */
  readonly s3Uri: string;
  /** True for a folder (an S3 prefix). */
  readonly isDirectory: boolean;
  /** Hex SHA-256 of the file, or of a folder's manifest. @default unknown */
  readonly sha256?: string;
  /** Size in bytes (a folder's files together). @default unknown */
  readonly sizeBytes?: number;
  /** Completes when the artifact is in place, e.g. the deployment that uploads it. @default already in place */
  readonly publication?: IDependable;
  /** Lets a principal read the artifact (and decrypt it, where the artifact knows its key). */
  grantRead(grantee: iam.IGrantable): iam.Grant;
}
