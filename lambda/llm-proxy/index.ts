/**
 * Lambda entry point: `index.handler`, a response streaming handler behind a Function URL in RESPONSE_STREAM invoke
 * mode. Configuration comes from the environment variables of contract/llm-proxy.ts; clients, logger and metrics
 * live in module scope and are reused by warm invocations.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { readProxyConfig, type ProxyConfig } from './config';
import { createGuardrail } from './guardrail';
import { createChatProxy } from './proxy';
import { createProxyTelemetry } from './telemetry';

const telemetry = createProxyTelemetry(process.env);

function configure(): ProxyConfig {
  try {
    return readProxyConfig(process.env);
  } catch (error) {
    telemetry.logger.critical('the chat proxy is misconfigured', { error });
    throw error;
  }
}

const config = configure();

export const handler = createChatProxy({
  ...telemetry,
  config,
  sagemaker: new SageMakerRuntimeClient({}),
  guardrail: config.guardrail && createGuardrail(new BedrockRuntimeClient({}), config.guardrail),
});
