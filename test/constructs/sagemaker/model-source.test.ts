import { Template } from 'aws-cdk-lib/assertions';
import { ContainerImage, ModelPackage } from '../../../lib/constructs/sagemaker';
import { endpointStack, rejection } from './support';

const PACKAGE: ModelPackage = {
  arn: 'arn:aws:sagemaker:eu-west-1:111111111111:model-package/churn/3',
  image: ContainerImage.fromEcrUri('222222222222.dkr.ecr.eu-west-1.amazonaws.com/churn-serving:2'),
  modelDataUri: 's3://registry-artifacts/churn/3/model.tar.gz',
};

describe('a SageMakerEndpoint serving a Model Registry package', () => {
  const { stack } = endpointStack({ image: undefined, modelData: undefined, modelPackage: PACKAGE });
  const template = Template.fromStack(stack);

  test('runs the package itself: the container names the package and nothing else', () => {
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: { ModelPackageName: PACKAGE.arn },
    });
    const model = Object.values(template.findResources('AWS::SageMaker::Model'))[0];
    expect(model.Properties.PrimaryContainer.Image).toBeUndefined();
    expect(model.Properties.PrimaryContainer.ModelDataSource).toBeUndefined();
  });

  test('lets the execution role read exactly the package’s model data and pull exactly its image', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::registry-artifacts/churn/3/model.tar.gz',
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Resource: 'arn:aws:ecr:eu-west-1:222222222222:repository/churn-serving',
      }),
    );
  });

  test('reads every object under a model data prefix that ends with a slash', () => {
    const prefixed = endpointStack({
      image: undefined,
      modelData: undefined,
      modelPackage: { ...PACKAGE, modelDataUri: 's3://registry-artifacts/churn/3/' },
    });
    const statements = Object.values(
      Template.fromStack(prefixed.stack).findResources('AWS::IAM::Policy'),
    ).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::registry-artifacts/churn/3/*',
      }),
    );
  });

  test.each([
    // A region-agnostic stack learns its partition at deploy time; a known region fixes it at synth.
    [
      'a region-agnostic stack',
      null,
      {
        'Fn::Join': [
          '',
          ['arn:', { Ref: 'AWS::Partition' }, ':s3:::registry-artifacts/churn/3/model.tar.gz'],
        ],
      },
    ],
    ['a China region', 'cn-north-1', 'arn:aws-cn:s3:::registry-artifacts/churn/3/model.tar.gz'],
  ])('grants the model data in the partition of %s', (_where, region, resource) => {
    const image = ContainerImage.fromEcrUri(
      '222222222222.dkr.ecr.cn-north-1.amazonaws.com.cn/churn-serving:2',
    );
    const { stack } = endpointStack(
      { image: undefined, modelData: undefined, modelPackage: { ...PACKAGE, image } },
      region,
    );
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: 's3:GetObject', Resource: resource }),
    );
  });

  test('refuses a package together with an image or model data', () => {
    expect(rejection({ modelPackage: PACKAGE })).toContain(
      'set either modelPackage, or image with modelData, not both: a model package brings its own',
    );
  });

  test('refuses an endpoint with neither a package nor an image and model data', () => {
    expect(rejection({ image: undefined })).toContain('set image and modelData, or modelPackage');
  });
});
