import { z } from 'zod';
import { TRITON_VERSIONS } from '../../constructs/sagemaker/triton-registries';
import { LMI_VERSIONS, TGI_VERSIONS } from '../../constructs/sagemaker/llm-registries';
import { llmSchema } from './llm';
import { CONTAINER_ENVIRONMENT_NAME_PATTERN, ECR_IMAGE_URI_PATTERN } from '../../constructs/private/patterns';
import { sageMakerAlarmsSchema } from './alarms';
import * as aws from './aws-values';
import { dataCaptureSchema, monitoringSchema } from './monitoring';
import { scheduleTimingShape } from './scaling';
import { s3UriString, securityGroupIdsArray, subnetIdsArray } from './strings';

/** `sagemaker`: how a model is hosted on a SageMaker endpoint. */

// Ranges: "ProductionVariantServerlessConfig", Amazon SageMaker API Reference,
// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantServerlessConfig.html
const serverlessSchema = z
  .strictObject({
    memorySizeMb: z.int().min(1024).max(6144).multipleOf(1024).describe('Memory of a serverless endpoint.'),
    maxConcurrency: z.int().min(1).max(200).describe('Concurrent invocations a serverless endpoint accepts.'),
    provisionedConcurrency: z
      .int()
      .min(0)
      .max(200)
      .describe('Pre-warmed concurrency; 0 for none. Must be <= maxConcurrency.'),
  })
  .partial();

const imageSchema = z
  .strictObject({
    triton: z
      .enum(TRITON_VERSIONS)
      .describe('NVIDIA Triton Inference Server release; the image is resolved for the stack region.'),
    lmi: z
      .enum(LMI_VERSIONS)
      .describe(
        'Large Model Inference (DJL Serving, vLLM) release for sagemaker.llm; resolved for the stack region.',
      ),
    tgi: z
      .enum(TGI_VERSIONS)
      .describe(
        'Hugging Face Text Generation Inference release for sagemaker.llm; resolved for the stack region.',
      ),
    ecrUri: z
      .string()
      .regex(ECR_IMAGE_URI_PATTERN, {
        error: 'must be an ECR image URI like 123456789012.dkr.ecr.eu-west-1.amazonaws.com/repo:tag',
      })
      .describe('Any image in Amazon ECR.'),
  })
  .partial()
  .describe('Container image: exactly one of triton, lmi, tgi and ecrUri.');

// ClientConfig.MaxConcurrentInvocationsPerInstance 1–1000 ("AsyncInferenceClientConfig", Amazon SageMaker API Reference,
// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AsyncInferenceClientConfig.html).
const asyncSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .describe(
        'Asynchronous inference: requests queue (bodies in S3), answers go to S3; the endpoint then accepts only InvokeEndpointAsync.',
      ),
    maxConcurrentInvocationsPerInstance: z
      .int()
      .min(1)
      .max(1000)
      .describe('Requests an instance works on at once; SageMaker chooses when absent.'),
    notifications: z
      .boolean()
      .describe('Publish each success and each failure to an SNS topic of the model stack.'),
    maxOldestRequestAgeSeconds: z
      .int()
      .min(60)
      .describe('Age of the oldest queued request that raises the backlog-age alarm.'),
    maxFailedInvocations: z
      .int()
      .min(0)
      .describe('Failed invocations in 5 minutes above which the failed-invocations alarm fires.'),
  })
  .partial();

// A shadow production variant ("Create a shadow test", https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests-create.html).
const shadowSchema = z
  .strictObject({
    enabled: z.boolean().describe('Run a challenger beside the production variant on a copy of its traffic.'),
    s3Uri: s3UriString().describe('The challenger’s model data in S3 (an object or a prefix ending in /).'),
    instanceType: aws
      .endpointInstanceTypeString()
      .describe('Instance type of the shadow; the production variant’s when absent.'),
    initialInstanceCount: z.int().min(1).max(100).describe('Instances of the shadow.'),
    samplingPercent: z
      .int()
      .min(1)
      .max(100)
      .describe('Share of the production requests copied to the shadow.'),
  })
  .partial();

// More production variants (A/B): "CreateEndpointConfig", ProductionVariants and their InitialVariantWeight,
// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html
const weightedVariantSchema = z.strictObject({
  // VariantName: up to 63 letters, digits and hyphens ("ProductionVariant", Amazon SageMaker API Reference).
  name: z
    .string()
    .max(63)
    .regex(/^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/, {
      error: 'must be letters, digits and hyphens, starting and ending with a letter or digit',
    })
    .describe('Variant name (TargetVariant of InvokeEndpoint); unique in the endpoint.'),
  weight: z.number().min(0).describe('Relative weight: the variant takes weight / total of the requests.'),
  s3Uri: s3UriString()
    .optional()
    .describe('The variant’s model data in S3; the model’s own artifact when absent.'),
  instanceType: aws
    .endpointInstanceTypeString()
    .optional()
    .describe('The variant’s instance type; the first variant’s when absent.'),
  initialInstanceCount: z.int().min(1).max(100).optional().describe('Instances at creation; 1 when absent.'),
  minInstances: z
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe('Fewest instances autoscaling keeps for this variant; scaling.minInstances when absent.'),
  maxInstances: z
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'Most instances autoscaling adds to this variant; scaling.maxInstances when absent. A variant with a range of its own follows no scaling.schedules.',
    ),
});

// What one copy of the model needs on a shared endpoint (sharedEndpoints.<name>.models lists the model):
// "AWS::SageMaker::InferenceComponent InferenceComponentComputeResourceRequirements" (CPU cores and accelerator
// devices are numbers, MinMemoryRequiredInMb an integer from 128),
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-inferencecomponent-inferencecomponentcomputeresourcerequirements.html
const copyScheduleSchema = z.strictObject({
  ...scheduleTimingShape,
  minCopies: z
    .int()
    .min(0)
    .max(1000)
    .describe('Fewest copies from then on; 0 lets the model scale to zero, woken by its first request.'),
  maxCopies: z.int().min(1).max(1000).describe('Most copies from then on.'),
});

const componentSchema = z
  .strictObject({
    cpuCores: z.number().positive().describe('CPU cores reserved for each copy; none reserved when absent.'),
    minMemoryMb: z.int().min(128).describe('Memory reserved for each copy.'),
    acceleratorDevices: z
      .number()
      .positive()
      .describe('GPUs or Inferentia devices reserved for each copy; none when absent.'),
    copyCount: z
      .int()
      .min(1)
      .describe('Copies at creation: at least 1, SageMaker creates no component with none.'),
    minCopies: z
      .int()
      .min(0)
      .max(1000)
      .describe(
        'Fewest copies autoscaling keeps; 0 lets the model scale to zero, woken by its first request.',
      ),
    maxCopies: z.int().min(1).max(1000).describe('Most copies autoscaling adds.'),
    targetInvocationsPerCopy: z
      .number()
      .positive()
      .describe('Target invocations per copy per minute (SageMakerInferenceComponentInvocationsPerCopy).'),
    // Scheduled actions on the copy-count scalable target, like scaling.schedules on instances.
    schedules: z
      .array(copyScheduleSchema)
      .superRefine(aws.uniqueScheduleNames)
      .describe(
        'Time-based changes of the copy range (e.g. minCopies 0 outside working hours); names unique within the list.',
      ),
  })
  .partial();

const vpcSchema = z.strictObject({
  subnetIds: subnetIdsArray().describe(
    'Subnets the instances run in (private subnets with a route to S3 and ECR).',
  ),
  securityGroupIds: securityGroupIdsArray().describe('Security groups of the instances’ network interfaces.'),
});

export const sagemakerSchema = z
  .strictObject({
    variant: z.enum(['instance', 'serverless']).describe('Real-time instances or a serverless endpoint.'),
    instanceType: aws
      .endpointInstanceTypeString()
      .describe(
        'Instance type of an instance variant: a SageMaker endpoint instance type, e.g. ml.m5.large.',
      ),
    initialInstanceCount: z.int().min(1).max(100).describe('Instances at creation (instance variant).'),
    serverless: serverlessSchema,
    image: imageSchema,
    // Each key and value at most 1024 characters ("ContainerDefinition", Environment, Amazon SageMaker API Reference).
    environment: z
      .record(z.string().regex(CONTAINER_ENVIRONMENT_NAME_PATTERN), z.string().max(1024))
      .describe('Container environment.'),
    // VolumeSizeInGB 1–512, both timeouts 60–3600 s ("ProductionVariant", Amazon SageMaker API Reference,
    // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html).
    volumeSizeGb: z.int().min(1).max(512).describe('ML storage volume per instance.'),
    volumeEncryption: z
      .boolean()
      .describe(
        'Encrypt instance volumes with the model bucket key where the instance type allows it; serverless variants have no volume and ignore it.',
      ),
    modelDataDownloadTimeoutSeconds: z
      .int()
      .min(60)
      .max(3600)
      .describe(
        'Time SageMaker allows to download the model data to an instance; SageMaker’s default when absent.',
      ),
    containerStartupHealthCheckTimeoutSeconds: z
      .int()
      .min(60)
      .max(3600)
      .describe('Time the container has to pass its /ping health check; SageMaker’s default when absent.'),
    routingStrategy: z
      .enum(['LEAST_OUTSTANDING_REQUESTS', 'RANDOM'])
      .describe('How SageMaker spreads requests over the instances.'),
    networkIsolation: z.boolean().describe('Block all network access from the model container.'),
    vpc: vpcSchema.describe('Run the instances in these subnets and security groups.'),
    dataCapture: dataCaptureSchema,
    async: asyncSchema.describe('Asynchronous inference on the instance variant.'),
    shadow: shadowSchema.describe('A shadow variant: a challenger that answers nobody.'),
    weight: z.number().min(0).describe('Weight of the first production variant against sagemaker.variants.'),
    variants: z
      .array(weightedVariantSchema)
      .describe(
        'More production variants for A/B tests, each autoscaled with the model’s scaling settings and its own range when given.',
      ),
    component: componentSchema.describe(
      'The model as an inference component of a shared endpoint (see sharedEndpoints): what each copy needs and how many run.',
    ),
    monitoring: monitoringSchema,
    llm: llmSchema,
    alarms: sageMakerAlarmsSchema,
    sampleRequest: z
      .string()
      .min(1)
      .describe(
        'A JSON request body file (relative to the project root) that `mldeploy verify` sends through InvokeEndpoint after a deploy.',
      ),
  })
  .partial()
  .meta({ id: 'SageMakerSettings' });
