import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { reconcile, restoreTypes, type Clients, type ScalingGuardProperties } from './reconcile';

const clients: Clients = {
  sagemaker: new SageMakerClient({}),
  scaling: new ApplicationAutoScalingClient({}),
};

/**
 * CloudFormation custom resource `Custom::EndpointScalingGuard`. Creation and deletion change
 * nothing (the native scaling resources register on create and deregister on delete); updates
 * reconcile the variant's registration with the instance type the endpoint runs.
 */
export async function handler(
  event: CloudFormationCustomResourceEvent,
  deps: Clients = clients,
): Promise<void> {
  const properties = restoreTypes(event.ResourceProperties as unknown as ScalingGuardProperties);
  const physicalResourceId =
    event.RequestType === 'Create'
      ? `${properties.EndpointName}/${properties.VariantName}/scaling-guard`
      : event.PhysicalResourceId;
  try {
    const outcome = event.RequestType === 'Update' ? await reconcile(properties, deps) : 'unchanged';
    console.log(
      JSON.stringify({ requestType: event.RequestType, endpoint: properties.EndpointName, outcome }),
    );
    await respond(event, {
      Status: 'SUCCESS',
      PhysicalResourceId: physicalResourceId,
      Data: { Outcome: outcome },
    });
  } catch (error) {
    console.error(
      JSON.stringify({
        requestType: event.RequestType,
        endpoint: properties.EndpointName,
        error: String(error),
      }),
    );
    await respond(event, {
      Status: 'FAILED',
      Reason: `Scaling guard for ${properties.EndpointName}: ${(error as Error).message}`.slice(0, 1000),
      PhysicalResourceId: physicalResourceId,
    });
  }
}

async function respond(
  event: CloudFormationCustomResourceEvent,
  result: {
    Status: 'SUCCESS' | 'FAILED';
    PhysicalResourceId: string;
    Reason?: string;
    Data?: Record<string, string>;
  },
): Promise<void> {
  const body = JSON.stringify({
    ...result,
    Reason: result.Reason ?? 'See the function log',
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  const response = await fetch(event.ResponseURL, {
    method: 'PUT',
    body,
    headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(body)) },
  });
  if (!response.ok) throw new Error(`CloudFormation response rejected: HTTP ${response.status}`);
}
