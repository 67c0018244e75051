import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { RollbackThresholds } from '../alarms/rollback-thresholds';
import type { IModelArtifact } from '../storage/artifact-ref';
import type { AsyncInference } from './async-inference';
import type { EndpointAutoScaling } from './autoscaling';
import type { ContainerImage } from './container-image';
import type { DataCapture } from './data-capture';
import type { InstanceVariant, ServerlessVariant } from './endpoint-rules';
import type { ModelPackage } from './model-source';
import type { EndpointRolloutOptions } from './rollout';
import type { ShadowVariant } from './shadow-variant';
import type { WeightedVariant } from './weighted-variants';

/** Props of SageMakerEndpoint (endpoint.ts). */
export interface SageMakerEndpointProps {
  /** Deterministic endpoint name, ≤ 63 characters of letters, digits and hyphens. */
  readonly endpointName: string;
  /** The container to run, with modelData. @default none: set modelPackage instead */
  readonly image?: ContainerImage;
  /** The model data the container downloads, with image (a ModelArtifact fits). @default none: set modelPackage instead */
  readonly modelData?: IModelArtifact;
  /** A Model Registry package that brings its own container and data, instead of image and modelData. @default none */
  readonly modelPackage?: ModelPackage;
  /** Real-time instances. Exactly one of `instance` and `serverless`. @default none */
  readonly instance?: InstanceVariant;
  /** A serverless endpoint. Exactly one of `instance` and `serverless`. @default none */
  readonly serverless?: ServerlessVariant;
  /**
   * Role the model runs as. A given role receives the grants this construct needs, an imported one in a policy of
   * its own; one imported with `mutable: false` must already allow them. @default a new least-privilege role
   */
  readonly role?: iam.IRole;
  /** Environment of the container. @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** Subnets and security groups to run in (instance variants only). @default no VPC */
  readonly vpc?: { readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  /** Block all network access from the container. @default false */
  readonly networkIsolation?: boolean;
  /** Name of the production variant; must stay the same across deploys for guarded rollouts. @default 'AllTraffic' */
  readonly variantName?: string;
  /** Encrypts the instances' ML storage volumes where the instance type allows it. @default AWS managed key */
  readonly volumeEncryptionKey?: kms.IKey;
  /** @default no capture */
  readonly dataCapture?: DataCapture;
  /** How updates replace the running fleet. @default all at once with a 10-minute bake, rolled back on alarm */
  readonly rollout?: EndpointRolloutOptions;
  /** Thresholds of the alarms that roll a deployment back (5XX rate, p99 model latency). @default 1 % and 1 s */
  readonly rollbackAlarms?: RollbackThresholds;
  /**
   * More alarms that roll a deployment back, e.g. `LlmRollbackAlarms`; they need fixed names. With the two built-in
   * ones at most 10 (AutoRollbackConfiguration takes 1–10 alarms). @default none
   */
  readonly additionalRollbackAlarms?: readonly cloudwatch.Alarm[];
  /** @default no autoscaling */
  readonly autoScaling?: EndpointAutoScaling;
  /**
   * Asynchronous inference (instance variants): requests queue, answers go to S3. With autoscaling the endpoint
   * scales on its backlog and may scale to zero. @default a real-time endpoint
   */
  readonly asyncInference?: AsyncInference;
  /** Weight of the first production variant against `additionalVariants`. @default 1 */
  readonly variantWeight?: number;
  /** More production variants, each taking the share of requests its weight gives (A/B tests). @default none */
  readonly additionalVariants?: readonly WeightedVariant[];
  /** A challenger that receives a copy of a share of the traffic and answers nobody. @default no shadow */
  readonly shadow?: ShadowVariant;
  /** Notified when a rollback alarm fires, e.g. the on-call topic. @default none */
  readonly alarmActions?: readonly cloudwatch.IAlarmAction[];
}
