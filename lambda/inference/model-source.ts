import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import type { FileModelSource, ModelSource, S3ModelSource } from './config';
import { ModelIntegrityError, ModelLoadError } from './errors';

/** A verified model file on local disk. */
export interface ModelFile {
  readonly path: string;
  /** SHA-256 of the file, lower-case hex. */
  readonly sha256: string;
  readonly bytes: number;
  /** Where the bytes came from on this load. */
  readonly origin: 'file' | 'cache' | 's3';
}

export interface ModelSourceOptions {
  /** S3 client for {@link S3ModelSource}; created from the source's settings when absent. */
  readonly s3Client?: S3Client;
}

/**
 * Make the model available as a verified local file.
 *
 * S3 objects are streamed into `cacheDir` under a name derived from the expected digest, hashed while
 * streaming, and renamed into place only when the digest matches; a mismatch deletes the partial file and
 * throws {@link ModelIntegrityError}. A cached file with the right digest is reused without downloading.
 */
export async function fetchModel(source: ModelSource, options: ModelSourceOptions = {}): Promise<ModelFile> {
  return source.kind === 'file' ? verifyLocalFile(source) : fetchFromS3(source, options);
}

/** Create the S3 client the loader uses. Region, credentials and `AWS_ENDPOINT_URL_S3` come from the environment. */
function createS3Client(source: Pick<S3ModelSource, 'forcePathStyle'>): S3Client {
  return new (s3Sdk().S3Client)({ forcePathStyle: source.forcePathStyle });
}

/**
 * The S3 client library, loaded on first use. Loading it takes about 150 ms of CPU, which a model read from a
 * local file (tests, local serving, a model bundled with the code) should not pay on every cold start.
 * A plain `require`: the bundle keeps `@aws-sdk/*` external (the Lambda runtime provides it).
 */
function s3Sdk(): typeof import('@aws-sdk/client-s3') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
}

async function verifyLocalFile(source: FileModelSource): Promise<ModelFile> {
  const digest = await hashFile(source.path).catch((error: unknown) => {
    throw new ModelLoadError(`cannot read model file ${source.path}: ${describe(error)}`, { cause: error });
  });
  if (source.sha256 !== undefined && digest.sha256 !== source.sha256) {
    throw new ModelIntegrityError(source.path, source.sha256, digest.sha256);
  }
  return { path: source.path, ...digest, origin: 'file' };
}

async function fetchFromS3(source: S3ModelSource, options: ModelSourceOptions): Promise<ModelFile> {
  const finalPath = path.join(source.cacheDir, `model-${source.sha256}.onnx`);
  const cached = await hashFile(finalPath).catch(() => undefined);
  if (cached !== undefined) {
    if (cached.sha256 === source.sha256) {
      return { path: finalPath, ...cached, origin: 'cache' };
    }
    // Only verified files are renamed into place, so this is corruption or tampering: start again.
    await rm(finalPath, { force: true });
  }

  await mkdir(source.cacheDir, { recursive: true });
  const client = options.s3Client ?? createS3Client(source);
  const partPath = `${finalPath}.${randomUUID()}.part`;
  try {
    const downloaded = await download(client, source, partPath);
    if (downloaded.sha256 !== source.sha256) {
      throw new ModelIntegrityError(source.uri, source.sha256, downloaded.sha256);
    }
    await rename(partPath, finalPath);
    return { path: finalPath, ...downloaded, origin: 's3' };
  } finally {
    await rm(partPath, { force: true });
  }
}

async function download(
  client: S3Client,
  source: S3ModelSource,
  target: string,
): Promise<{ sha256: string; bytes: number }> {
  let body: Readable;
  try {
    const response = await client.send(
      new (s3Sdk().GetObjectCommand)({ Bucket: source.bucket, Key: source.key }),
    );
    if (response.Body === undefined) {
      throw new Error('the response has no body');
    }
    body = response.Body as Readable;
  } catch (error) {
    const name = (error as { name?: string }).name;
    const reason =
      name === 'NoSuchKey' || name === 'NotFound'
        ? 'the object does not exist'
        : name === 'NoSuchBucket'
          ? `bucket ${source.bucket} does not exist`
          : describe(error);
    throw new ModelLoadError(`cannot download model ${source.uri}: ${reason}`, { cause: error });
  }

  const hash = createHash('sha256');
  let bytes = 0;
  try {
    await pipeline(
      body,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          bytes += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(target, { flags: 'wx' }),
    );
  } catch (error) {
    throw new ModelLoadError(`cannot download model ${source.uri} to ${target}: ${describe(error)}`, {
      cause: error,
    });
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const { size } = await stat(file);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
  }
  return { sha256: hash.digest('hex'), bytes: size };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== undefined && !error.message.includes(code)
      ? `${error.name} (${code}): ${error.message}`
      : `${error.name}: ${error.message}`;
  }
  return String(error);
}
