import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { digestArtifact } from '../../../lib/constructs/storage/artifact-digest';
import { ModelArtifact } from '../../../lib/constructs/storage/model-artifact';
import { ModelBucket } from '../../../lib/constructs/storage/model-bucket';
import { newStack, PROJECT_ROOT } from '../../helpers/app';

const MODEL_FILE = path.join(PROJECT_ROOT, 'models/iris/repository/iris/1/model.onnx');
const MODEL_FOLDER = path.join(PROJECT_ROOT, 'models/iris/repository');
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

function artifactIn(
  props: Omit<ConstructorParameters<typeof ModelArtifact>[2], 'modelBucket' | 'modelName'>,
) {
  const stack = newStack();
  const modelBucket = new ModelBucket(stack, 'Models');
  const artifact = new ModelArtifact(stack, 'Artifact', { modelName: 'iris', modelBucket, ...props });
  return { stack, artifact };
}

describe('artifact digests', () => {
  test("a file's digest is the SHA-256 of its bytes", () => {
    expect(digestArtifact(MODEL_FILE)).toEqual({
      sha256: sha256(fs.readFileSync(MODEL_FILE)),
      isDirectory: false,
      sizeBytes: fs.statSync(MODEL_FILE).size,
    });
  });

  test("a folder's digest is the SHA-256 of its sha256sum-style manifest", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digest-'));
    fs.mkdirSync(path.join(dir, 'b'));
    fs.writeFileSync(path.join(dir, 'b', 'weights.bin'), 'w');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
    const manifest = `${sha256('a')}  a.txt\n${sha256('w')}  b/weights.bin\n`;
    expect(digestArtifact(dir)).toEqual({ sha256: sha256(manifest), isDirectory: true, sizeBytes: 2 });
  });
});

describe('ModelArtifact from a local file', () => {
  const { stack, artifact } = artifactIn({ localPath: MODEL_FILE });
  const digest = sha256(fs.readFileSync(MODEL_FILE));
  const template = Template.fromStack(stack);

  test('lives under an immutable, content-addressed key', () => {
    expect(artifact.sha256).toBe(digest);
    expect(artifact.objectKey).toBe(`iris/${digest}/model.onnx`);
    expect(artifact.isDirectory).toBe(false);
    expect(stack.resolve(artifact.s3Uri)).toEqual({
      'Fn::Join': [
        '',
        ['s3://', { Ref: expect.stringMatching(/^ModelsBucket/) }, `/iris/${digest}/model.onnx`],
      ],
    });
  });

  test('is published during deploy without pruning or deleting anything', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketKeyPrefix: `iris/${digest}/`,
      Prune: false,
      RetainOnDelete: true,
    });
  });

  test('is staged for upload in one folder per content, which later synths reuse instead of copying again', () => {
    const staged = path.join(os.tmpdir(), 'ml-deploy-staged-models', `${digest}-model.onnx`);
    expect(fs.readdirSync(staged)).toEqual(['model.onnx']);
    const before = fs.statSync(path.join(staged, 'model.onnx')).mtimeMs;
    artifactIn({ localPath: MODEL_FILE });
    expect(fs.statSync(path.join(staged, 'model.onnx')).mtimeMs).toBe(before);
    expect(fs.readFileSync(path.join(staged, 'model.onnx'))).toEqual(fs.readFileSync(MODEL_FILE));
    expect(fs.readdirSync(path.dirname(staged)).filter((name) => name.startsWith(`${digest}.`))).toEqual([]);
  });

  test('grants read on its own version only', () => {
    const { stack, artifact } = artifactIn({ localPath: MODEL_FILE });
    const role = new iam.Role(stack, 'Host', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    artifact.grantRead(role);
    const bucketArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^ModelsBucket'), 'Arn'] };
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Host') }],
      PolicyDocument: {
        Statement: [
          {
            Action: ['s3:GetObject', 's3:GetObjectVersion'],
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', [bucketArn, `/iris/${digest}/*`]] },
          },
          {
            Action: 's3:ListBucket',
            Condition: { StringLike: { 's3:prefix': [`iris/${digest}/*`] } },
            Effect: 'Allow',
            Resource: bucketArn,
          },
          {
            Action: 'kms:Decrypt',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ModelsKey'), 'Arn'] },
          },
        ],
      },
    });
  });
});

describe('ModelArtifact from a local folder', () => {
  test('publishes the whole folder under the digest of its manifest', () => {
    const { stack, artifact } = artifactIn({ localPath: MODEL_FOLDER });
    const digest = digestArtifact(MODEL_FOLDER).sha256;
    expect(artifact.isDirectory).toBe(true);
    expect(artifact.objectKey).toBe(`iris/${digest}/`);
    Template.fromStack(stack).hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketKeyPrefix: `iris/${digest}/`,
    });
  });
});

describe('publishing a local artifact', () => {
  /** A stack with the model bucket and two artifacts of different models, as a model stack with a baseline has. */
  function twoArtifacts() {
    const stack = newStack();
    const modelBucket = new ModelBucket(stack, 'Models');
    const model = new ModelArtifact(stack, 'Model', {
      modelName: 'iris',
      modelBucket,
      localPath: MODEL_FILE,
    });
    const baseline = new ModelArtifact(stack, 'Baseline', {
      modelName: 'churn',
      modelBucket,
      localPath: MODEL_FOLDER,
    });
    return { stack, model, baseline, template: Template.fromStack(stack) };
  }
  const bucketArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^ModelsBucket'), 'Arn'] };
  const keyArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^ModelsKey'), 'Arn'] };
  const publisherRole = { Ref: Match.stringLikeRegexp('^ArtifactPublisherRole') };
  /** The zip each upload reads, from the custom resource's properties. */
  const sourceObjectKey = (template: Template, prefix: string) => {
    const [upload] = Object.values(
      template.findResources('Custom::CDKBucketDeployment', {
        Properties: { DestinationBucketKeyPrefix: prefix },
      }),
    );
    return (upload.Properties.SourceObjectKeys as string[])[0];
  };
  const listPrefix = (prefix: string) => ({
    Action: 's3:ListBucket',
    Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } },
    Effect: 'Allow',
    Resource: bucketArn,
  });

  test("runs every upload of the stack as one role that may read each staged asset and write each artifact's prefix", () => {
    const { model, baseline, template } = twoArtifacts();
    const modelPrefix = `iris/${model.sha256}/`;
    const baselinePrefix = `churn/${baseline.sha256}/`;
    const assets = [sourceObjectKey(template, modelPrefix), sourceObjectKey(template, baselinePrefix)];
    template.resourcePropertiesCountIs('AWS::IAM::Policy', { Roles: [publisherRole] }, 1);
    // As aws-cdk-lib writes it with minimizePolicies: statements that differ only in resources merge.
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [publisherRole],
      PolicyDocument: {
        Statement: Match.arrayEquals([
          {
            Action: 's3:GetObject',
            Effect: 'Allow',
            Resource: assets
              .sort()
              .map((key) => `arn:aws:s3:::cdk-hnb659fds-assets-111111111111-eu-west-1/${key}`),
          },
          listPrefix(modelPrefix),
          {
            Action: ['s3:AbortMultipartUpload', 's3:PutObject'],
            Effect: 'Allow',
            Resource: [
              { 'Fn::Join': ['', [bucketArn, `/${baselinePrefix}*`]] },
              { 'Fn::Join': ['', [bucketArn, `/${modelPrefix}*`]] },
            ],
          },
          { Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Effect: 'Allow', Resource: keyArn },
          listPrefix(baselinePrefix),
        ]),
      },
    });
  });

  test('never lets the upload delete, and grants it nothing through the bucket or key policy', () => {
    const { template } = twoArtifacts();
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      expect(JSON.stringify(policy)).not.toMatch(
        /"s3:Delete|"s3:\*"|"s3:Abort\*"|"s3:PutObject\*"|"s3:List\*"|"kms:\*"|"kms:GenerateDataKey\*"/,
      );
    }
    for (const type of ['AWS::S3::BucketPolicy', 'AWS::KMS::Key']) {
      for (const resource of Object.values(template.findResources(type))) {
        expect(JSON.stringify(resource)).not.toMatch(/ArtifactPublisher|CDKBucketDeployment/);
      }
    }
  });

  test('the upload function runs as that role, with the AWS managed logging policy only', () => {
    const { template } = twoArtifacts();
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ArtifactPublisherRole'), 'Arn'] } },
    });
    expect(Object.keys(functions)).toEqual([expect.stringMatching(/^CustomCDKBucketDeployment/)]);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: [
        {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
          ],
        },
      ],
    });
  });
});

describe('ModelArtifact from S3', () => {
  const s3Uri = 's3://team-models/churn/v3/model.tar.gz';

  test('is used as is, with nothing published', () => {
    const { stack, artifact } = artifactIn({ s3Uri, sha256: 'f'.repeat(64) });
    expect(artifact.s3Uri).toBe(s3Uri);
    expect(artifact.bucketName).toBe('team-models');
    expect(artifact.objectKey).toBe('churn/v3/model.tar.gz');
    expect(artifact.sha256).toBe('f'.repeat(64));
    Template.fromStack(stack).resourceCountIs('Custom::CDKBucketDeployment', 0);
  });

  test('grants read on that object only', () => {
    const { stack, artifact } = artifactIn({ s3Uri });
    const role = new iam.Role(stack, 'Host', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
    });
    artifact.grantRead(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Host') }],
      PolicyDocument: {
        Statement: [
          {
            Action: ['s3:GetObject', 's3:GetObjectVersion'],
            Effect: 'Allow',
            Resource: 'arn:aws:s3:::team-models/churn/v3/model.tar.gz',
          },
        ],
      },
    });
  });

  test('rejects a URI that is not s3://bucket/key', () => {
    expect(() => artifactIn({ s3Uri: 's3://bucket-only' })).toThrow(
      'Invalid S3 URI "s3://bucket-only": expected s3://bucket/key',
    );
  });
});

describe('ModelArtifact.fromS3Uri', () => {
  const readerIn = (s3Uri: string) => {
    const stack = newStack();
    const artifact = ModelArtifact.fromS3Uri(stack, 'Archived', s3Uri, {
      sha256: 'e'.repeat(64),
      sizeBytes: 42,
    });
    const role = new iam.Role(stack, 'Host', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const grant = artifact.grantRead(role);
    return { stack, artifact, grant };
  };

  test('needs no model bucket and keeps what it is told', () => {
    const { stack, artifact } = readerIn('s3://models-archive/iris/v1/model.onnx');
    expect(artifact).toMatchObject({
      s3Uri: 's3://models-archive/iris/v1/model.onnx',
      isDirectory: false,
      sha256: 'e'.repeat(64),
      sizeBytes: 42,
    });
    expect(artifact.publication).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::S3::Bucket', 0);
  });

  test.each([
    ['a file', 's3://models-archive/iris/v1/model.onnx', 'arn:aws:s3:::models-archive/iris/v1/model.onnx'],
    ['a folder', 's3://models-archive/iris/v1/', 'arn:aws:s3:::models-archive/iris/v1/*'],
  ])('grants read on %s only, in the role’s own policy', (_kind, s3Uri, resource) => {
    const { stack, grant } = readerIn(s3Uri);
    expect(grant.principalStatements).toHaveLength(1);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{ Action: ['s3:GetObject', 's3:GetObjectVersion'], Effect: 'Allow', Resource: resource }],
      },
    });
  });

  test('rejects a URI that is not s3://bucket/key', () => {
    expect(() => ModelArtifact.fromS3Uri(newStack(), 'Archived', 'https://example.com/model.onnx')).toThrow(
      'Invalid S3 URI "https://example.com/model.onnx": expected s3://bucket/key',
    );
  });
});

test('ModelArtifact needs exactly one of localPath and s3Uri', () => {
  expect(() => artifactIn({})).toThrow('set exactly one of localPath and s3Uri');
  expect(() => artifactIn({ localPath: MODEL_FILE, s3Uri: 's3://b/k' })).toThrow(
    'set exactly one of localPath and s3Uri',
  );
});
