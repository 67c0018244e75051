import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ConstructValidationError } from '../errors/validation';

/**
 * Content digests of model artifacts. A file's digest is the SHA-256 of its bytes, so runtimes can
 * check what they download. A folder's digest is the SHA-256 of a manifest that lists every file's
 * relative path (POSIX separators, sorted) and digest, one `<sha256>  <path>` line each, the format
 * `sha256sum` prints; so renaming, adding or changing any file changes the folder's digest.
 */
interface ArtifactDigest {
  readonly sha256: string;
  readonly isDirectory: boolean;
  readonly sizeBytes: number;
}

const cache = new Map<string, ArtifactDigest>();

/** Digest of a file or folder, computed once per path per process (many stacks share one artifact). */
export function digestArtifact(artifactPath: string): ArtifactDigest {
  const absolute = path.resolve(artifactPath);
  let digest = cache.get(absolute);
  if (!digest) {
    digest = fs.statSync(absolute).isDirectory() ? digestDirectory(absolute) : digestFile(absolute);
    cache.set(absolute, digest);
  }
  return digest;
}

/** Read in 1 MiB pieces: model files can be larger than one Buffer may hold. */
function digestFile(file: string): ArtifactDigest {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(1024 * 1024);
  let sizeBytes = 0;
  const fd = fs.openSync(file, 'r');
  try {
    for (let read = fs.readSync(fd, buffer); read > 0; read = fs.readSync(fd, buffer)) {
      hash.update(buffer.subarray(0, read));
      sizeBytes += read;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { sha256: hash.digest('hex'), isDirectory: false, sizeBytes };
}

function digestDirectory(dir: string): ArtifactDigest {
  const files = listFiles(dir).sort();
  if (files.length === 0)
    throw new ConstructValidationError(`Model artifact folder ${dir} contains no files`);
  let sizeBytes = 0;
  const manifest = files
    .map((relative) => {
      const file = digestFile(path.join(dir, relative));
      sizeBytes += file.sizeBytes;
      return `${file.sha256}  ${relative}\n`;
    })
    .join('');
  return { sha256: sha256(Buffer.from(manifest)), isDirectory: true, sizeBytes };
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return listFiles(path.join(dir, entry.name), relative);
    return entry.isFile() ? [relative] : [];
  });
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
