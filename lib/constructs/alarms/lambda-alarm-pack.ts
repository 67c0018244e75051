import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { LambdaInference } from '../lambda/inference';
import { AlarmPack, AlarmPackOptions } from './alarm-pack';
import { captureAlarmSpecs, CaptureDelivery } from './capture-alarm-specs';
import { LambdaAlarmTunings } from './catalog';
import { lambdaAlarmSpecs, LambdaModelFacts } from './lambda-alarm-specs';

export interface LambdaAlarmPackProps extends LambdaModelFacts, AlarmPackOptions {
  /** Thresholds, severities and opt-ins per alarm. @default the catalog's defaults */
  readonly tunings?: LambdaAlarmTunings;
  /**
   * The rollout's own rollback alarms (error rate, p99 duration, internal errors), taken into the pack as
   * they are. Without them the pack creates the same three alarms as plain critical alarms. @default none
   */
  readonly rollbackAlarms?: {
    readonly errorRate: cloudwatch.Alarm;
    readonly p99Latency: cloudwatch.Alarm;
    readonly internalErrors: cloudwatch.Alarm;
  };
  /** Where the model's capture records travel, for the capture alarms. @default no capture, no capture alarms */
  readonly capture?: CaptureDelivery;
}

/**
 * Every alarm a model served from Lambda needs to be on call: error rate, p99 duration against the timeout,
 * the handler's internal errors and invalid-request rate, throttles, provisioned-concurrency spillover,
 * concurrency near the reserved limit, model load time and, with capture, each leg of the capture. See the catalog for thresholds and severities.
 */
export class LambdaAlarmPack extends AlarmPack {
  /** The pack of a LambdaInference, with the rollback alarms its deployment group watches. */
  static ofInference(
    scope: Construct,
    id: string,
    inference: LambdaInference,
    options: AlarmPackOptions & {
      readonly tunings?: LambdaAlarmTunings;
      readonly capture?: CaptureDelivery;
    } = {},
  ): LambdaAlarmPack {
    return new LambdaAlarmPack(scope, id, {
      ...options,
      alias: inference.alias,
      function: inference.function,
      metricsNamespace: inference.metricsNamespace,
      modelName: inference.modelName,
      timeout: inference.timeout,
      logGroupName: inference.logGroup.logGroupName,
      reservedConcurrency: inference.reservedConcurrency,
      provisionedConcurrency: inference.hasProvisionedConcurrency,
      rollbackAlarms: inference.rollbackAlarms,
    });
  }

  constructor(scope: Construct, id: string, props: LambdaAlarmPackProps) {
    super(scope, id, props);
    const rollback = props.rollbackAlarms;
    if (rollback) {
      for (const alarm of [rollback.errorRate, rollback.p99Latency, rollback.internalErrors]) {
        this.adopt(alarm, 'critical', true);
      }
    }
    this.addSpecs(
      lambdaAlarmSpecs(props, props.tunings, rollback ? ['errorRate', 'durationP99', 'internalErrors'] : []),
    );
    if (props.capture) this.addSpecs(captureAlarmSpecs({ ...props, capture: props.capture }, props.tunings));
    this.addCustomAlarms();
  }
}
