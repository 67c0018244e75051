import { Duration, RemovalPolicy, Size, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  DEFAULT_LLM_PROXY_NAMESPACE,
  GuardrailStreamMode,
  LLM_PROXY_ENV,
  LlmUpstreamFormat,
} from '../../../contract/llm-proxy';
import { PropProblem, throwOnProblems } from '../errors/validation';
import { llmProxyCode } from '../private/lambda-bundles';
import { acknowledgeWildcardFindings } from '../private/nag';
import { ChatProxyMetrics } from './chat-proxy-metrics';
import { BedrockGuardrail } from './guardrail';
import { overlapProblem } from './guardrail-rules';

/** The guardrail a chat proxy applies to every prompt and, chunk by chunk, to every streamed answer. */
export interface ChatGuardrailOptions {
  readonly guardrail: BedrockGuardrail;
  /** Characters of answer text per ApplyGuardrail call. @default 500 */
  readonly chunkCharacters?: number;
  /** Characters of the previous chunk carried into the next check. @default 100 */
  readonly overlapCharacters?: number;
  /** Check each chunk before sending it, or send it and retract on a block. @default 'check-first' */
  readonly streamMode?: GuardrailStreamMode;
}

export interface ChatProxyProps {
  /** Name the proxy answers under (`model` of each answer) and the `service` dimension of its metrics. */
  readonly modelName: string;
  /** The SageMaker endpoint that serves the model; it must be a real-time endpoint whose container streams. */
  readonly endpointName: string;
  /** What the upstream container speaks. @default 'openai-chat' */
  readonly upstreamFormat?: LlmUpstreamFormat;
  /** `max_tokens` when a request sets none, and the most a request may ask for. @default 1024 */
  readonly maxTokens?: number;
  /** How long the proxy waits for the first token, then for each next one. @default Duration.seconds(30) */
  readonly upstreamTimeout?: Duration;
  /** Longest a whole answer may stream (Lambda allows up to 900 s). @default Duration.minutes(5) */
  readonly timeout?: Duration;
  /** @default Size.mebibytes(512) */
  readonly memorySize?: Size;
  /** A guardrail on prompts and answers. @default none */
  readonly guardrail?: ChatGuardrailOptions;
  /** CloudWatch namespace of the proxy's metrics. @default 'MlDeploy/LlmProxy' */
  readonly metricsNamespace?: string;
  /** Concurrency reserved for the proxy. @default the account's unreserved pool */
  readonly reservedConcurrentExecutions?: number;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** @default Runtime.NODEJS_24_X */
  readonly runtime?: lambda.Runtime;
}

/** Lambda's longest function timeout ("Lambda quotas", https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). */
const MAX_TIMEOUT_SECONDS = 900;

/**
 * An OpenAI-compatible `POST /v1/chat/completions` in front of a SageMaker LLM endpoint: a Lambda function
 * (lambda/llm-proxy) behind a Function URL that streams its answer (InvokeMode RESPONSE_STREAM, "Response
 * streaming for Lambda functions", https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html)
 * and accepts only SigV4-signed calls (AuthType AWS_IAM: the caller needs `lambda:InvokeFunctionUrl`, "Control
 * access to Lambda function URLs", https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html). Its role may
 * stream from the one endpoint and apply the one guardrail, nothing else.
 */
export class ChatProxy extends Construct {
  readonly function: lambda.Function;
  readonly functionUrl: lambda.FunctionUrl;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly metrics: ChatProxyMetrics;
  readonly endpointArn: string;
  readonly guardrail?: BedrockGuardrail;
  readonly timeout: Duration;

  constructor(scope: Construct, id: string, props: ChatProxyProps) {
    super(scope, id);
    const maxTokens = props.maxTokens ?? 1024;
    const upstreamTimeout = props.upstreamTimeout ?? Duration.seconds(30);
    const timeout = (this.timeout = props.timeout ?? Duration.minutes(5));
    const chunkCharacters = props.guardrail?.chunkCharacters ?? 500;
    const overlapCharacters = props.guardrail?.overlapCharacters ?? 100;
    throwOnProblems(
      'ChatProxy',
      this,
      chatProxyProblems({ maxTokens, upstreamTimeout, timeout, chunkCharacters, overlapCharacters }),
    );
    const namespace = props.metricsNamespace ?? DEFAULT_LLM_PROXY_NAMESPACE;
    this.metrics = new ChatProxyMetrics(namespace, props.modelName);
    this.guardrail = props.guardrail?.guardrail;

    // SageMaker endpoint ARNs carry the name in lowercase (as SageMakerEndpoint.endpointArn does).
    this.endpointArn = Stack.of(this).formatArn({
      service: 'sagemaker',
      resource: 'endpoint',
      resourceName: Token.isUnresolved(props.endpointName)
        ? props.endpointName
        : props.endpointName.toLowerCase(),
    });

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the chat proxy of model ${props.modelName}`,
    });
    this.logGroup.grantWrite(this.role);
    this.grantUpstream();
    props.guardrail?.guardrail.grantApply(this.role);
    acknowledgeWildcardFindings(this.role, "Log stream wildcards cover only this function's own log group.");

    const environment: Record<string, string> = {
      [LLM_PROXY_ENV.endpointName]: props.endpointName,
      [LLM_PROXY_ENV.modelName]: props.modelName,
      [LLM_PROXY_ENV.upstreamFormat]: props.upstreamFormat ?? 'openai-chat',
      [LLM_PROXY_ENV.upstreamTimeoutMs]: String(upstreamTimeout.toMilliseconds()),
      [LLM_PROXY_ENV.maxTokens]: String(maxTokens),
      [LLM_PROXY_ENV.metricsNamespace]: namespace,
    };
    if (props.guardrail) {
      Object.assign(environment, {
        [LLM_PROXY_ENV.guardrailId]: props.guardrail.guardrail.guardrailId,
        [LLM_PROXY_ENV.guardrailVersion]: props.guardrail.guardrail.guardrailVersion,
        [LLM_PROXY_ENV.guardrailChunkCharacters]: String(chunkCharacters),
        [LLM_PROXY_ENV.guardrailOverlapCharacters]: String(overlapCharacters),
        [LLM_PROXY_ENV.guardrailStreamMode]: props.guardrail.streamMode ?? 'check-first',
      });
    }

    this.function = new lambda.Function(this, 'Function', {
      description: `OpenAI-compatible chat completions for model ${props.modelName} (SageMaker endpoint ${props.endpointName})`,
      runtime: props.runtime ?? lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: llmProxyCode(),
      memorySize: (props.memorySize ?? Size.mebibytes(512)).toMebibytes(),
      timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      environment,
    });
    this.functionUrl = this.function.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.AWS_IAM,
      invokeMode: lambda.InvokeMode.RESPONSE_STREAM,
    });
  }

  /** Lets a principal call the Function URL (`lambda:InvokeFunctionUrl` on this function). */
  grantInvokeUrl(grantee: iam.IGrantable): iam.Grant {
    return this.functionUrl.grantInvokeUrl(grantee);
  }

  /**
   * Streaming from the endpoint. The InvokeEndpointWithResponseStream API reference says the caller's permissions
   * "must allow the sagemaker:InvokeEndpoint action"
   * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpointWithResponseStream.html),
   * while the Service Authorization Reference lists a `sagemaker:InvokeEndpointWithResponseStream` action on the
   * `endpoint` resource type (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html):
   * both are allowed, on this endpoint only, so the call succeeds whichever AWS evaluates.
   */
  private grantUpstream(): void {
    iam.Grant.addToPrincipal({
      grantee: this.role,
      actions: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'],
      resourceArns: [this.endpointArn],
    });
  }
}

interface ChatProxyFacts {
  readonly maxTokens: number;
  readonly upstreamTimeout: Duration;
  readonly timeout: Duration;
  readonly chunkCharacters: number;
  readonly overlapCharacters: number;
}

/** The rules of the proxy's props; the config checks the same ones at the YAML line. */
export function chatProxyProblems(facts: ChatProxyFacts): PropProblem[] {
  const problems: PropProblem[] = [];
  if (!Number.isInteger(facts.maxTokens) || facts.maxTokens < 1) {
    problems.push({
      field: 'maxTokens',
      value: String(facts.maxTokens),
      message: 'must be a whole number ≥ 1',
    });
  }
  const timeoutSeconds = facts.timeout.toSeconds();
  if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
    problems.push({
      field: 'timeout',
      value: `${timeoutSeconds}s`,
      message: `must be between 1 and ${MAX_TIMEOUT_SECONDS} seconds (Lambda's longest timeout)`,
    });
  }
  if (facts.upstreamTimeout.toMilliseconds() >= facts.timeout.toMilliseconds()) {
    problems.push({
      field: 'upstreamTimeout',
      value: `${facts.upstreamTimeout.toMilliseconds()}ms`,
      message:
        'must be shorter than {timeout}: the proxy must still be running to report an upstream timeout',
      related: ['timeout'],
    });
  }
  if (facts.chunkCharacters < 1) {
    problems.push({
      field: 'guardrail.chunkCharacters',
      value: String(facts.chunkCharacters),
      message: 'must be ≥ 1',
    });
  }
  const overlap = overlapProblem(facts.chunkCharacters, facts.overlapCharacters);
  if (overlap) {
    problems.push({
      field: 'guardrail.overlapCharacters',
      value: String(facts.overlapCharacters),
      message: overlap.replace('chunkCharacters', '{guardrail.chunkCharacters}'),
      related: ['guardrail.chunkCharacters'],
    });
  }
  return problems;
}
