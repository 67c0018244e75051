import { AspectPriority, Aspects } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { EncryptLogGroups } from '../../../lib/constructs/private/log-encryption';
import { newStack } from '../../helpers/app';

test('encrypts every log group without a key with one log key per stack, and leaves a given key alone', () => {
  const stack = newStack();
  new logs.LogGroup(stack, 'First');
  new logs.LogGroup(stack, 'Second');
  const own = new kms.Key(stack, 'Own');
  new logs.LogGroup(stack, 'Keyed', { encryptionKey: own });
  Aspects.of(stack).add(new EncryptLogGroups(), { priority: AspectPriority.MUTATING });

  const template = Template.fromStack(stack);
  const keys = Object.keys(template.findResources('AWS::KMS::Key'));
  expect(keys).toHaveLength(2);
  const logKey = keys.find((id) => id.startsWith('LogKey'))!;
  const keyOf = (id: string) =>
    Object.entries(template.findResources('AWS::Logs::LogGroup')).find(([logicalId]) =>
      logicalId.startsWith(id),
    )![1].Properties.KmsKeyId;
  expect(keyOf('First')).toEqual({ 'Fn::GetAtt': [logKey, 'Arn'] });
  expect(keyOf('Second')).toEqual({ 'Fn::GetAtt': [logKey, 'Arn'] });
  expect(keyOf('Keyed')).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Own/), 'Arn'] });
  template.hasResource('AWS::KMS::Key', {
    DeletionPolicy: 'Retain',
    Properties: { EnableKeyRotation: true },
  });
});

test('a stack without log groups gets no log key', () => {
  const stack = newStack();
  new kms.Key(stack, 'Other');
  Aspects.of(stack).add(new EncryptLogGroups(), { priority: AspectPriority.MUTATING });
  Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 1);
});
