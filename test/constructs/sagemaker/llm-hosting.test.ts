import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ContainerImage, InferenceComponentEndpoint } from '../../../lib/constructs/sagemaker';
import { EndpointVariantMetrics } from '../../../lib/constructs/sagemaker/endpoint-metrics';
import { GPU_INSTANCE_TYPES, gpuInstanceType } from '../../../lib/constructs/sagemaker/gpu-instance-types';
import { lmiEnvironment, tgiEnvironment } from '../../../lib/constructs/sagemaker/llm-container';
import { LlmMetrics } from '../../../lib/constructs/sagemaker/llm-metrics';
import { LlmRollbackAlarms } from '../../../lib/constructs/sagemaker/llm-rollback-alarms';
import { SAGEMAKER_ENDPOINT_INSTANCE_TYPES } from '../../../lib/config/sagemaker-instance-types';
import { newApp } from '../../helpers/app';
import { endpointStack, MODEL_DATA, rejection } from './support';

const GPU = { instance: { instanceType: 'ml.g5.12xlarge', initialInstanceCount: 1 } };

describe('LLM images', () => {
  test('LMI resolves to djl-inference in the registry of the stack region', () => {
    const { stack } = endpointStack({ ...GPU, image: ContainerImage.lmi('0.30.0') }, 'ap-east-1');
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: Match.objectLike({
        Image: '871362719292.dkr.ecr.ap-east-1.amazonaws.com/djl-inference:0.30.0-lmi12.0.0-cu124',
      }),
    });
  });

  test('TGI resolves to the tag the SageMaker Python SDK builds for the release', () => {
    const { stack } = endpointStack({ ...GPU, image: ContainerImage.tgi('2.0.2') }, 'eu-central-2');
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: Match.objectLike({
        Image:
          '380420809688.dkr.ecr.eu-central-2.amazonaws.com/huggingface-pytorch-tgi-inference:2.3.0-tgi2.0.2-gpu-py310-cu121-ubuntu22.04',
      }),
    });
  });

  test('the role may pull only the LLM repository of the region', () => {
    const { stack } = endpointStack({ ...GPU, image: ContainerImage.lmi('0.29.0') });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['ecr:BatchGetImage']),
            Resource: 'arn:aws:ecr:eu-west-1:763104351884:repository/djl-inference',
          }),
        ]),
      },
    });
  });

  test('a region-agnostic stack looks the TGI registry up in a mapping at deploy time', () => {
    const { stack } = endpointStack({ ...GPU, image: ContainerImage.tgi('2.0.0') }, null);
    Template.fromStack(stack).hasMapping('TgiImageRegistries', {
      'eu-south-2': { account: '503227376785' },
    });
  });

  test('a region without the TGI image is a synth error naming the regions that have one', () => {
    expect(() => endpointStack({ ...GPU, image: ContainerImage.tgi('2.0.2') }, 'mx-central-1')).toThrow(
      /region "mx-central-1" has no Hugging Face TGI image for SageMaker; regions with one: af-south-1/,
    );
  });

  test('an unknown release names the known ones', () => {
    expect(() => ContainerImage.lmi('0.1.0' as never)).toThrow(
      'Unknown LMI version "0.1.0"; known: 0.28.0, 0.29.0, 0.30.0',
    );
  });
});

describe('container settings', () => {
  test('LMI reads OPTION_ variables and loads /opt/ml/model when no Hub id is given', () => {
    expect(
      lmiEnvironment({
        tensorParallelDegree: 4,
        maxModelLength: 8192,
        maxConcurrentRequests: 64,
        modelLoadingTimeout: Duration.minutes(20),
      }),
    ).toEqual({
      OPTION_ROLLING_BATCH: 'vllm',
      OPTION_TENSOR_PARALLEL_DEGREE: '4',
      OPTION_MAX_MODEL_LEN: '8192',
      OPTION_MAX_ROLLING_BATCH_SIZE: '64',
      OPTION_MODEL_LOADING_TIMEOUT: '1200',
    });
  });

  test('TGI always names the model, and keeps the prompt limit below the total', () => {
    expect(tgiEnvironment({ maxModelLength: 4096, tensorParallelDegree: 2 })).toEqual({
      HF_MODEL_ID: '/opt/ml/model',
      SM_NUM_GPUS: '2',
      MAX_TOTAL_TOKENS: '4096',
      MAX_INPUT_TOKENS: '4095',
    });
    expect(tgiEnvironment({ modelId: 'Qwen/Qwen2.5-0.5B-Instruct' }).HF_MODEL_ID).toBe(
      'Qwen/Qwen2.5-0.5B-Instruct',
    );
  });
});

describe('GPU instance table', () => {
  test('every type is a SageMaker endpoint instance type', () => {
    const unknown = Object.keys(GPU_INSTANCE_TYPES).filter(
      (type) => !SAGEMAKER_ENDPOINT_INSTANCE_TYPES.includes(type),
    );
    expect(unknown).toEqual([]);
  });

  test('covers the g5, g6, g6e, p4d and p5 families with GPUs and memory per GPU', () => {
    expect(gpuInstanceType('ml.g6e.48xlarge')).toMatchObject({ gpus: 8, gpuMemoryGib: 48, vcpus: 192 });
    expect(gpuInstanceType('ml.p4d.24xlarge')).toMatchObject({ gpus: 8, gpuMemoryGib: 40, vcpus: 96 });
    expect(gpuInstanceType('ml.p5.48xlarge')).toMatchObject({ gpus: 8, gpuMemoryGib: 80, vcpus: 192 });
    expect(gpuInstanceType('ml.m5.large')).toBeUndefined();
  });
});

describe('LLM rollback alarms', () => {
  test('without additional alarms an LLM endpoint rolls back on its own two only', () => {
    const { stack } = endpointStack({ ...GPU, image: ContainerImage.lmi('0.30.0') });
    const template = Template.fromStack(stack);
    const [props] = Object.values(template.findResources('AWS::SageMaker::Endpoint')).map(
      (r) => r.Properties,
    );
    expect(props.DeploymentConfig.AutoRollbackConfiguration.Alarms).toHaveLength(2);
  });

  test('the LLM rollback alarms are three; more than 8 additional alarms are refused', () => {
    const { stack: scratch } = endpointStack();
    const metrics = new LlmMetrics(
      { serviceName: 'churn' },
      new EndpointVariantMetrics('acme-churn-prod', 'AllTraffic'),
      4,
    );
    const llm = new LlmRollbackAlarms(scratch, 'Llm', { endpointName: 'acme-churn-prod', metrics });
    expect(llm.alarms.map((alarm) => alarm.node.id)).toEqual([
      'TimeToFirstToken',
      'TokensPerSecond',
      'GpuMemory',
    ]);
    const many = Array.from(
      { length: 9 },
      (_, index) =>
        new cloudwatch.Alarm(scratch, `Extra${index}`, {
          metric: metrics.metricTimeToFirstToken(),
          threshold: 1,
          evaluationPeriods: 1,
        }),
    );
    expect(rejection({ additionalRollbackAlarms: many })).toContain(
      'additionalRollbackAlarms 9 must be at most 8: with the 5XX and latency alarms a deployment watches at most 10',
    );
  });

  test('GPU memory is normalised by the GPUs of the type and thresholds take their defaults', () => {
    const { stack } = endpointStack();
    const metrics = new LlmMetrics(
      { serviceName: 'churn', namespace: 'Acme/Chat' },
      new EndpointVariantMetrics('acme-churn-prod', 'AllTraffic'),
      4,
    );
    new LlmRollbackAlarms(stack, 'Llm', { endpointName: 'acme-churn-prod', metrics, minTokensPerSecond: 25 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-churn-prod-rollback-gpu-memory',
      Threshold: 95,
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'gpuMemory / 4' })]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-churn-prod-rollback-ttft-p90',
      Namespace: 'Acme/Chat',
      Threshold: 2000,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'acme-churn-prod-rollback-tokens-per-second-p10',
      Threshold: 25,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
    });
  });
});

describe('LLMs as inference components', () => {
  const chat = {
    name: 'acme-chat-dev',
    image: ContainerImage.lmi('0.30.0'),
    modelData: MODEL_DATA,
    environment: lmiEnvironment({ tensorParallelDegree: 2, maxModelLength: 4096 }),
    minMemoryMb: 16384,
    acceleratorDevices: 2,
    copyCount: 1,
  };
  const endpoint = (acceleratorDevices: number) => {
    const stack = new Stack(newApp(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
    new InferenceComponentEndpoint(stack, 'Shared', {
      endpointName: 'acme-shared-dev',
      instanceType: 'ml.g5.12xlarge',
      initialInstanceCount: 1,
      minInstances: 1,
      maxInstances: 2,
      components: [{ ...chat, acceleratorDevices }],
    });
    return Template.fromStack(stack);
  };

  test('a copy reserves the GPUs its tensor parallel degree shards over, on the LMI image of the region', () => {
    const template = endpoint(2);
    template.hasResourceProperties('AWS::SageMaker::InferenceComponent', {
      Specification: Match.objectLike({
        ComputeResourceRequirements: Match.objectLike({ NumberOfAcceleratorDevicesRequired: 2 }),
      }),
    });
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: Match.objectLike({
        Image: '763104351884.dkr.ecr.eu-west-1.amazonaws.com/djl-inference:0.30.0-lmi12.0.0-cu124',
        Environment: Match.objectLike({ OPTION_TENSOR_PARALLEL_DEGREE: '2' }),
      }),
    });
  });

  test('a copy cannot ask for more GPUs than the instance type has', () => {
    expect(() => endpoint(8)).toThrow(
      'components.0.acceleratorDevices 8 must be <= 4, the GPUs of instanceType (ml.g5.12xlarge): SageMaker cannot place the copy',
    );
  });
});
