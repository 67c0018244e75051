import { Duration } from 'aws-cdk-lib';

/**
 * Thresholds of the alarms that roll a deployment back, the same two on every hosting target: the share of
 * requests that fail and the p99 latency. A target adds its own thresholds by extending this interface.
 */
export interface RollbackThresholds {
  /** Largest acceptable share of invocations that fail, in percent. @default 1 */
  readonly maxErrorRatePercent?: number;
  /**
   * Largest acceptable p99 latency: SageMaker's ModelLatency, Lambda's Duration.
   * @default Duration.seconds(1) on SageMaker; 80 % of the function timeout on Lambda
   */
  readonly maxP99Latency?: Duration;
}
