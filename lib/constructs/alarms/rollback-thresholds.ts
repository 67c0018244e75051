import { Duration, Token } from 'aws-cdk-lib';
import { PropProblem } from '../errors/validation';

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

/** The rules both hosting targets apply to the shared thresholds, keyed by the prop to blame (`rollbackAlarms.<field>`). */
export function rollbackThresholdProblems(thresholds: RollbackThresholds): PropProblem[] {
  const { maxErrorRatePercent } = thresholds;
  if (
    maxErrorRatePercent === undefined ||
    Token.isUnresolved(maxErrorRatePercent) ||
    (maxErrorRatePercent >= 0 && maxErrorRatePercent <= 100)
  ) {
    return [];
  }
  return [
    {
      field: 'rollbackAlarms.maxErrorRatePercent',
      value: String(maxErrorRatePercent),
      message: 'must be from 0 to 100',
    },
  ];
}
