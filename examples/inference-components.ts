/**
 * Inference components with scale to zero, through the construct library (examples/inference-components.yaml does the
 * same from the deployment config): two models share one endpoint whose instances SageMaker manages between 0 and 2;
 * each model is an inference component with its own CPU and memory and copies that autoscale down to zero and wake up
 * on the first request. Iris keeps a warm copy during working hours (a schedule on its copy count); churn starts two
 * copies and replaces them one at a time when it changes, rolling back on its 5XX-rate and latency alarms.
 * docs/sagemaker-hosting.md#inference-components walks through it.
 *
 *   npx cdk synth --app 'npx tsx examples/inference-components.ts'
 */
import { App, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  ContainerImage,
  InferenceComponentAlarmPack,
  InferenceComponentEndpoint,
} from '../lib/constructs/sagemaker';
import { ModelArtifact } from '../lib/constructs/storage/model-artifact';

export function buildInferenceComponentsApp(app: App): Stack {
  const stack = new Stack(app, 'SharedModels', { env: { account: '111111111111', region: 'eu-west-1' } });
  const image = ContainerImage.fromEcrUri('111111111111.dkr.ecr.eu-west-1.amazonaws.com/model-serving:1.4.0');
  // The churn component's own alarms, with fixed names: its rolling updates roll back on the 5XX-rate and latency ones.
  const churnAlarms = new InferenceComponentAlarmPack(stack, 'ChurnAlarms', {
    componentName: 'mldeploy-churn-dev',
    endpointName: 'mldeploy-shared-dev',
    alarmNamePrefix: 'mldeploy-churn-dev',
    scalesToZero: true,
  });
  new InferenceComponentEndpoint(stack, 'Shared', {
    endpointName: 'mldeploy-shared-dev',
    instanceType: 'ml.m5.xlarge',
    initialInstanceCount: 1,
    minInstances: 0,
    maxInstances: 2,
    components: [
      {
        name: 'mldeploy-iris-dev',
        image,
        modelData: ModelArtifact.fromS3Uri(stack, 'IrisData', 's3://acme-models/iris/v3/'),
        cpuCores: 1,
        minMemoryMb: 1024,
        copyCount: 1,
        scaling: {
          minCopies: 0,
          maxCopies: 2,
          schedules: [
            {
              name: 'working-hours',
              schedule: appscaling.Schedule.expression('cron(0 8 ? * MON-FRI *)'),
              timeZone: TimeZone.EUROPE_PARIS,
              minCopies: 1,
              maxCopies: 2,
            },
            {
              name: 'after-hours',
              schedule: appscaling.Schedule.expression('cron(0 19 ? * MON-FRI *)'),
              timeZone: TimeZone.EUROPE_PARIS,
              minCopies: 0,
              maxCopies: 2,
            },
          ],
        },
      },
      {
        name: 'mldeploy-churn-dev',
        image,
        modelData: ModelArtifact.fromS3Uri(stack, 'ChurnData', 's3://acme-models/churn/v7/'),
        cpuCores: 2,
        minMemoryMb: 2048,
        copyCount: 2,
        scaling: { minCopies: 0, maxCopies: 4 },
        rollout: {
          batchSize: { copies: 1 },
          bakeTime: Duration.minutes(5),
          rollbackAlarms: churnAlarms.rollbackAlarms,
        },
      },
    ],
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}

if (require.main === module) {
  const app = new App();
  buildInferenceComponentsApp(app);
  app.synth();
}
