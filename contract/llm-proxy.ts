/**
 * What the chat proxy (lambda/llm-proxy/: an OpenAI-compatible `POST /v1/chat/completions` in front of a SageMaker
 * LLM endpoint, with an Amazon Bedrock guardrail on the prompt and the streamed answer) and the constructs that
 * deploy it agree on: the environment variables the construct sets and the function reads, and the metrics the
 * function writes and the alarms and dashboards read. Imports nothing.
 */

/** What the chat proxy construct sets on the function and lambda/llm-proxy/ reads at initialisation. */
export const LLM_PROXY_ENV = {
  /** Name of the SageMaker endpoint answered through InvokeEndpointWithResponseStream. */
  endpointName: 'ENDPOINT_NAME',
  /** The model name the proxy answers under (`model` of every answer); also the metrics `service` dimension. */
  modelName: 'MODEL_NAME',
  /** Request and stream format the upstream container speaks: one of {@link LLM_UPSTREAM_FORMATS}. */
  upstreamFormat: 'UPSTREAM_FORMAT',
  /** Milliseconds the proxy waits for the upstream's first token, then for each next one, before it gives up. */
  upstreamTimeoutMs: 'UPSTREAM_TIMEOUT_MS',
  /** `max_tokens` when the request sets none; also the largest a request may ask for. */
  maxTokens: 'MAX_TOKENS',
  /** Identifier of the Bedrock guardrail; unset for no guardrail. */
  guardrailId: 'GUARDRAIL_ID',
  /** Published version of the guardrail (a number, never DRAFT in a deployment). */
  guardrailVersion: 'GUARDRAIL_VERSION',
  /** Characters of answer text per ApplyGuardrail call while the answer streams. */
  guardrailChunkCharacters: 'GUARDRAIL_CHUNK_CHARACTERS',
  /** Characters of already-checked text carried into the next chunk's check, so a phrase split at a boundary is seen. */
  guardrailOverlapCharacters: 'GUARDRAIL_OVERLAP_CHARACTERS',
  /** When streamed text reaches the client: one of {@link GUARDRAIL_STREAM_MODES}. */
  guardrailStreamMode: 'GUARDRAIL_STREAM_MODE',
  /** CloudWatch namespace of the proxy's own metrics. */
  metricsNamespace: 'METRICS_NAMESPACE',
} as const;

/**
 * Upstream wire formats: `openai-chat` sends the OpenAI chat completions body (LMI's chat completions schema and
 * TGI's Messages API both accept it on SageMaker's /invocations) and reads `chat.completion.chunk` events;
 * `tgi-generate` sends TGI's `{inputs, parameters, stream}` and reads its token events.
 */
export const LLM_UPSTREAM_FORMATS = ['openai-chat', 'tgi-generate'] as const;
export type LlmUpstreamFormat = (typeof LLM_UPSTREAM_FORMATS)[number];

/**
 * `check-first`: each chunk is checked before any of it is sent (the client never sees blocked text; first token
 * waits for one check). `stream-first`: text is sent as it arrives and checked behind it; a blocked chunk ends the
 * stream with a retraction event (lower time to first token; the client may have shown text that is then retracted).
 */
export const GUARDRAIL_STREAM_MODES = ['check-first', 'stream-first'] as const;
export type GuardrailStreamMode = (typeof GUARDRAIL_STREAM_MODES)[number];

/** Namespace of the proxy's own metrics when METRICS_NAMESPACE is unset. */
export const DEFAULT_LLM_PROXY_NAMESPACE = 'MlDeploy/LlmProxy';

/**
 * Metrics the proxy writes in embedded metric format with Powertools for AWS Lambda, dimension `service` = the model
 * name, except {@link LLM_PROXY_METRICS.guardrailInterventions}, which also carries {@link GUARDRAIL_POLICY_DIMENSION}
 * and {@link GUARDRAIL_SOURCE_DIMENSION}.
 */
export const LLM_PROXY_METRICS = {
  /** Count: chat completion requests received (valid or not). */
  requests: 'ChatRequests',
  /** Milliseconds from the request to the first answer token sent to the client (after its guardrail check in check-first mode). */
  timeToFirstToken: 'TimeToFirstToken',
  /** Count/Second: answer tokens over the time from first to last token, per request. */
  tokensPerSecond: 'TokensPerSecond',
  /** Count: answer tokens per request. */
  outputTokens: 'OutputTokens',
  /** Count: prompt tokens per request, as the upstream reports them (0 when it does not). */
  inputTokens: 'InputTokens',
  /** Count: requests answered with a 4xx status (bad body, too many tokens asked). */
  invalidRequests: 'InvalidRequests',
  /** Count: requests that failed upstream or in the proxy (5xx before the stream, or an error event in it). */
  upstreamErrors: 'UpstreamErrors',
  /** Count: requests whose upstream gave no token within the timeout. */
  upstreamTimeouts: 'UpstreamTimeouts',
  /** Count: requests whose prompt or answer the guardrail blocked (one per request). */
  guardrailBlocked: 'GuardrailBlocked',
  /** Count: guardrail interventions, one per policy and source that intervened. */
  guardrailInterventions: 'GuardrailInterventions',
  /** Milliseconds per ApplyGuardrail call. */
  guardrailLatency: 'GuardrailLatency',
} as const;

/** Dimension of {@link LLM_PROXY_METRICS.guardrailInterventions}: which policy intervened. */
export const GUARDRAIL_POLICY_DIMENSION = 'Policy';
/** Values of {@link GUARDRAIL_POLICY_DIMENSION}, after the assessment fields of the ApplyGuardrail answer. */
export const GUARDRAIL_POLICIES = [
  'content',
  'topic',
  'word',
  'sensitiveInformation',
  'contextualGrounding',
] as const;
export type GuardrailPolicy = (typeof GUARDRAIL_POLICIES)[number];

/** Dimension of {@link LLM_PROXY_METRICS.guardrailInterventions}: `INPUT` (the prompt) or `OUTPUT` (the answer). */
export const GUARDRAIL_SOURCE_DIMENSION = 'Source';
