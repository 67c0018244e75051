/**
 * CloudWatch namespaces and metric names: the ones the inference function writes and the ones AWS publishes for
 * SageMaker endpoints and Lambda functions, read by the library's alarms, dashboards and scaling policies. Defined
 * once, grouped per namespace, so an alarm never watches a name nobody publishes. Imports nothing.
 */

/** Namespace of the inference function's own metrics when neither METRICS_NAMESPACE nor Powertools' is set. */
export const DEFAULT_METRICS_NAMESPACE = 'MlDeploy/Inference';

/**
 * The one dimension of the inference function's own metrics: Powertools for AWS Lambda adds `service` = the service
 * name (the model name) to every metric it writes ("Metrics", Powertools for AWS Lambda (TypeScript),
 * https://docs.aws.amazon.com/powertools/typescript/latest/features/metrics/).
 */
export const HANDLER_SERVICE_DIMENSION = 'service';

/**
 * Metrics the inference function writes in embedded metric format (lambda/inference/telemetry.ts), in the namespace
 * of its METRICS_NAMESPACE variable, with the one dimension {@link HANDLER_SERVICE_DIMENSION}.
 */
export const HANDLER_METRICS = {
  /** Milliseconds from a parsed request to a built answer (validation + model run + encoding). */
  inferenceLatency: 'InferenceLatency',
  /** Count: rows in the request's batch dimension. */
  batchSize: 'BatchSize',
  /** Count: 1 on the first invocation of an on-demand execution environment (written by Powertools). */
  coldStart: 'ColdStart',
  /** Milliseconds to fetch, verify and open the model; once per execution environment. */
  modelLoadTime: 'ModelLoadTime',
  /** Count: requests answered with a 4xx status. */
  invalidRequests: 'InvalidRequests',
  /** Count: requests answered with a 5xx status (faults, including a model that cannot load). */
  internalErrors: 'InternalErrors',
  /** Count: capture records written to stdout for the capture stream (one per captured row). */
  captureRecords: 'CaptureRecords',
  /** Count: sampled rows not captured (the line was too long for CloudWatch Logs, or could not be built). */
  captureRecordsDropped: 'CaptureRecordsDropped',
} as const;

export type HandlerMetricName = (typeof HANDLER_METRICS)[keyof typeof HANDLER_METRICS];

/**
 * Namespace of a SageMaker endpoint variant's invocation metrics, dimensions EndpointName and VariantName
 * ("Amazon SageMaker AI metrics in Amazon CloudWatch", https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html).
 */
export const SAGEMAKER_INVOCATION_NAMESPACE = 'AWS/SageMaker';

/**
 * Invocation metrics of an endpoint variant in {@link SAGEMAKER_INVOCATION_NAMESPACE}, from the same page; every
 * latency is in microseconds. The serverless ones: "Alarms and logs for tracking metrics from serverless endpoints",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints-monitoring.html (that page names no namespace;
 * the library reads ServerlessConcurrentExecutionsUtilization in this one).
 */
export const SAGEMAKER_INVOCATION_METRICS = {
  /** Count of InvokeEndpoint requests sent to the variant (Sum). */
  invocations: 'Invocations',
  /** Count of requests the model answered with a 4xx code: 1 per such answer, 0 otherwise. */
  invocation4XXErrors: 'Invocation4XXErrors',
  /** Count of requests the model answered with a 5xx code: 1 per such answer, 0 otherwise. */
  invocation5XXErrors: 'Invocation5XXErrors',
  /** Microseconds the model took to answer, as SageMaker sees it. */
  modelLatency: 'ModelLatency',
  /** Microseconds SageMaker added around the model (request handling, serverless cold starts). */
  overheadLatency: 'OverheadLatency',
  /** Microseconds to launch compute for a serverless endpoint (a cold start). */
  modelSetupTime: 'ModelSetupTime',
  /** Serverless: concurrent executions divided by the maximum concurrency (0–1). */
  serverlessConcurrentExecutionsUtilization: 'ServerlessConcurrentExecutionsUtilization',
} as const;

/**
 * Namespace of the utilization metrics an endpoint variant's instances (or serverless workers) report, dimensions
 * EndpointName and VariantName ("Amazon SageMaker AI metrics in Amazon CloudWatch", same page).
 */
export const SAGEMAKER_INSTANCE_NAMESPACE = '/aws/sagemaker/Endpoints';

/** Utilization metrics in {@link SAGEMAKER_INSTANCE_NAMESPACE}, in percent, from the same page. */
export const SAGEMAKER_INSTANCE_METRICS = {
  /** 0–100 × the instance's vCPUs. */
  cpuUtilization: 'CPUUtilization',
  /** 0–100. */
  memoryUtilization: 'MemoryUtilization',
  /** 0–100, of the instance's storage volume. */
  diskUtilization: 'DiskUtilization',
  /** 0–100 × the instance's GPUs. */
  gpuUtilization: 'GPUUtilization',
  /** 0–100 × the instance's GPUs. */
  gpuMemoryUtilization: 'GPUMemoryUtilization',
} as const;

/**
 * Predefined metric types of SageMaker variant target-tracking policies ("PredefinedMetricSpecification",
 * Application Auto Scaling API Reference,
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PredefinedMetricSpecification.html).
 */
export const SAGEMAKER_SCALING_METRIC_TYPES = {
  /** Invocations per instance of the variant, a minute. */
  invocationsPerInstance: 'SageMakerVariantInvocationsPerInstance',
  /** Concurrent requests per model copy, at high resolution. */
  concurrentRequestsPerModel: 'SageMakerVariantConcurrentRequestsPerModelHighResolution',
  /** Serverless: provisioned concurrency in use (0–1). */
  provisionedConcurrencyUtilization: 'SageMakerVariantProvisionedConcurrencyUtilization',
  /** Inference components: invocations per copy, a minute. */
  invocationsPerCopy: 'SageMakerInferenceComponentInvocationsPerCopy',
} as const;

/**
 * Metrics of an asynchronous endpoint in {@link SAGEMAKER_INVOCATION_NAMESPACE}. The queue metrics carry the one
 * dimension EndpointName; the per-request ones EndpointName and VariantName. An asynchronous endpoint publishes no
 * Invocations, InvocationsPerInstance or OverheadLatency ("Alarms and logs for tracking metrics from asynchronous
 * endpoints", https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-monitor.html; HasBacklogWithoutCapacity:
 * "Autoscale an asynchronous endpoint", https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-autoscale.html).
 */
export const SAGEMAKER_ASYNC_METRICS = {
  /** EndpointName: queued requests divided by the instances behind the endpoint (Average). */
  backlogSizePerInstance: 'ApproximateBacklogSizePerInstance',
  /** EndpointName: queued requests, in processing or waiting. */
  backlogSize: 'ApproximateBacklogSize',
  /** EndpointName: seconds the oldest queued request has waited. */
  ageOfOldestRequest: 'ApproximateAgeOfOldestRequest',
  /** EndpointName: 1 while requests are queued and the endpoint has no instance, else 0. */
  hasBacklogWithoutCapacity: 'HasBacklogWithoutCapacity',
  /** EndpointName and VariantName: invocations that failed for any reason (Sum). */
  invocationFailures: 'InvocationFailures',
} as const;

/**
 * Metrics of an inference component in {@link SAGEMAKER_INVOCATION_NAMESPACE}, dimension InferenceComponentName
 * ("Scale an endpoint to zero instances", https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html).
 */
export const SAGEMAKER_COMPONENT_METRICS = {
  /** Requests that reached a component with no copy to serve them (Sum). */
  noCapacityInvocationFailures: 'NoCapacityInvocationFailures',
  /**
   * Invocations normalized by the component's copies (Sum). The per-request metrics of
   * {@link SAGEMAKER_INVOCATION_METRICS} (Invocations, Invocation4XXErrors, Invocation5XXErrors, ModelLatency) are
   * published with the InferenceComponentName dimension too ("Amazon SageMaker AI metrics in Amazon CloudWatch",
   * https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html#cloudwatch-metrics-endpoint-invocation).
   */
  invocationsPerCopy: 'InvocationsPerCopy',
} as const;

/**
 * Namespace of an inference component's utilization, dimension InferenceComponentName, each 0–100 % of what a copy
 * reserves (same page, "SageMaker AI inference component metrics").
 */
export const SAGEMAKER_COMPONENT_NAMESPACE = '/aws/sagemaker/InferenceComponents';

/** Utilization metrics in {@link SAGEMAKER_COMPONENT_NAMESPACE}. */
export const SAGEMAKER_COMPONENT_UTILIZATION_METRICS = {
  cpuUtilization: 'CPUUtilizationNormalized',
  memoryUtilization: 'MemoryUtilizationNormalized',
  gpuUtilization: 'GPUUtilizationNormalized',
  gpuMemoryUtilization: 'GPUMemoryUtilizationNormalized',
} as const;

/**
 * Namespace of Lambda's function metrics, dimensions FunctionName and Resource (`function:alias`) ("Types of
 * metrics for Lambda functions", https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html).
 */
export const LAMBDA_NAMESPACE = 'AWS/Lambda';

/**
 * Lambda function metrics in {@link LAMBDA_NAMESPACE}, from the same page; the concurrency ones also in
 * "Monitoring concurrency", https://docs.aws.amazon.com/lambda/latest/dg/monitoring-concurrency.html
 */
export const LAMBDA_METRICS = {
  /** Count of invocations run, failed ones included, throttled ones not. */
  invocations: 'Invocations',
  /** Count of invocations that ended in a function error (a crash, a timeout, out of memory). */
  errors: 'Errors',
  /** Count of invocation requests refused for lack of concurrency. */
  throttles: 'Throttles',
  /** Milliseconds the function code ran. */
  duration: 'Duration',
  /** Invocations running at the same time (view with Maximum). */
  concurrentExecutions: 'ConcurrentExecutions',
  /** Invocations running on provisioned concurrency at the same time. */
  provisionedConcurrentExecutions: 'ProvisionedConcurrentExecutions',
  /** Provisioned concurrency in use (0–1). */
  provisionedConcurrencyUtilization: 'ProvisionedConcurrencyUtilization',
  /** Count of invocations that found no provisioned environment free and ran on demand. */
  provisionedConcurrencySpilloverInvocations: 'ProvisionedConcurrencySpilloverInvocations',
} as const;

/**
 * Namespace of CloudWatch Logs' metrics, among them the forwarding of log events to a subscription filter's
 * destination, dimensions LogGroupName, DestinationType and FilterName ("Monitoring with CloudWatch metrics", Amazon
 * CloudWatch Logs User Guide, https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch-Logs-Monitoring-CloudWatch-Metrics.html).
 */
export const LOGS_NAMESPACE = 'AWS/Logs';

/** Subscription-filter metrics in {@link LOGS_NAMESPACE}, from the same page; valid statistic Sum. */
export const LOGS_SUBSCRIPTION_METRICS = {
  /**
   * Log events for which the destination returned an error. A retryable one (throttling, 5xx) is retried for up to
   * 24 hours; a non-retryable one (AccessDeniedException, ResourceNotFoundException) is not retried: those events
   * are lost ("Real-time processing of log data with subscriptions",
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Subscriptions.html).
   */
  deliveryErrors: 'DeliveryErrors',
  /** Log events for which the destination throttled CloudWatch Logs. */
  deliveryThrottling: 'DeliveryThrottling',
  /** Log events forwarded to the destination. */
  forwardedLogEvents: 'ForwardedLogEvents',
} as const;

/**
 * Namespace of Amazon Data Firehose's metrics, dimension DeliveryStreamName ("Monitor Amazon Data Firehose with
 * CloudWatch metrics", https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html).
 */
export const FIREHOSE_NAMESPACE = 'AWS/Firehose';

/** Delivery metrics of a stream with an S3 destination in {@link FIREHOSE_NAMESPACE}, from the same page. */
export const FIREHOSE_METRICS = {
  /** Seconds since the oldest record still in the stream entered it; everything older reached S3. */
  deliveryToS3DataFreshness: 'DeliveryToS3.DataFreshness',
  /** Successful S3 put commands over all S3 put commands. */
  deliveryToS3Success: 'DeliveryToS3.Success',
  /** Records delivered to S3. */
  deliveryToS3Records: 'DeliveryToS3.Records',
} as const;
