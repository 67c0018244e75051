import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  GUARDRAIL_POLICY_DIMENSION,
  GUARDRAIL_SOURCE_DIMENSION,
  LLM_PROXY_METRICS,
} from '../../contract/llm-proxy';
import type { Guardrail } from './guardrail';
import type { Telemetry } from './telemetry';

/**
 * The guardrail with its latency and interventions recorded: one GuardrailInterventions data point per policy and
 * source that intervened, each in its own metric set (dimensions Policy and Source beside the service), and a log
 * line that names the policies but never holds the checked text.
 */
export function observedGuardrail(guardrail: Guardrail, { logger, metrics }: Telemetry): Guardrail {
  return {
    async check(text, source) {
      const verdict = await guardrail.check(text, source);
      metrics.addMetric(LLM_PROXY_METRICS.guardrailLatency, MetricUnit.Milliseconds, verdict.latencyMs);
      if (verdict.outcome === 'pass') return verdict;
      for (const policy of verdict.policies) {
        const single = metrics.singleMetric();
        single.addDimensions({ [GUARDRAIL_POLICY_DIMENSION]: policy, [GUARDRAIL_SOURCE_DIMENSION]: source });
        single.addMetric(LLM_PROXY_METRICS.guardrailInterventions, MetricUnit.Count, 1);
      }
      logger.info('guardrail intervened', {
        source,
        outcome: verdict.outcome,
        policies: verdict.policies,
        checkedCharacters: text.length,
      });
      return verdict;
    },
  };
}
