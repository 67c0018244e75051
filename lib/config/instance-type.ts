import { closestMatches } from './closest-matches';
import {
  SAGEMAKER_ENDPOINT_INSTANCE_TYPES,
  SAGEMAKER_PROCESSING_INSTANCE_TYPES,
} from './sagemaker-instance-types';

/**
 * SageMaker instance types checked against the service's own lists (generated from the SDK's enums by
 * `npm run instance-types`): SageMaker rejects any other type when it creates the endpoint config or
 * the monitoring job. Amazon SageMaker API Reference, "ProductionVariant" (InstanceType)
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html and
 * "MonitoringClusterConfig" (InstanceType)
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_MonitoringClusterConfig.html
 */

export function endpointInstanceTypeProblem(type: string): string | undefined {
  return instanceTypeProblem(type, SAGEMAKER_ENDPOINT_INSTANCE_TYPES, 'endpoints');
}

export function processingInstanceTypeProblem(type: string): string | undefined {
  return instanceTypeProblem(
    type,
    SAGEMAKER_PROCESSING_INSTANCE_TYPES,
    'processing jobs such as Model Monitor',
  );
}

function instanceTypeProblem(type: string, known: readonly string[], usedFor: string): string | undefined {
  if (known.includes(type)) return undefined;
  const close = closestMatches(type, known);
  if (close.length > 0)
    return `is not a SageMaker instance type for ${usedFor}; did you mean ${close.join(' or ')}?`;
  // No close spelling: list the family's sizes when the family exists, else say what a type looks like.
  const family = /^ml\.([^.]+)\./.exec(type)?.[1];
  const sizes = known.filter((candidate) => candidate.startsWith(`ml.${family}.`));
  return sizes.length > 0
    ? `is not a SageMaker instance type for ${usedFor}; the ${family} family has ${sizes.join(', ')}`
    : `is not a SageMaker instance type for ${usedFor}: types look like ml.<family>.<size>, e.g. ml.m5.large`;
}
