import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { LLM_PROXY_METRICS } from '../../contract/llm-proxy';
import { AnswerGuard, type GuardStep } from './answer-guard';
import type { AnswerWriter } from './answer-writer';
import type { ChatMessage, ChatRequest } from './chat-request';
import {
  completion,
  completionChunk,
  usageChunk,
  usageOf,
  type AnswerFinish,
  type CompletionIdentity,
  type GuardrailNote,
} from './completion';
import type { ProxyConfig } from './config';
import { FALLBACK_BLOCKED_MESSAGE, type Guardrail, type GuardrailVerdict } from './guardrail';
import type { Telemetry } from './telemetry';
import { streamUpstream } from './upstream';
import { buildUpstreamBody, type FinishReason } from './upstream-formats';

type Intervention = Extract<GuardrailVerdict, { outcome: 'blocked' | 'masked' }>;

export interface ChatTurnContext extends Telemetry {
  readonly config: ProxyConfig;
  readonly sagemaker: SageMakerRuntimeClient;
  readonly guardrail?: Guardrail;
  readonly identity: CompletionIdentity;
  readonly writer: AnswerWriter;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
  /** `performance.now()` when the request arrived. */
  readonly startedAt: number;
}

/**
 * Answer one valid chat request: guardrail on the prompt, the upstream stream, guardrail on the answer, and the
 * answer written as server-sent events or as one JSON object. A prompt the guardrail blocks never reaches the
 * upstream; an answer it blocks is cut with a final `content_filter` chunk.
 */
export async function answerChat(request: ChatRequest, turn: ChatTurnContext): Promise<void> {
  const { config, guardrail, metrics } = turn;
  let messages = request.messages;
  if (guardrail !== undefined) {
    const index = lastUserIndex(messages);
    const verdict = await guardrail.check(messages[index].content, 'INPUT');
    if (verdict.outcome === 'blocked') {
      metrics.addMetric(LLM_PROXY_METRICS.guardrailBlocked, MetricUnit.Count, 1);
      await answerBlocked(request, turn, verdict, 'INPUT', false, '');
      return;
    }
    if (verdict.outcome === 'masked') {
      messages = messages.map((m, i) => (i === index ? { ...m, content: verdict.text } : m));
    }
  }

  // The whole answer is checked before it is sent when the client waits for one JSON answer anyway.
  const guard =
    guardrail === undefined || config.guardrail === undefined
      ? undefined
      : new AnswerGuard(guardrail, {
          chunkCharacters: config.guardrail.chunkCharacters,
          overlapCharacters: config.guardrail.overlapCharacters,
          mode: request.stream ? config.guardrail.streamMode : 'check-first',
        });
  let text = '';
  let firstSentAt: number | undefined;
  const release = async (piece: string): Promise<void> => {
    if (piece === '') return;
    firstSentAt ??= performance.now();
    text += piece;
    if (request.stream) await turn.writer.sendText(piece);
  };

  let tokens = 0;
  let firstTokenAt: number | undefined;
  let lastTokenAt: number | undefined;
  let finish: FinishReason = 'stop';
  let promptTokens: number | undefined;
  let completionTokens: number | undefined;
  let stop: GuardStep['stop'];
  const upstream = streamUpstream(turn.sagemaker, {
    endpointName: config.endpointName,
    format: config.upstreamFormat,
    body: buildUpstreamBody(config.upstreamFormat, { ...request, messages }),
    timeoutMs: config.upstreamTimeoutMs,
    signal: turn.signal,
  });
  for await (const event of upstream) {
    if (event.kind === 'token') {
      tokens += 1;
      lastTokenAt = performance.now();
      firstTokenAt ??= lastTokenAt;
      const step: GuardStep = guard === undefined ? { release: event.text } : await guard.push(event.text);
      await release(step.release);
      if (step.stop !== undefined) {
        stop = step.stop;
        break; // ends the upstream call
      }
    } else if (event.kind === 'finish') {
      finish = event.reason;
    } else if (event.kind === 'usage') {
      promptTokens = event.promptTokens ?? promptTokens;
      completionTokens = event.completionTokens ?? completionTokens;
    }
  }
  if (stop === undefined && guard !== undefined) {
    const step = await guard.finish();
    await release(step.release);
    stop = step.stop;
  }

  const outputTokens = completionTokens ?? tokens;
  metrics.addMetric(LLM_PROXY_METRICS.outputTokens, MetricUnit.Count, outputTokens);
  metrics.addMetric(LLM_PROXY_METRICS.inputTokens, MetricUnit.Count, promptTokens ?? 0);
  if (firstSentAt !== undefined) {
    metrics.addMetric(
      LLM_PROXY_METRICS.timeToFirstToken,
      MetricUnit.Milliseconds,
      firstSentAt - turn.startedAt,
    );
  }
  if (firstTokenAt !== undefined && lastTokenAt !== undefined && lastTokenAt > firstTokenAt) {
    const perSecond = outputTokens / ((lastTokenAt - firstTokenAt) / 1000);
    metrics.addMetric(LLM_PROXY_METRICS.tokensPerSecond, MetricUnit.CountPerSecond, perSecond);
  }

  if (stop !== undefined) {
    metrics.addMetric(LLM_PROXY_METRICS.guardrailBlocked, MetricUnit.Count, 1);
    await answerBlocked(
      request,
      turn,
      stop.verdict,
      'OUTPUT',
      stop.retract,
      text,
      outputTokens,
      promptTokens,
    );
    return;
  }
  const usage = usageOf(promptTokens ?? 0, outputTokens);
  if (!request.stream) {
    await turn.writer.sendJson(200, completion(turn.identity, text, finish, usage));
    return;
  }
  const last = completionChunk(turn.identity, {}, finish);
  await (request.includeUsage
    ? turn.writer.finishEvents(last, usageChunk(turn.identity, usage))
    : turn.writer.finishEvents(last));
}

/**
 * The guardrail stopped the prompt or the answer: the client gets the guardrail's blocked message as the answer's
 * content with finish reason `content_filter` (what OpenAI clients expect of a filtered answer) and a `guardrail`
 * note. `retract` tells a streaming client to discard the text it already showed (stream-first mode).
 */
async function answerBlocked(
  request: ChatRequest,
  turn: ChatTurnContext,
  verdict: Intervention,
  source: 'INPUT' | 'OUTPUT',
  retract: boolean,
  sentText: string,
  outputTokens = 0,
  promptTokens?: number,
): Promise<void> {
  const message = verdict.outcome === 'blocked' ? verdict.message : FALLBACK_BLOCKED_MESSAGE;
  const note: GuardrailNote = { action: retract ? 'retract' : 'blocked', source, policies: verdict.policies };
  turn.logger.warn('guardrail stopped the answer', {
    source,
    outcome: verdict.outcome,
    policies: verdict.policies,
    retract,
    sentCharacters: sentText.length,
  });
  const finish: AnswerFinish = 'content_filter';
  const usage = usageOf(promptTokens ?? 0, outputTokens);
  if (!request.stream) {
    await turn.writer.sendJson(200, completion(turn.identity, message, finish, usage, note));
    return;
  }
  const delta = turn.writer.opened ? { content: message } : { role: 'assistant' as const, content: message };
  const last = completionChunk(turn.identity, delta, finish, { guardrail: note });
  await (request.includeUsage
    ? turn.writer.finishEvents(last, usageChunk(turn.identity, usage))
    : turn.writer.finishEvents(last));
}

function lastUserIndex(messages: readonly ChatMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i -= 1) if (messages[i].role === 'user') return i;
  return messages.length - 1;
}
