import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ConstructValidationError } from '../errors/validation';
import type { SageMakerEndpoint } from './endpoint';

/**
 * AutoRollbackConfiguration takes at most 10 alarms ("AutoRollbackConfig", Amazon SageMaker API Reference,
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoRollbackConfig.html).
 */
export const MAX_ROLLBACK_ALARMS = 10;

/**
 * Makes a deployment of the endpoint roll back on more alarms than its first variant's, e.g. the 5XX-rate and latency
 * alarms of its other production variants: a blue/green deployment replaces every variant's fleet at once, so a bad
 * candidate variant must stop it as the first one would ("Auto-Rollback Configuration and Monitoring",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-configuration.html). SageMaker reads their
 * state with the execution role. Does nothing when the endpoint has no rollback alarms (serverless, or
 * autoRollback off).
 */
export function addRollbackAlarms(endpoint: SageMakerEndpoint, alarms: readonly cloudwatch.Alarm[]): void {
  const builtIn = endpoint.rollbackAlarms?.alarms;
  if (!builtIn || alarms.length === 0) return;
  // The endpoint's own list: its built-in alarms and the ones it was given (additionalRollbackAlarms).
  const all = [...builtIn, ...endpoint.additionalRollbackAlarms, ...alarms];
  if (all.length > MAX_ROLLBACK_ALARMS) {
    throw new ConstructValidationError(
      `SageMakerEndpoint ${endpoint.node.path}: ${all.length} rollback alarms, but a deployment watches at most ${MAX_ROLLBACK_ALARMS} (2 per production variant, plus any additionalRollbackAlarms: at most 4 additional variants with autoRollback)`,
      endpoint,
    );
  }
  endpoint.endpoint.addPropertyOverride(
    'DeploymentConfig.AutoRollbackConfiguration.Alarms',
    all.map((alarm) => ({ AlarmName: alarm.alarmName })),
  );
  endpoint.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['cloudwatch:DescribeAlarms'],
      resources: alarms.map((alarm) => alarm.alarmArn),
    }),
  );
  for (const alarm of alarms) endpoint.endpoint.node.addDependency(alarm);
}
