/**
 * Stack outputs of an asynchronous SageMaker model that `mldeploy invoke --async` reads: where a request body is
 * uploaded, and where SageMaker writes answers and failures. Written by lib/app/sagemaker-async.ts, read by
 * lib/ops/invoke-async.ts. Imports nothing.
 */
export const ASYNC_STACK_OUTPUTS = {
  input: 'AsyncInputS3Uri',
  output: 'AsyncOutputS3Uri',
  failure: 'AsyncFailureS3Uri',
} as const;
