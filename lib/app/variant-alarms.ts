import { Construct } from 'constructs';
import { ResolvedModel } from '../config';
import { AlarmPackOptions, SageMakerAlarmPack } from '../constructs/alarms';
import { acknowledgeControl } from '../constructs/private/guard';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SageMakerEndpoint } from '../constructs/sagemaker';

/**
 * An alarm pack per additional production variant (`sagemaker.variants`), tuned like the model's own pack and named
 * `<prefix>-<variant>-<alarm>`: a bad candidate pages as the first variant would, and its 5XX-rate and p99-latency
 * alarms roll a deployment back beside the first variant's (SageMakerEndpoint.addRollbackAlarms). Empty without such variants.
 */
export function addVariantAlarms(
  scope: Construct,
  model: ResolvedModel,
  endpoint: SageMakerEndpoint,
  options: Required<Pick<AlarmPackOptions, 'alarmNamePrefix'>> & Pick<AlarmPackOptions, 'warningActions'>,
): SageMakerAlarmPack[] {
  if (model.target !== 'sagemaker') return [];
  const packs = model.sagemaker.variants.map(
    (variant) =>
      new SageMakerAlarmPack(scope, `VariantAlarms${variant.name}`, {
        ...options,
        alarmNamePrefix: `${options.alarmNamePrefix}-${variant.name.toLowerCase()}`,
        endpointName: endpoint.endpointName,
        variantName: variant.name,
        serverless: false,
        instanceType: variant.instanceType ?? model.sagemaker.instanceType,
        tunings: model.sagemaker.alarms,
      }),
  );
  // The packs' construct ids of these two alarms are those of sageMakerAlarmSpecs ('ErrorRate', 'Latency').
  endpoint.addRollbackAlarms(
    packs.flatMap((pack) =>
      ['ErrorRate', 'Latency'].map((id) => pack.node.findChild(id) as cloudwatch.Alarm),
    ),
  );
  for (const pack of packs) {
    for (const alarm of pack.criticalAlarms) {
      acknowledgeControl(
        alarm,
        'alarmAction',
        'Rolls up into the model’s composite health alarm, which pages the critical topic: one page per ' +
          'unhealthy model, not one per symptom.',
      );
    }
  }
  return packs;
}
