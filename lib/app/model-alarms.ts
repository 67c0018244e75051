import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { ResolvedModel } from '../config';
import { PLACEHOLDER_PATTERN } from '../constructs/private/patterns';
import { CustomAlarmSettings } from '../config/schema/alarms';
import {
  AlarmPack,
  AlarmPackOptions,
  CustomAlarm,
  LambdaAlarmPack,
  SageMakerAlarmPack,
} from '../constructs/alarms';
import { CaptureDelivery } from '../constructs/alarms/capture-alarm-specs';
import { LambdaInference } from '../constructs/lambda/inference';
import { SageMakerEndpoint } from '../constructs/sagemaker';

/** Values the placeholders of custom alarm dimensions stand for. */
type Placeholders = Readonly<Record<string, string>>;

/**
 * The model's alarm pack, tuned by its resolved `alarms` settings, with its custom alarms. Critical alarms
 * notify nobody directly: they roll up into the model's health alarm, which pages.
 */
export function addModelAlarms(
  scope: Construct,
  model: ResolvedModel,
  hosting: SageMakerEndpoint | LambdaInference,
  options: Pick<AlarmPackOptions, 'alarmNamePrefix' | 'warningActions'> & {
    /** Where a Lambda model's capture records travel: the capture alarms watch each leg. @default no capture */
    readonly capture?: CaptureDelivery;
  },
): AlarmPack {
  const common = { model: model.name, environment: model.environment };
  if (hosting instanceof SageMakerEndpoint) {
    const placeholders = { ...common, endpoint: hosting.endpointName, variant: hosting.variantName };
    return SageMakerAlarmPack.ofEndpoint(scope, 'Alarms', hosting, {
      alarmNamePrefix: options.alarmNamePrefix,
      warningActions: options.warningActions,
      tunings: model.sagemaker.alarms,
      customAlarms: model.customAlarms.map((alarm) => customAlarmOf(alarm, placeholders)),
    });
  }
  const placeholders = { ...common, function: hosting.function.functionName };
  return LambdaAlarmPack.ofInference(scope, 'Alarms', hosting, {
    ...options,
    tunings: model.lambda.alarms,
    customAlarms: model.customAlarms.map((alarm) => customAlarmOf(alarm, placeholders)),
  });
}

function customAlarmOf(settings: CustomAlarmSettings, placeholders: Placeholders): CustomAlarm {
  return {
    name: settings.name,
    severity: settings.severity,
    metric: new cloudwatch.Metric({
      namespace: settings.namespace,
      metricName: settings.metricName,
      dimensionsMap: Object.fromEntries(
        Object.entries(settings.dimensions ?? {}).map(([name, value]) => [name, fill(value, placeholders)]),
      ),
      statistic: settings.statistic,
      period: Duration.seconds(settings.periodSeconds),
    }),
    threshold: settings.threshold,
    comparisonOperator: settings.comparison as cloudwatch.ComparisonOperator,
    evaluationPeriods: settings.evaluationPeriods,
    datapointsToAlarm: settings.datapointsToAlarm,
    treatMissingData: settings.treatMissingData as cloudwatch.TreatMissingData,
    meaning: settings.description,
    runbook: settings.runbook,
  };
}

/** Replaces `{name}` placeholders; the config rules have already refused unknown ones. */
function fill(value: string, placeholders: Placeholders): string {
  return value.replace(PLACEHOLDER_PATTERN, (match, name: string) => placeholders[name] ?? match);
}
