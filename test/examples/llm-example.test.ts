import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addDeploymentStages } from '../../lib/app/deployment-app';
import { loadDeploymentConfig } from '../../lib/config';
import { dashboardWidgets } from '../helpers/dashboard';
import { newApp, PROJECT_ROOT, UNIT_STAGES } from '../helpers/app';

// examples/llm.yaml as a user deploys it, every environment, with the AwsSolutions checks (the Control Tower rules:
// every-example).
const config = loadDeploymentConfig(path.join(PROJECT_ROOT, 'examples/llm.yaml'), { baseDir: PROJECT_ROOT });
const app = newApp();
const [dev, prod] = addDeploymentStages(app, config, UNIT_STAGES);
app.synth();
const devTemplate = Template.fromStack(dev.models[0]);
const prodTemplate = Template.fromStack(prod.models[0]);

test('runs the LMI image of the stack region on one single-GPU instance in dev and two in prod', () => {
  devTemplate.hasResourceProperties('AWS::SageMaker::Model', {
    PrimaryContainer: Match.objectLike({
      Image: '763104351884.dkr.ecr.eu-west-1.amazonaws.com/djl-inference:0.30.0-lmi12.0.0-cu124',
    }),
  });
  devTemplate.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
    ProductionVariants: [Match.objectLike({ InstanceType: 'ml.g5.xlarge', InitialInstanceCount: 1 })],
  });
  prodTemplate.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
    ProductionVariants: [Match.objectLike({ InstanceType: 'ml.g5.xlarge', InitialInstanceCount: 2 })],
  });
});

test('SageMaker copies the uncompressed weights under the S3 prefix as they are', () => {
  devTemplate.hasResourceProperties('AWS::SageMaker::Model', {
    PrimaryContainer: Match.objectLike({
      ModelDataSource: {
        S3DataSource: {
          S3Uri: 's3://acme-llm-weights/qwen2.5-0.5b-instruct/',
          S3DataType: 'S3Prefix',
          CompressionType: 'None',
        },
      },
    }),
  });
});

test('the container environment carries the typed LLM settings', () => {
  devTemplate.hasResourceProperties('AWS::SageMaker::Model', {
    PrimaryContainer: Match.objectLike({
      Environment: {
        OPTION_ROLLING_BATCH: 'vllm',
        OPTION_TENSOR_PARALLEL_DEGREE: '1',
        OPTION_MAX_MODEL_LEN: '4096',
        OPTION_MAX_ROLLING_BATCH_SIZE: '32',
      },
    }),
  });
});

test('a prod deployment rolls back on time to first token, tokens per second and GPU memory too', () => {
  const endpoint = prodTemplate.findResources('AWS::SageMaker::Endpoint');
  const [props] = Object.values(endpoint).map((resource) => resource.Properties);
  const alarms = prodTemplate.findResources('AWS::CloudWatch::Alarm');
  const names = props.DeploymentConfig.AutoRollbackConfiguration.Alarms.map(
    (alarm: { AlarmName: { Ref: string } }) => alarms[alarm.AlarmName.Ref].Properties.AlarmName,
  );
  expect(names).toEqual([
    'mldeploy-chat-prod-rollback-5xx-rate',
    'mldeploy-chat-prod-rollback-p99-latency',
    'mldeploy-chat-prod-rollback-ttft-p90',
    'mldeploy-chat-prod-rollback-tokens-per-second-p10',
    'mldeploy-chat-prod-rollback-gpu-memory',
  ]);
  expect(props.DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration).toMatchObject({
    Type: 'CANARY',
    CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 },
  });
  prodTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'mldeploy-chat-prod-rollback-ttft-p90',
    Namespace: 'MlDeploy/LlmProxy',
    MetricName: 'TimeToFirstToken',
    Dimensions: [{ Name: 'service', Value: 'chat' }],
    ExtendedStatistic: 'p90',
    Threshold: 1500,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
  });
  prodTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'mldeploy-chat-prod-rollback-tokens-per-second-p10',
    MetricName: 'TokensPerSecond',
    ExtendedStatistic: 'p10',
    Threshold: 20,
    ComparisonOperator: 'LessThanThreshold',
  });
  prodTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmName: 'mldeploy-chat-prod-rollback-gpu-memory',
    Threshold: 95,
    Metrics: Match.arrayWith([
      Match.objectLike({ Expression: 'gpuMemory / 1' }),
      Match.objectLike({
        MetricStat: Match.objectLike({
          Metric: {
            Namespace: '/aws/sagemaker/Endpoints',
            MetricName: 'GPUMemoryUtilization',
            Dimensions: Match.arrayWith([{ Name: 'EndpointName', Value: 'mldeploy-chat-prod' }]),
          },
          Stat: 'Maximum',
        }),
      }),
    ]),
  });
});

test('the execution role may read the new alarms during a deployment', () => {
  prodTemplate.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Action: 'cloudwatch:DescribeAlarms',
          Resource: Match.arrayWith([
            { 'Fn::GetAtt': [Match.stringLikeRegexp('LlmRollbackAlarmsTimeToFirstToken'), 'Arn'] },
          ]),
        }),
      ]),
    },
  });
});

test('the dashboard has an LLM row with the rollback thresholds as lines', () => {
  const widgets = dashboardWidgets(prod.dashboard).map((widget) => JSON.stringify(widget));
  const row = (title: string) => widgets.find((text) => text.includes(`"title":"chat: ${title}"`));
  expect(row('time to first token (ms)')).toContain(
    '"MlDeploy/LlmProxy","TimeToFirstToken","service","chat"',
  );
  expect(row('time to first token (ms)')).toContain('"label":"rollback above 1500 ms (p90)"');
  expect(row('tokens per second')).toContain('"label":"rollback below 20 (p10)"');
  expect(row('GPU memory (%)')).toContain('"expression":"gpuMemory / 1"');
});

test('prompts and answers go through a published version of the Bedrock guardrail of the config', () => {
  devTemplate.hasResourceProperties('AWS::Bedrock::Guardrail', {
    Name: 'mldeploy-chat-dev',
    KmsKeyArn: Match.anyValue(),
    TopicPolicyConfig: {
      TopicsConfig: [Match.objectLike({ Name: 'Investment advice', Type: 'DENY' })],
    },
    WordPolicyConfig: Match.objectLike({ ManagedWordListsConfig: [Match.objectLike({ Type: 'PROFANITY' })] }),
    SensitiveInformationPolicyConfig: {
      PiiEntitiesConfig: Match.arrayWith([Match.objectLike({ Type: 'EMAIL', Action: 'ANONYMIZE' })]),
    },
    BlockedInputMessaging: 'I cannot help with that request.',
    BlockedOutputsMessaging: 'I cannot share that answer.',
  });
  const [[versionId]] = Object.entries(devTemplate.findResources('AWS::Bedrock::GuardrailVersion'));
  devTemplate.hasResourceProperties('AWS::Lambda::Function', {
    Environment: {
      Variables: Match.objectLike({
        ENDPOINT_NAME: 'mldeploy-chat-dev',
        GUARDRAIL_VERSION: { 'Fn::GetAtt': [versionId, 'Version'] },
        GUARDRAIL_STREAM_MODE: 'check-first',
        GUARDRAIL_CHUNK_CHARACTERS: '500',
        GUARDRAIL_OVERLAP_CHARACTERS: '100',
      }),
    },
  });
});

test('clients reach the proxy through a streaming Function URL that requires IAM', () => {
  for (const template of [devTemplate, prodTemplate]) {
    template.resourceCountIs('AWS::Lambda::Url', 1);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'AWS_IAM',
      InvokeMode: 'RESPONSE_STREAM',
    });
    template.hasOutput('ChatUrl', { Value: Match.anyValue() });
  }
});
