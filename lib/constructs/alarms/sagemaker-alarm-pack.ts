import { Annotations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { SageMakerEndpoint } from '../sagemaker/endpoint';
import { AlarmPack, AlarmPackOptions } from './alarm-pack';
import { SageMakerAlarmTunings } from './catalog';
import { sageMakerAlarmSpecs, SageMakerVariantFacts } from './sagemaker-alarm-specs';

export interface SageMakerAlarmPackProps extends SageMakerVariantFacts, AlarmPackOptions {
  /** Thresholds, severities and opt-ins per alarm. @default the catalog's defaults */
  readonly tunings?: SageMakerAlarmTunings;
  /**
   * The endpoint's own rollback alarms (5XX rate, p99 latency), taken into the pack as they are. Without
   * them the pack creates the same two alarms as plain critical alarms. @default none
   */
  readonly rollbackAlarms?: { readonly errorRate: cloudwatch.Alarm; readonly p99Latency: cloudwatch.Alarm };
  /** More alarms the endpoint rolls back on (e.g. LLM signals), taken in as critical rollback alarms. @default none */
  readonly additionalRollbackAlarms?: readonly cloudwatch.Alarm[];
}

/**
 * Every alarm a SageMaker endpoint variant needs to be on call: error rates, latency, utilization
 * (normalised by the instance type's vCPUs and GPUs), serverless cold starts, traffic falling to zero
 * (opt-in) and autoscaling stuck at its maximum. See the catalog for thresholds and severities.
 */
export class SageMakerAlarmPack extends AlarmPack {
  /** The pack of an endpoint built by SageMakerEndpoint, with its rollback alarms. */
  static ofEndpoint(
    scope: Construct,
    id: string,
    endpoint: SageMakerEndpoint,
    options: AlarmPackOptions & { readonly tunings?: SageMakerAlarmTunings } = {},
  ): SageMakerAlarmPack {
    return new SageMakerAlarmPack(scope, id, {
      ...options,
      endpointName: endpoint.endpointName,
      variantName: endpoint.variantName,
      serverless: endpoint.serverless,
      instanceType: endpoint.instanceType,
      maxInstances: endpoint.maxInstances,
      asynchronous: endpoint.asyncInference && (endpoint.asyncInference.alarms ?? {}),
      rollbackAlarms: endpoint.rollbackAlarms,
      additionalRollbackAlarms: endpoint.additionalRollbackAlarms,
    });
  }

  constructor(scope: Construct, id: string, props: SageMakerAlarmPackProps) {
    super(scope, id, props);
    if (props.rollbackAlarms) {
      this.adopt(props.rollbackAlarms.errorRate, 'critical', true);
      this.adopt(props.rollbackAlarms.p99Latency, 'critical', true);
    }
    for (const alarm of props.additionalRollbackAlarms ?? []) this.adopt(alarm, 'critical', true);
    const { specs, notes } = sageMakerAlarmSpecs(
      props,
      props.tunings,
      props.rollbackAlarms ? ['serverErrorRate', 'latencyP99'] : [],
    );
    this.addSpecs(specs);
    this.addCustomAlarms();
    for (const note of notes) Annotations.of(this).addWarningV2('@mldeploy/alarms:unknownInstanceType', note);
  }
}
