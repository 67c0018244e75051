import {
  ApplyGuardrailCommand,
  BedrockRuntimeClient,
  type ApplyGuardrailCommandInput,
  type ApplyGuardrailResponse,
} from '@aws-sdk/client-bedrock-runtime';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { mockClient } from 'aws-sdk-client-mock';
import OpenAI from 'openai';
import type { ProxyConfig } from '../../../lambda/llm-proxy/config';
import { localContext } from '../../../lambda/inference/local-server';
import { createGuardrail } from '../../../lambda/llm-proxy/guardrail';
import { startLocalChatServer, type LocalChatServer } from '../../../lambda/llm-proxy/local-server';
import {
  startLocalUpstream,
  type LocalUpstream,
  type LocalUpstreamOptions,
} from '../../../lambda/llm-proxy/local-upstream';
import { createChatProxy } from '../../../lambda/llm-proxy/proxy';
import type { Telemetry } from '../../../lambda/llm-proxy/telemetry';

export const ENDPOINT = 'chat-llm-dev';
export const MODEL = 'chat-llm';
const CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' };

/** Words the test guardrail blocks, and the message it answers with. */
export const BLOCKED_WORD = 'forbidden';
export const BLOCKED_INPUT_MESSAGE = 'Sorry, I cannot answer that question.';
export const BLOCKED_OUTPUT_MESSAGE = 'Sorry, the answer was withheld.';
const EMAIL = /[\w.]+@[\w.]+\.\w+/g;

/**
 * An ApplyGuardrail answer as Bedrock gives it: a word filter blocks {@link BLOCKED_WORD}, an e-mail address is
 * masked as {EMAIL} (sensitive information, ANONYMIZE), anything else passes.
 */
export function fakeApplyGuardrail(input: ApplyGuardrailCommandInput): ApplyGuardrailResponse {
  const text = (input.content ?? []).map((block) => block.text?.text ?? '').join('');
  const usage = {
    topicPolicyUnits: 1,
    contentPolicyUnits: 1,
    wordPolicyUnits: 1,
    sensitiveInformationPolicyUnits: 1,
    sensitiveInformationPolicyFreeUnits: 0,
    contextualGroundingPolicyUnits: 0,
  };
  if (text.includes(BLOCKED_WORD)) {
    return {
      usage,
      action: 'GUARDRAIL_INTERVENED',
      outputs: [{ text: input.source === 'INPUT' ? BLOCKED_INPUT_MESSAGE : BLOCKED_OUTPUT_MESSAGE }],
      assessments: [
        {
          wordPolicy: {
            customWords: [{ match: BLOCKED_WORD, action: 'BLOCKED', detected: true }],
            managedWordLists: [],
          },
          contentPolicy: {
            filters: [{ type: 'VIOLENCE', confidence: 'HIGH', action: 'BLOCKED', detected: true }],
          },
        },
      ],
    };
  }
  if (EMAIL.test(text)) {
    return {
      usage,
      action: 'GUARDRAIL_INTERVENED',
      outputs: [{ text: text.replace(EMAIL, '{EMAIL}') }],
      assessments: [
        {
          sensitiveInformationPolicy: {
            piiEntities: [{ match: 'x', type: 'EMAIL', action: 'ANONYMIZED', detected: true }],
            regexes: [],
          },
        },
      ],
    };
  }
  return { usage, action: 'NONE', outputs: [], assessments: [{}] };
}

export interface ProxyUnderTest {
  readonly upstream: LocalUpstream;
  readonly server: LocalChatServer;
  /** An OpenAI client pointed at the proxy, without retries. */
  readonly openai: OpenAI;
  /** The texts the guardrail was asked to check, in order, with their source. */
  readonly guardrailCalls: () => { source: string; text: string }[];
  readonly output: CapturedOutput;
  close(): Promise<void>;
}

export interface ProxySetup {
  readonly upstream?: Partial<LocalUpstreamOptions>;
  readonly config?: Partial<ProxyConfig>;
  /** Guardrail settings; absent for no guardrail. */
  readonly guardrail?: Partial<NonNullable<ProxyConfig['guardrail']>>;
  /** ApplyGuardrail fails with this error name instead of answering. */
  readonly guardrailFailure?: string;
  /** What each invocation's context says is left of the function's time. @default 60 s */
  readonly remainingTimeMs?: number;
}

/** The proxy served on 127.0.0.1 in front of a local upstream, the guardrail mocked with aws-sdk-client-mock. */
export async function startProxy(setup: ProxySetup = {}): Promise<ProxyUnderTest> {
  const format = setup.config?.upstreamFormat ?? 'openai-chat';
  const upstream = await startLocalUpstream({ format, endpointName: ENDPOINT, ...setup.upstream });
  const config: ProxyConfig = {
    endpointName: ENDPOINT,
    modelName: MODEL,
    upstreamFormat: format,
    upstreamTimeoutMs: 5_000,
    maxTokens: 256,
    maxRequestBytes: 64 * 1024,
    ...setup.config,
    guardrail:
      setup.guardrail === undefined
        ? undefined
        : {
            id: 'gr0123456789',
            version: '1',
            chunkCharacters: 40,
            overlapCharacters: 10,
            streamMode: 'check-first',
            ...setup.guardrail,
          },
  };
  const bedrock = new BedrockRuntimeClient({ region: 'us-east-1', credentials: CREDENTIALS });
  const bedrockMock = mockClient(bedrock);
  if (setup.guardrailFailure === undefined) {
    bedrockMock.on(ApplyGuardrailCommand).callsFake(fakeApplyGuardrail);
  } else {
    bedrockMock
      .on(ApplyGuardrailCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: setup.guardrailFailure }));
  }
  const output = captureTelemetry();
  const handler = createChatProxy({
    ...output.telemetry,
    config,
    sagemaker: new SageMakerRuntimeClient({
      region: 'us-east-1',
      endpoint: upstream.url,
      credentials: CREDENTIALS,
    }),
    guardrail: config.guardrail && createGuardrail(bedrock, config.guardrail),
  });
  const server = await startLocalChatServer({
    handler,
    port: 0,
    context: () => ({ ...localContext(), getRemainingTimeInMillis: () => setup.remainingTimeMs ?? 60_000 }),
  });
  return {
    upstream,
    server,
    openai: new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 }),
    guardrailCalls: () =>
      bedrockMock.commandCalls(ApplyGuardrailCommand).map((call) => ({
        source: call.args[0].input.source ?? '',
        text: (call.args[0].input.content ?? []).map((block) => block.text?.text ?? '').join(''),
      })),
    output,
    close: async () => {
      await server.close();
      await upstream.close();
      bedrockMock.restore();
      output.restore();
    },
  };
}

export interface EmfRecord {
  readonly dimensions: Record<string, unknown>;
  readonly metrics: Record<string, { unit: string; value: unknown }>;
}

export interface CapturedOutput {
  readonly telemetry: Telemetry;
  /** Embedded-metric-format records the metrics wrote. */
  emf(): EmfRecord[];
  /** Everything logged, as text. */
  logs(): string;
}

/**
 * Logger and metrics as they run in Lambda (metrics printed in embedded metric format), their stdout kept for the
 * test instead of printed. Powertools writes through a console on process.stdout, single metrics through one of
 * their own, so stdout and stderr themselves are captured until the proxy is closed.
 */
export function captureTelemetry(): CapturedOutput & { restore(): void } {
  const chunks: string[] = [];
  const keep = (chunk: string | Uint8Array): boolean => {
    chunks.push(chunk.toString());
    return true;
  };
  // Metrics and info logs go to stdout, warnings and errors to stderr.
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(keep),
    jest.spyOn(process.stderr, 'write').mockImplementation(keep),
  ];
  const saved = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  const telemetry: Telemetry = {
    logger: new Logger({ serviceName: MODEL, logLevel: 'INFO' }),
    metrics: new Metrics({ namespace: 'Test/LlmProxy', serviceName: MODEL }),
  };
  if (saved === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
  else process.env.POWERTOOLS_METRICS_DISABLED = saved;
  const lines = (): string[] =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '');
  const parsed = (): Record<string, unknown>[] =>
    lines().flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  return {
    telemetry,
    emf: () =>
      parsed()
        .filter((entry) => entry._aws !== undefined)
        .map((entry) => {
          const directive = (
            entry._aws as {
              CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
            }
          ).CloudWatchMetrics[0];
          return {
            dimensions: Object.fromEntries(directive.Dimensions[0].map((name) => [name, entry[name]])),
            metrics: Object.fromEntries(
              directive.Metrics.map((m) => [m.Name, { unit: m.Unit, value: entry[m.Name] }]),
            ),
          };
        }),
    logs: () =>
      lines()
        .filter((line) => !line.includes('"_aws"'))
        .join('\n'),
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

/** Read an OpenAI stream to its end: the chunks, and the text of their deltas. */
export async function readStream(
  stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>,
): Promise<{ chunks: OpenAI.Chat.Completions.ChatCompletionChunk[]; text: string }> {
  const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return { chunks, text: chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('') };
}
