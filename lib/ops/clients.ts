import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ECRClient } from '@aws-sdk/client-ecr';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { PricingClient } from '@aws-sdk/client-pricing';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';

/** The AWS clients of one region. */
export interface OpsClients {
  readonly cloudFormation: CloudFormationClient;
  readonly sageMaker: SageMakerClient;
  readonly sageMakerRuntime: SageMakerRuntimeClient;
  readonly lambda: LambdaClient;
  // Read-only clients of `mldeploy preflight`.
  readonly sts: STSClient;
  readonly ssm: SSMClient;
  readonly serviceQuotas: ServiceQuotasClient;
  readonly ecr: ECRClient;
  readonly iam: IAMClient;
  readonly s3: S3Client;
  /** The Price List API of `mldeploy cost --live`; only its us-east-1 clients are used. */
  readonly pricing: PricingClient;
}

/** Clients for an environment's region; `undefined` means the SDK's default chain (AWS_REGION, profile). */
export type ClientFactory = (region: string | undefined) => OpsClients;

/** Every client of the CLI, built with one client configuration (region, credentials, retries, endpoint). */
export function clientsWith(config: {
  readonly region: string | undefined;
  readonly maxAttempts?: number;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}): OpsClients {
  return {
    cloudFormation: new CloudFormationClient(config),
    sageMaker: new SageMakerClient(config),
    sageMakerRuntime: new SageMakerRuntimeClient(config),
    lambda: new LambdaClient(config),
    sts: new STSClient(config),
    ssm: new SSMClient(config),
    serviceQuotas: new ServiceQuotasClient(config),
    ecr: new ECRClient(config),
    iam: new IAMClient(config),
    // An artifact's bucket may be in another region than the environment.
    s3: new S3Client({ ...config, followRegionRedirects: true }),
    pricing: new PricingClient(config),
  };
}

/**
 * Real clients. `maxAttempts: 1` turns the SDK's own retries off: every call goes through
 * withRetry (retry.ts), and two layers of five attempts would make 25.
 */
export const awsClients: ClientFactory = (region) => clientsWith({ region, maxAttempts: 1 });

/** One set of clients per region for the life of a command; `destroyAll` closes their connections. */
export function cachedClients(factory: ClientFactory): { get: ClientFactory; destroyAll(): void } {
  const byRegion = new Map<string | undefined, OpsClients>();
  return {
    get: (region) => {
      let clients = byRegion.get(region);
      if (!clients) {
        clients = factory(region);
        byRegion.set(region, clients);
      }
      return clients;
    },
    destroyAll: () => {
      for (const clients of byRegion.values()) {
        for (const client of Object.values(clients)) client.destroy();
      }
      byRegion.clear();
    },
  };
}
