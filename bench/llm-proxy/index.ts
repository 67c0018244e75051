/**
 * Time to first token and tokens per second through the chat proxy, against a local upstream, with the guardrail
 * off and on (check-first and stream-first, two chunk sizes):
 *
 *   npm run bench:llm-proxy [-- --quick] [-- --guardrail-latency-ms 250] [-- --token-delay-ms 10]
 *
 * The upstream is the local stand-in for SageMaker's response stream (lambda/llm-proxy/local-upstream.ts): a fixed
 * prefill delay, then one token every `--token-delay-ms`. The guardrail is the proxy's real guardrail code over a
 * Bedrock client whose ApplyGuardrail answers "no intervention" after a fixed `--guardrail-latency-ms`: that latency
 * is an assumption to vary, not a measurement of Bedrock. Times are seen by an OpenAI client: time to first token
 * from the request to the first content delta, tokens per second over first to last delta (as the proxy's own
 * TokensPerSecond metric), and the total time.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import {
  InvokeEndpointWithResponseStreamCommand,
  SageMakerRuntimeClient,
} from '@aws-sdk/client-sagemaker-runtime';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import OpenAI from 'openai';
import type { GuardrailConfig, ProxyConfig } from '../../lambda/llm-proxy/config';
import { createGuardrail } from '../../lambda/llm-proxy/guardrail';
import { startLocalChatServer } from '../../lambda/llm-proxy/local-server';
import { startLocalUpstream } from '../../lambda/llm-proxy/local-upstream';
import { createChatProxy } from '../../lambda/llm-proxy/proxy';
import { LineSplitter } from '../../lambda/llm-proxy/line-splitter';
import { parseUpstreamLine } from '../../lambda/llm-proxy/upstream-formats';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const index = args.indexOf(name);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const quick = args.includes('--quick');
const RUNS = quick ? 2 : 5;
const ANSWER_TOKENS = quick ? 60 : 120;
const PREFILL_MS = option('--prefill-ms', 100);
const TOKEN_DELAY_MS = option('--token-delay-ms', 10);
const GUARDRAIL_LATENCY_MS = option('--guardrail-latency-ms', 250);

interface Case {
  readonly name: string;
  readonly guardrail?: Omit<GuardrailConfig, 'id' | 'version'>;
}

const CASES: readonly Case[] = [
  { name: 'no guardrail' },
  {
    name: 'check-first 400/100',
    guardrail: { streamMode: 'check-first', chunkCharacters: 400, overlapCharacters: 100 },
  },
  {
    name: 'stream-first 400/100',
    guardrail: { streamMode: 'stream-first', chunkCharacters: 400, overlapCharacters: 100 },
  },
  {
    name: 'check-first 50/10',
    guardrail: { streamMode: 'check-first', chunkCharacters: 50, overlapCharacters: 10 },
  },
  {
    name: 'stream-first 50/10',
    guardrail: { streamMode: 'stream-first', chunkCharacters: 50, overlapCharacters: 10 },
  },
];

interface Run {
  readonly ttftMs: number;
  readonly tokensPerSecond: number;
  readonly totalMs: number;
  readonly guardrailCalls: number;
}

/** A Bedrock client whose ApplyGuardrail passes everything after a fixed delay. */
function simulatedBedrock(counter: { calls: number }): BedrockRuntimeClient {
  const send = async (): Promise<object> => {
    counter.calls += 1;
    await new Promise((resolve) => setTimeout(resolve, GUARDRAIL_LATENCY_MS));
    return { action: 'NONE', outputs: [], assessments: [{}], usage: undefined };
  };
  return { send } as unknown as BedrockRuntimeClient;
}

/** The answer the stand-in endpoint streams, one token per part. */
const TOKENS = Array.from({ length: ANSWER_TOKENS }, (_, i) => ` tok${i % 10}`);

/** The stand-in endpoint every row reads: TOKENS after PREFILL_MS, one per TOKEN_DELAY_MS. */
function benchUpstream() {
  return startLocalUpstream({
    format: 'openai-chat',
    answer: () => TOKENS,
    firstTokenDelayMs: PREFILL_MS,
    tokenDelayMs: TOKEN_DELAY_MS,
    partBytes: 64,
  });
}

async function measure(benchCase: Case): Promise<Run[]> {
  const upstream = await benchUpstream();
  const counter = { calls: 0 };
  const config: ProxyConfig = {
    endpointName: 'bench',
    modelName: 'bench',
    upstreamFormat: 'openai-chat',
    upstreamTimeoutMs: 30_000,
    maxTokens: 1024,
    maxRequestBytes: 1024 * 1024,
    guardrail: benchCase.guardrail && { id: 'bench', version: '1', ...benchCase.guardrail },
  };
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const handler = createChatProxy({
    logger: new Logger({ serviceName: 'bench', logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Bench', serviceName: 'bench' }),
    config,
    sagemaker: new SageMakerRuntimeClient({
      region: 'us-east-1',
      endpoint: upstream.url,
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    }),
    guardrail: config.guardrail && createGuardrail(simulatedBedrock(counter), config.guardrail),
  });
  const server = await startLocalChatServer({ handler, port: 0 });
  const openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  const runs: Run[] = [];
  try {
    for (let i = 0; i <= RUNS; i += 1) {
      counter.calls = 0;
      const started = performance.now();
      const stream = await openai.chat.completions.create({
        model: 'bench',
        messages: [{ role: 'user', content: 'Tell me a long story.' }],
        stream: true,
      });
      let first: number | undefined;
      let last = started;
      let text = '';
      for await (const chunk of stream) {
        const content = chunk.choices[0]?.delta?.content;
        if (!content) continue;
        last = performance.now();
        first ??= last;
        text += content;
      }
      if (text !== TOKENS.join('')) throw new Error(`${benchCase.name}: the answer came back altered`);
      // The first request warms the SDK client and the connections; it is not counted.
      if (i === 0 || first === undefined) continue;
      runs.push({
        ttftMs: first - started,
        tokensPerSecond: last > first ? ANSWER_TOKENS / ((last - first) / 1000) : Infinity,
        totalMs: last - started,
        guardrailCalls: counter.calls,
      });
    }
  } finally {
    await server.close();
    await upstream.close();
  }
  return runs;
}

/** The same upstream read directly with the SDK: what the proxy adds is the difference to this row. */
async function measureBare(): Promise<Run[]> {
  const upstream = await benchUpstream();
  const client = new SageMakerRuntimeClient({
    region: 'us-east-1',
    endpoint: upstream.url,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const runs: Run[] = [];
  try {
    for (let i = 0; i <= RUNS; i += 1) {
      const started = performance.now();
      const response = await client.send(
        new InvokeEndpointWithResponseStreamCommand({
          EndpointName: 'bench',
          Body: new TextEncoder().encode('{"messages":[{"role":"user","content":"Tell me a long story."}]}'),
          ContentType: 'application/json',
        }),
      );
      const lines = new LineSplitter();
      let first: number | undefined;
      let last = started;
      for await (const event of response.Body ?? []) {
        for (const line of lines.push(event.PayloadPart?.Bytes ?? new Uint8Array())) {
          if (parseUpstreamLine('openai-chat', line).some((e) => e.kind === 'token')) {
            last = performance.now();
            first ??= last;
          }
        }
      }
      if (i === 0 || first === undefined) continue;
      runs.push({
        ttftMs: first - started,
        tokensPerSecond: ANSWER_TOKENS / ((last - first) / 1000),
        totalMs: last - started,
        guardrailCalls: 0,
      });
    }
  } finally {
    await upstream.close();
  }
  return runs;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const answerCharacters = ANSWER_TOKENS * ' tok0'.length;
  process.stdout.write(
    `chat proxy bench: local upstream with ${PREFILL_MS} ms prefill, then 1 token / ${TOKEN_DELAY_MS} ms ` +
      `(${Math.round(1000 / TOKEN_DELAY_MS)} tokens/s), ${ANSWER_TOKENS} tokens (${answerCharacters} characters); ` +
      `guardrail simulated: ApplyGuardrail answers after a fixed ${GUARDRAIL_LATENCY_MS} ms (an assumption, not a measurement); ` +
      `median of ${RUNS} runs after one warm-up\n\n`,
  );
  const rows = [['case', 'TTFT ms', 'tokens/s', 'total ms', 'ApplyGuardrail calls']];
  const cases: [string, () => Promise<Run[]>][] = [
    ['upstream alone (SDK)', measureBare],
    ...CASES.map((c): [string, () => Promise<Run[]>] => [c.name, () => measure(c)]),
  ];
  for (const [name, run] of cases) {
    const runs = await run();
    const perSecond = median(runs.map((r) => r.tokensPerSecond));
    rows.push([
      name,
      median(runs.map((r) => r.ttftMs)).toFixed(0),
      // All text in one release (check-first with the answer in one chunk): no rate between first and last token.
      Number.isFinite(perSecond) ? perSecond.toFixed(1) : 'one burst',
      median(runs.map((r) => r.totalMs)).toFixed(0),
      median(runs.map((r) => r.guardrailCalls)).toFixed(0),
    ]);
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) {
    process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column])).join('  ')}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
