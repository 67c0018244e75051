import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import { requireRoleGrants } from '../private/role-policies';
import { IModelArtifact } from '../storage/artifact-ref';
import { ContainerImage } from './container-image';
import { bindModelSource } from './model-source';

/** What a second model of the endpoint (a shadow's, an additional variant's) runs and where. */
export interface VariantModelProps {
  readonly role: iam.IRole;
  readonly image: ContainerImage;
  readonly modelData: IModelArtifact;
  readonly environment?: Readonly<Record<string, string>>;
  readonly networkIsolation?: boolean;
  readonly vpc?: { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
}

/**
 * A generated AWS::SageMaker::Model for another variant of the endpoint, run by the endpoint's role (granted what the
 * model reads), in the endpoint's VPC and network isolation; created once the role's grants and the data exist.
 */
export function addVariantModel(scope: Construct, props: VariantModelProps): sagemaker.CfnModel {
  const source = bindModelSource(scope, {
    image: props.image,
    modelData: props.modelData,
    environment: props.environment,
  });
  requireRoleGrants('SageMakerEndpoint', scope, props.role, [source.grant(props.role)]);
  const model = new sagemaker.CfnModel(scope, 'Model', {
    executionRoleArn: props.role.roleArn,
    enableNetworkIsolation: props.networkIsolation ?? false,
    vpcConfig: props.vpc && {
      subnets: [...props.vpc.subnetIds],
      securityGroupIds: [...props.vpc.securityGroupIds],
    },
    primaryContainer: source.container,
  });
  model.node.addDependency(props.role);
  if (source.publication) model.node.addDependency(source.publication);
  return model;
}
