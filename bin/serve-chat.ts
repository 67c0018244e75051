/**
 * `npm run serve -- --chat`: the chat proxy (lambda/llm-proxy/) on this machine, the handler that runs in Lambda,
 * in front of a local stand-in for a SageMaker LLM endpoint (or any SageMaker-compatible URL):
 *
 *   npm run serve -- --chat [--port 8080] [--format openai-chat|tgi-generate] [--token-delay-ms 20]
 *     [--upstream-url URL --endpoint NAME] [--guardrail-id ID --guardrail-version N [--stream-mode check-first]]
 */
import { parseArgs } from 'node:util';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { POWERTOOLS_ENV } from '../contract/environment';
import { LLM_PROXY_ENV } from '../contract/llm-proxy';
import { readProxyConfig, type ProxyConfig } from '../lambda/llm-proxy/config';
import { createGuardrail } from '../lambda/llm-proxy/guardrail';
import { startLocalChatServer, type LocalChatServer } from '../lambda/llm-proxy/local-server';
import { startLocalUpstream, type LocalUpstream } from '../lambda/llm-proxy/local-upstream';
import { createChatProxy } from '../lambda/llm-proxy/proxy';
import { createProxyTelemetry } from '../lambda/llm-proxy/telemetry';

export const CHAT_USAGE =
  'usage: npm run serve -- --chat [--port PORT] [--format openai-chat|tgi-generate] [--token-delay-ms MS]\n' +
  '         [--upstream-url URL --endpoint NAME] [--guardrail-id ID --guardrail-version N] [--stream-mode MODE]\n' +
  '  --port            port on 127.0.0.1; 0 picks a free one (default: 8080)\n' +
  '  --format          what the upstream speaks (default: openai-chat)\n' +
  '  --token-delay-ms  pace of the local stand-in model, per token (default: 20)\n' +
  '  --upstream-url    a SageMaker runtime URL to call instead of the local stand-in (AWS credentials apply)\n' +
  '  --endpoint        the endpoint name to invoke (default: local-llm)\n' +
  '  --guardrail-id    a Bedrock guardrail to apply (AWS credentials and region apply), with --guardrail-version\n' +
  '  --stream-mode     check-first or stream-first (default: check-first)\n' +
  '  Other settings come from the environment variables the function reads (MAX_TOKENS, UPSTREAM_TIMEOUT_MS, GUARDRAIL_*).';

export interface ServedChat {
  readonly server: LocalChatServer;
  readonly upstream?: LocalUpstream;
  readonly config: ProxyConfig;
  close(): Promise<void>;
}

/** Parse the command line into the function's environment variables, then serve as the function would. */
export async function serveChat(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServedChat> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      chat: { type: 'boolean' },
      port: { type: 'string', default: '8080' },
      format: { type: 'string' },
      'token-delay-ms': { type: 'string', default: '20' },
      'upstream-url': { type: 'string' },
      endpoint: { type: 'string', default: 'local-llm' },
      'guardrail-id': { type: 'string' },
      'guardrail-version': { type: 'string' },
      'stream-mode': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const config = readProxyConfig({
    ...env,
    [LLM_PROXY_ENV.endpointName]: values.endpoint,
    [LLM_PROXY_ENV.modelName]: env[LLM_PROXY_ENV.modelName] ?? values.endpoint,
    ...(values.format === undefined ? {} : { [LLM_PROXY_ENV.upstreamFormat]: values.format }),
    ...(values['guardrail-id'] === undefined ? {} : { [LLM_PROXY_ENV.guardrailId]: values['guardrail-id'] }),
    ...(values['guardrail-version'] === undefined
      ? {}
      : { [LLM_PROXY_ENV.guardrailVersion]: values['guardrail-version'] }),
    ...(values['stream-mode'] === undefined
      ? {}
      : { [LLM_PROXY_ENV.guardrailStreamMode]: values['stream-mode'] }),
  });
  const tokenDelayMs = Number(values['token-delay-ms']);
  const upstream =
    values['upstream-url'] === undefined
      ? await startLocalUpstream({
          format: config.upstreamFormat,
          tokenDelayMs,
          firstTokenDelayMs: tokenDelayMs,
        })
      : undefined;
  const sagemaker = new SageMakerRuntimeClient(
    upstream === undefined
      ? { endpoint: values['upstream-url'] }
      : {
          endpoint: upstream.url,
          region: 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        },
  );
  const handler = createChatProxy({
    ...createProxyTelemetry({ ...env, [LLM_PROXY_ENV.modelName]: config.modelName }),
    config,
    sagemaker,
    guardrail: config.guardrail && createGuardrail(new BedrockRuntimeClient({}), config.guardrail),
  });
  const server = await startLocalChatServer({ handler, port: Number(values.port) });
  return {
    server,
    upstream,
    config,
    close: async () => {
      await server.close();
      await upstream?.close();
    },
  };
}

/** Run from bin/serve.ts when the command line asks for `--chat`. */
export async function mainChat(argv: readonly string[]): Promise<void> {
  process.env[POWERTOOLS_ENV.metricsDisabled] ??= 'true';
  const served = await serveChat(argv);
  const { url } = served.server;
  const upstream = served.upstream
    ? `the local stand-in model at ${served.upstream.url}`
    : 'the given upstream';
  const guardrail = served.config.guardrail
    ? `guardrail ${served.config.guardrail.id} v${served.config.guardrail.version} (${served.config.guardrail.streamMode})`
    : 'no guardrail';
  process.stdout.write(
    `serving the chat proxy for ${served.config.modelName} (${served.config.upstreamFormat}, ${guardrail}) at ${url}, in front of ${upstream}\n` +
      `  curl -N ${url}/v1/chat/completions -H 'content-type: application/json' -d '{"messages":[{"role":"user","content":"Hello there"}],"stream":true}'\n` +
      `  OpenAI clients: baseURL ${url}/v1\n`,
  );
  const stop = (): void => {
    void served.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
