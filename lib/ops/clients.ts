import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';

/** The AWS clients of one region. */
export interface OpsClients {
  readonly cloudFormation: CloudFormationClient;
  readonly sageMaker: SageMakerClient;
  readonly sageMakerRuntime: SageMakerRuntimeClient;
  readonly lambda: LambdaClient;
}

/** Clients for an environment's region; `undefined` means the SDK's default chain (AWS_REGION, profile). */
export type ClientFactory = (region: string | undefined) => OpsClients;

/**
 * Real clients. `maxAttempts: 1` turns the SDK's own retries off: every call goes through
 * withRetry (retry.ts), and two layers of five attempts would make 25.
 */
export const awsClients: ClientFactory = (region) => {
  const config = { region, maxAttempts: 1 };
  return {
    cloudFormation: new CloudFormationClient(config),
    sageMaker: new SageMakerClient(config),
    sageMakerRuntime: new SageMakerRuntimeClient(config),
    lambda: new LambdaClient(config),
  };
};

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
