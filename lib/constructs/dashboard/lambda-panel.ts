import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { HANDLER_METRICS, HandlerMetricName, LAMBDA_METRICS } from '../../../contract/metrics';
import { handlerMetric } from '../lambda/handler-metrics';
import { LambdaInference } from '../lambda/inference';
import { ModelPanel } from './model-dashboard';
import { CapacityRange, PERCENTILES, PERIOD, rangeLines } from './panel-kit';

export interface LambdaPanelOptions {
  /** Title of the row. @default the model name */
  readonly name?: string;
  /** The function's reserved concurrency, the most it can run at once. @default none (the account's pool) */
  readonly reservedConcurrency?: number;
  /** Provisioned concurrency range of the live alias, schedules included. @default none */
  readonly provisionedConcurrency?: CapacityRange;
}

/** The dashboard panel of a Lambda-served model, from the live alias and the handler's own metrics. */
export function lambdaInferencePanel(
  inference: LambdaInference,
  options: LambdaPanelOptions = {},
): ModelPanel {
  const { alias } = inference;
  const { reservedConcurrency, provisionedConcurrency } = options;
  const handlerCount = (metricName: HandlerMetricName, label: string, color: string) =>
    handlerMetric(inference.metricsNamespace, inference.modelName, metricName, {
      period: PERIOD,
      label,
      color,
    });
  const concurrency = inference.function.metric(LAMBDA_METRICS.concurrentExecutions, {
    statistic: cloudwatch.Stats.MAXIMUM,
    period: PERIOD,
    label: 'Concurrent executions (function)',
  });
  const provisioned = provisionedConcurrency !== undefined && provisionedConcurrency.max > 0;
  return {
    name: options.name ?? inference.modelName,
    target: 'lambda',
    summary: `Live alias \`${alias.aliasName}\`; handler metrics in \`${inference.metricsNamespace}\``,
    traffic: {
      left: [inference.metricInvocations({ label: 'Invocations (live alias)' })],
      leftYAxis: { label: 'requests / min', showUnits: false },
    },
    errors: {
      left: [
        handlerCount(
          HANDLER_METRICS.invalidRequests,
          'InvalidRequests (handler 4xx)',
          cloudwatch.Color.ORANGE,
        ),
        handlerCount(HANDLER_METRICS.internalErrors, 'InternalErrors (handler 5xx)', cloudwatch.Color.RED),
        inference.metricErrors({
          label: 'Errors (crash, timeout, out of memory)',
          color: cloudwatch.Color.PINK,
        }),
        inference.metricThrottles({ label: LAMBDA_METRICS.throttles, color: cloudwatch.Color.PURPLE }),
      ],
      leftYAxis: { label: 'requests / min', showUnits: false },
    },
    latencyMs: {
      // Lambda reports Duration in milliseconds.
      left: PERCENTILES.map((p) =>
        alias.metricDuration({ statistic: p, period: PERIOD, label: `Duration ${p} (ms)` }),
      ),
      leftYAxis: { label: 'ms', showUnits: false },
    },
    capacity: {
      left: [
        concurrency,
        ...(provisioned
          ? [
              alias.metric(LAMBDA_METRICS.provisionedConcurrentExecutions, {
                statistic: cloudwatch.Stats.MAXIMUM,
                period: PERIOD,
                label: 'Provisioned concurrent executions (live alias)',
              }),
            ]
          : []),
      ],
      limits: [
        ...(reservedConcurrency !== undefined
          ? [
              {
                value: reservedConcurrency,
                label: `reserved ${reservedConcurrency}`,
                color: cloudwatch.Color.RED,
              },
            ]
          : []),
        ...(provisioned ? rangeLines(provisionedConcurrency, 'provisioned') : []),
      ],
      leftYAxis: { label: 'concurrent executions', showUnits: false },
    },
    utilization:
      provisioned || reservedConcurrency !== undefined
        ? {
            left: [
              ...(provisioned
                ? [
                    new cloudwatch.MathExpression({
                      expression: 'provisionedUtilization * 100',
                      usingMetrics: {
                        provisionedUtilization: alias.metric(
                          LAMBDA_METRICS.provisionedConcurrencyUtilization,
                          {
                            statistic: cloudwatch.Stats.MAXIMUM,
                            period: PERIOD,
                          },
                        ),
                      },
                      period: PERIOD,
                      label: 'Provisioned concurrency in use (%)',
                    }),
                  ]
                : []),
              ...(reservedConcurrency
                ? [
                    new cloudwatch.MathExpression({
                      expression: `100 * concurrency / ${reservedConcurrency}`,
                      usingMetrics: { concurrency },
                      period: PERIOD,
                      label: `Concurrency (% of reserved ${reservedConcurrency})`,
                    }),
                  ]
                : []),
            ],
            leftYAxis: { label: '%', max: 100, showUnits: false },
          }
        : undefined,
    alarms: inference.rollbackAlarms.alarms,
  };
}
