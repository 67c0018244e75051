import { CfnResolver, CfnTemplate, StackTemplate } from './cfn-resolver';
import { SAMPLE_ENVIRONMENT } from './physical-names';

const platform: StackTemplate = {
  stackName: 'shop-prod-platform',
  path: 'prod/platform',
  template: {
    Resources: {
      Bucket: { Type: 'AWS::S3::Bucket' },
      NamedBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'shop-models' } },
      Key: { Type: 'AWS::KMS::Key' },
      Topic: { Type: 'AWS::SNS::Topic' },
    },
    Outputs: {
      BucketArn: { Value: { 'Fn::GetAtt': ['Bucket', 'Arn'] } },
      TopicArn: { Value: { Ref: 'Topic' }, Export: { Name: 'shop-topic' } },
    },
    Mappings: { Registries: { 'eu-west-1': { account: '763104351884' } } },
  },
};
const model: StackTemplate = {
  stackName: 'shop-prod-model',
  path: 'prod/model',
  template: {
    Resources: {
      Role: { Type: 'AWS::IAM::Role' },
      Function: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'shop-infer' } },
      Version: { Type: 'AWS::Lambda::Version', Properties: { FunctionName: { Ref: 'Function' } } },
      Alias: { Type: 'AWS::Lambda::Alias', Properties: { FunctionName: { Ref: 'Function' }, Name: 'live' } },
      Alarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'shop-infer-prod-errors' } },
      Queue: { Type: 'AWS::SQS::Queue' },
    },
  } as CfnTemplate,
};
const resolver = new CfnResolver([platform, model], SAMPLE_ENVIRONMENT);
const resolve = (value: unknown, stack = model) => resolver.resolve(stack, value);

test('resolves the pseudo parameters to the sample account and region', () => {
  expect(
    resolve({
      'Fn::Join': [
        ':',
        [
          { Ref: 'AWS::Partition' },
          { Ref: 'AWS::Region' },
          { Ref: 'AWS::AccountId' },
          { Ref: 'AWS::URLSuffix' },
          { Ref: 'AWS::StackName' },
        ],
      ],
    }),
  ).toBe('aws:eu-west-1:111111111111:amazonaws.com:shop-prod-model');
});

test('resolves the pseudo parameters and generated ARNs of a pinned stack to its own account and region', () => {
  const pinned: StackTemplate = {
    stackName: 'shop-staging-platform',
    path: 'staging/platform',
    account: '222222222222',
    region: 'us-east-1',
    template: {
      Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'shop-staging-verify' } } },
    },
  };
  const withPinned = new CfnResolver([platform, pinned], SAMPLE_ENVIRONMENT);
  expect(
    withPinned.resolve(pinned, { 'Fn::Join': [':', [{ Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }]] }),
  ).toBe('us-east-1:222222222222');
  expect(withPinned.resolve(pinned, { 'Fn::GetAtt': ['Role', 'Arn'] })).toBe(
    'arn:aws:iam::222222222222:role/shop-staging-verify',
  );
  // An environment-agnostic stack of the same app stays in the sample account.
  expect(withPinned.resolve(platform, { Ref: 'AWS::AccountId' })).toBe('111111111111');
});

test('generates the names CloudFormation would, the same on every run, within the service limits', () => {
  const bucket = resolve({ Ref: 'Bucket' }, platform) as string;
  expect(bucket).toMatch(/^shop-prod-platform-bucket-[0-9a-f]{12}$/);
  expect(bucket.length).toBeLessThanOrEqual(63);
  expect(resolve({ Ref: 'Bucket' }, platform)).toBe(bucket);
  expect(resolve({ Ref: 'Role' })).toMatch(/^shop-prod-model-Role-[0-9A-F]{12}$/);
});

test('uses the name the template gives', () => {
  expect(resolve({ 'Fn::GetAtt': ['NamedBucket', 'Arn'] }, platform)).toBe('arn:aws:s3:::shop-models');
  expect(resolve({ 'Fn::GetAtt': ['Alarm', 'Arn'] })).toBe(
    'arn:aws:cloudwatch:eu-west-1:111111111111:alarm:shop-infer-prod-errors',
  );
});

test('returns what Ref and Fn::GetAtt return for each type: names, ARNs, key ids, versions', () => {
  expect(resolve({ Ref: 'Topic' }, platform)).toMatch(
    /^arn:aws:sns:eu-west-1:111111111111:shop-prod-platform-Topic-/,
  );
  expect(resolve({ Ref: 'Key' }, platform)).toMatch(
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  expect(resolve({ 'Fn::GetAtt': ['Key', 'Arn'] }, platform)).toBe(
    `arn:aws:kms:eu-west-1:111111111111:key/${resolve({ Ref: 'Key' }, platform)}`,
  );
  expect(resolve({ Ref: 'Version' })).toBe('arn:aws:lambda:eu-west-1:111111111111:function:shop-infer:1');
  expect(resolve({ 'Fn::GetAtt': ['Version', 'Version'] })).toBe('1');
  expect(resolve({ Ref: 'Alias' })).toBe('arn:aws:lambda:eu-west-1:111111111111:function:shop-infer:live');
});

test('resolves Fn::Sub in both forms, with references, attributes and literals', () => {
  expect(resolve({ 'Fn::Sub': 'cdk-assets-${AWS::AccountId}-${AWS::Region}' })).toBe(
    'cdk-assets-111111111111-eu-west-1',
  );
  expect(resolve({ 'Fn::Sub': '${Function.Arn}/${!Literal}' })).toBe(
    'arn:aws:lambda:eu-west-1:111111111111:function:shop-infer/${Literal}',
  );
  expect(resolve({ 'Fn::Sub': ['${Name}-${AWS::Region}', { Name: { Ref: 'Function' } }] })).toBe(
    'shop-infer-eu-west-1',
  );
});

test('resolves Fn::Select, Fn::Split and Fn::FindInMap', () => {
  expect(resolve({ 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] })).toBe('b');
  expect(resolve({ 'Fn::FindInMap': ['Registries', { Ref: 'AWS::Region' }, 'account'] }, platform)).toBe(
    '763104351884',
  );
});

test('follows references to other stacks: Fn::GetStackOutput and Fn::ImportValue', () => {
  expect(
    resolve({
      'Fn::GetStackOutput': {
        StackName: 'shop-prod-platform',
        Region: { Ref: 'AWS::Region' },
        OutputName: 'BucketArn',
      },
    }),
  ).toBe(`arn:aws:s3:::${resolve({ Ref: 'Bucket' }, platform)}`);
  expect(resolve({ 'Fn::ImportValue': 'shop-topic' })).toBe(resolve({ Ref: 'Topic' }, platform));
});

test('drops AWS::NoValue from lists and objects', () => {
  expect(resolve({ List: ['a', { Ref: 'AWS::NoValue' }], Gone: { Ref: 'AWS::NoValue' } })).toEqual({
    List: ['a'],
  });
});

test('fails loudly on what it cannot resolve rather than guessing', () => {
  expect(() => resolve({ 'Fn::GetAtt': ['Queue', 'Arn'] })).toThrow(
    'shop-prod-model/Queue: no physical-name rule for AWS::SQS::Queue',
  );
  expect(() => resolve({ 'Fn::If': ['Condition', 'a', 'b'] })).toThrow(
    'Fn::If is not supported by the access-table resolver',
  );
  expect(() => resolve({ 'Fn::GetStackOutput': { StackName: 'missing', OutputName: 'X' } })).toThrow(
    'no stack named missing',
  );
});
