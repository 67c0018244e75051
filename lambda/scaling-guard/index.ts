import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { applyPolicies } from './policies';
import {
  restoreTypes,
  type Clients,
  type ScalingGuardProperties,
  type ScalingPoliciesProperties,
} from './properties';
import { reconcile } from './reconcile';

const clients: Clients = {
  sagemaker: new SageMakerClient({}),
  scaling: new ApplicationAutoScalingClient({}),
  cloudformation: new CloudFormationClient({}),
};

/** The resource types this function serves; the construct declares the same (a test holds them together). */
export const GUARD_TYPE = 'Custom::EndpointScalingGuard';
export const POLICIES_TYPE = 'Custom::EndpointScalingPolicies';

/**
 * CloudFormation custom resources `Custom::EndpointScalingGuard` and
 * `Custom::EndpointScalingPolicies`.
 *
 * A guard changes nothing on delete (the native scalable target deregisters on delete); on create
 * and update it reconciles the variant's registration with the instance type the endpoint runs.
 * The policies resource puts the variant's target-tracking policies and deletes them with itself.
 */
export async function handler(
  event: CloudFormationCustomResourceEvent,
  deps: Clients = clients,
): Promise<void> {
  const subject = subjectOf(event);
  const physicalResourceId =
    event.RequestType === 'Create' ? subject.physicalResourceId : event.PhysicalResourceId;
  try {
    const outcome = await run(event, deps);
    console.log(JSON.stringify({ requestType: event.RequestType, resource: physicalResourceId, outcome }));
    await respond(event, {
      Status: 'SUCCESS',
      PhysicalResourceId: physicalResourceId,
      Data: { Outcome: outcome },
    });
  } catch (error) {
    console.error(
      JSON.stringify({
        requestType: event.RequestType,
        resource: physicalResourceId,
        error: String(error),
      }),
    );
    await respond(event, {
      Status: 'FAILED',
      Reason: `${subject.label}: ${(error as Error).message}`.slice(0, 1000),
      PhysicalResourceId: physicalResourceId,
    });
  }
}

async function run(event: CloudFormationCustomResourceEvent, deps: Clients): Promise<string> {
  if (event.ResourceType === POLICIES_TYPE) {
    const old = event.RequestType === 'Update' ? event.OldResourceProperties : undefined;
    return applyPolicies(
      event.RequestType,
      restoreTypes(event.ResourceProperties as unknown as ScalingPoliciesProperties),
      old && restoreTypes(old as unknown as ScalingPoliciesProperties),
      deps.scaling,
    );
  }
  if (event.RequestType === 'Delete') return 'unchanged';
  return reconcile(
    restoreTypes(event.ResourceProperties as unknown as ScalingGuardProperties),
    deps,
    event.StackId,
  );
}

/** A stable physical id and a label for failure reasons, from the properties of either resource type. */
function subjectOf(event: CloudFormationCustomResourceEvent) {
  const properties = event.ResourceProperties as unknown as Partial<ScalingGuardProperties> &
    Partial<ScalingPoliciesProperties>;
  const resourceId = properties.ScalableTargetId?.ResourceId ?? event.LogicalResourceId;
  return event.ResourceType === POLICIES_TYPE
    ? { physicalResourceId: `${resourceId}/scaling-policies`, label: `Scaling policies of ${resourceId}` }
    : {
        physicalResourceId: `${properties.EndpointName}/${properties.VariantName}/scaling-guard`,
        label: `Scaling guard for ${properties.EndpointName}`,
      };
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
