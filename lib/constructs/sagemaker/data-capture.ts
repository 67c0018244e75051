import * as kms from 'aws-cdk-lib/aws-kms';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';

/** Request and response capture to S3, for drift monitoring. */
export interface DataCapture {
  /** `s3://bucket/prefix` the captured records go to. */
  readonly destinationS3Uri: string;
  /** Share of requests captured, 0–100. @default 100 */
  readonly samplingPercent?: number;
  /** @default true */
  readonly captureInputs?: boolean;
  /** @default true */
  readonly captureOutputs?: boolean;
  /** Key that encrypts the captured objects. @default the bucket's default encryption */
  readonly encryptionKey?: kms.IKey;
}

/** The endpoint config's DataCaptureConfig: JSON bodies captured as text. */
export function renderDataCapture(
  capture: DataCapture,
): sagemaker.CfnEndpointConfig.DataCaptureConfigProperty {
  const modes = [
    ...((capture.captureInputs ?? true) ? [{ captureMode: 'Input' }] : []),
    ...((capture.captureOutputs ?? true) ? [{ captureMode: 'Output' }] : []),
  ];
  return {
    enableCapture: true,
    destinationS3Uri: capture.destinationS3Uri,
    initialSamplingPercentage: capture.samplingPercent ?? 100,
    captureOptions: modes,
    kmsKeyId: capture.encryptionKey?.keyArn,
    captureContentTypeHeader: { jsonContentTypes: ['application/json'] },
  };
}
