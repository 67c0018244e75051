import * as fs from 'fs';
import * as path from 'path';
import { gunzipSync, inflateRawSync } from 'zlib';

/**
 * The model bucket has S3 Object Lock with a default retention, and S3 accepts an upload into such a bucket
 * only with a Content-MD5 or a checksum header ("Object Lock considerations", Amazon S3 User Guide,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html). Artifacts are published by
 * aws-cdk-lib's BucketDeployment, whose function runs the AWS CLI from the layer aws-cdk-lib ships. These
 * tests read that layer and check that its botocore adds a checksum to PutObject and UploadPart by default.
 */

/** One file of a zip archive, read with the central directory and zlib alone. */
function readZipEntry(archive: Buffer, name: string): string {
  return readZipEntryBytes(archive, name).toString('utf8');
}

function readZipEntryBytes(archive: Buffer, name: string): Buffer {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    const method = archive.readUInt16LE(offset + 10);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localHeader = archive.readUInt32LE(offset + 42);
    if (archive.toString('utf8', offset + 46, offset + 46 + nameLength) === name) {
      const dataStart =
        localHeader + 30 + archive.readUInt16LE(localHeader + 26) + archive.readUInt16LE(localHeader + 28);
      const data = archive.subarray(dataStart, dataStart + compressedSize);
      return method === 0 ? data : inflateRawSync(data);
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${name} is not in the archive`);
}

const layer = fs.readFileSync(
  path.join(path.dirname(require.resolve('@aws-cdk/asset-awscli-v1')), 'layer.zip'),
);

test('the AWS CLI of BucketDeployment runs botocore 1.36 or later, which sends request checksums by default', () => {
  const version = /__version__ = '(\d+)\.(\d+)\.(\d+)'/.exec(
    readZipEntry(layer, 'awscli/botocore/__init__.py'),
  );
  const [major, minor] = [Number(version![1]), Number(version![2])];
  expect(major > 1 || (major === 1 && minor >= 36)).toBe(true);
});

test('its default for request checksums is "when_supported", with CRC32 as the algorithm', () => {
  const config = readZipEntry(layer, 'awscli/botocore/configprovider.py');
  expect(config).toMatch(
    /'request_checksum_calculation': \(\s*'request_checksum_calculation',\s*'AWS_REQUEST_CHECKSUM_CALCULATION',\s*"when_supported",/,
  );
  expect(readZipEntry(layer, 'awscli/botocore/httpchecksum.py')).toContain(
    'DEFAULT_CHECKSUM_ALGORITHM = "CRC32"',
  );
});

test('PutObject and UploadPart take a checksum algorithm in its S3 model, so the default applies to them', () => {
  const gzipped = readZipEntryBytes(layer, 'awscli/botocore/data/s3/2006-03-01/service-2.json.gz');
  const model = JSON.parse(gunzipSync(gzipped).toString('utf8'));
  for (const operation of ['PutObject', 'UploadPart']) {
    expect(model.operations[operation].httpChecksum.requestAlgorithmMember).toBe('ChecksumAlgorithm');
  }
});
