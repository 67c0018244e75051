import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addLambdaHosting } from '../../lib/app/lambda-model';
import { addDriftMonitoring } from '../../lib/app/model-monitoring';
import type { ResolvedModel } from '../../lib/config';
import { CaptureBucket } from '../../lib/constructs/storage/capture-bucket';
import { ModelArtifact } from '../../lib/constructs/storage/model-artifact';
import { ModelBucket } from '../../lib/constructs/storage/model-bucket';
import { minimalConfig, parse } from '../config/fixtures';
import { assetsInPlaceApp } from '../constructs/lambda/support';

/** The `fraud` Lambda model of the minimal config with `lambda` and `monitoring` settings, hosted and monitored. */
function monitored(
  lambda: Record<string, unknown>,
  monitoring: Record<string, unknown>,
  /** Changes to the resolved model, as a caller that builds one without a config file might make. */
  edit: (model: ResolvedModel) => ResolvedModel = (model) => model,
) {
  const config = minimalConfig();
  config.models.fraud.lambda = lambda;
  config.models.fraud.monitoring = monitoring;
  const model = edit(parse(config).environments[0].models.find((m) => m.name === 'fraud')!);
  const stack = new Stack(assetsInPlaceApp(), 'Fraud');
  const modelBucket = new ModelBucket(stack, 'Bucket');
  const captureBucket = new CaptureBucket(stack, 'CaptureBucket', {
    accessLogsBucket: modelBucket.accessLogsBucket,
  });
  const artifact = new ModelArtifact(stack, 'Artifact', {
    modelName: 'fraud',
    modelBucket,
    localPath: model.artifact.kind === 'local' ? model.artifact.path : '',
  });
  const hosting = addLambdaHosting(stack, model, { artifact, captureBucket }).inference;
  const deps = { modelBucket, captureBucket, namePrefix: 'acme-fraud-dev', warningActions: [] };
  return { stack, add: () => addDriftMonitoring(stack, model, hosting, deps) };
}

const BASELINE = 'models/iris/drift-baseline.json';

// The config rules refuse both at the YAML line (test/config/drift-monitoring-rules.test.ts); a resolved model built
// without a config file meets the same checks here.
test('monitoring needs capture on', () => {
  const { add } = monitored({}, {}, (model) => ({
    ...model,
    monitoring: { ...model.monitoring, enabled: true, baselinePath: BASELINE },
  }));
  expect(add).toThrow('models.fraud.monitoring (dev): needs lambda.dataCapture.enabled: true');
});

test('monitoring needs a baseline', () => {
  const { add } = monitored({ dataCapture: { enabled: true } }, {}, (model) => ({
    ...model,
    monitoring: { ...model.monitoring, enabled: true, baselinePath: undefined },
  }));
  expect(add).toThrow(
    'models.fraud.monitoring (dev): needs baselinePath, a baseline JSON written by mldeploy baseline',
  );
});

test('a daily window runs after midnight, reads 24 hours and alarms on a daily period; the baseline is published', () => {
  const { stack, add } = monitored(
    { dataCapture: { enabled: true, samplingPercent: 5 } },
    { enabled: true, baselinePath: BASELINE, window: 'day', maxPsi: 0.2, maxScanMb: 50 },
  );
  const job = add();
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(15 0 * * ? *)' });
  template.hasResourceProperties('AWS::Athena::WorkGroup', {
    Name: 'acme-fraud-dev-monitoring',
    WorkGroupConfiguration: { BytesScannedCutoffPerQuery: 50_000_000 },
  });
  template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'acme_fraud_dev' } });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'acme-fraud-dev-drift-petal_width',
    Threshold: 0.2,
    Period: 86400,
  });
  template.hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: { CAPTURE_SAMPLING_PERCENT: '5' } as Record<string, string> },
  });
  // The baseline is an artifact of the model: `<model>/<sha256 of the file>/drift-baseline.json` in the model bucket.
  const uri = JSON.stringify(
    Object.values(template.findResources('AWS::Lambda::Function'))
      .map((f: any) => f.Properties.Environment?.Variables?.BASELINE_S3_URI)
      .find(Boolean),
  );
  expect(uri).toMatch(/\/fraud\/[0-9a-f]{64}\/drift-baseline\.json/);
  expect(job.psiAlarms).toHaveLength(5);
  expect(job.accuracyAlarm).toBeUndefined();
});
