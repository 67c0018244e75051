import { CfnOutput, Duration, Size } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { ResolvedModel } from '../config';
import { guardrailName } from '../config/chat-rules';
import { ChatProxy } from '../constructs/genai/chat-proxy';
import { ChatProxyAlarmPack } from '../constructs/genai/chat-proxy-alarms';
import { BedrockGuardrail } from '../constructs/genai/guardrail';
import { ContentFilterName } from '../constructs/genai/guardrail-rules';
import { acknowledgeControl } from '../constructs/private/guard';
import { SageMakerEndpoint } from '../constructs/sagemaker';

/** Name of the stack output that holds the chat proxy's Function URL. */
export const CHAT_URL_OUTPUT = 'ChatUrl';

/** What a model with `chat.enabled` adds to its stack. */
export interface ChatHosting {
  readonly proxy: ChatProxy;
  readonly guardrail?: BedrockGuardrail;
  readonly alarms: ChatProxyAlarmPack;
  /** The rate the guardrail alarm fires above, for the dashboard's line. */
  readonly maxInterventionRatePercent: number;
}

export interface ChatDeps {
  readonly project: string;
  /** `<project>-<model>-<env>`: the alarms' name prefix. */
  readonly alarmNamePrefix: string;
  /** Told when a warning alarm fires; the pack's alarms are critical and roll up into the health alarm. */
  readonly warningActions: readonly cloudwatch.IAlarmAction[];
}

/**
 * The chat proxy of a SageMaker LLM (and its guardrail when `guardrail.enabled`), with its alarms and a stack
 * output of the Function URL. Undefined for a model without `chat.enabled`; the config rules have already refused
 * chat on anything but a real-time instance endpoint.
 */
export function addChat(
  scope: Construct,
  model: ResolvedModel,
  endpoint: SageMakerEndpoint,
  deps: ChatDeps,
): ChatHosting | undefined {
  const { chat, guardrail: settings } = model;
  if (!chat.enabled) return undefined;
  const guardrail = settings.enabled
    ? new BedrockGuardrail(scope, 'Guardrail', {
        guardrailName: guardrailName(deps.project, model.name, model.environment),
        description: `Prompts and answers of model ${model.name} (${model.environment})`,
        contentFilters: contentFiltersOf(settings.contentFilters),
        deniedTopics: settings.deniedTopics,
        words: settings.words,
        managedProfanity: settings.managedProfanity,
        sensitiveInformation: settings.sensitiveInformation,
        blockedInputMessage: settings.blockedInputMessage,
        blockedOutputMessage: settings.blockedOutputMessage,
      })
    : undefined;
  const proxy = new ChatProxy(scope, 'ChatProxy', {
    modelName: model.name,
    endpointName: endpoint.endpointName,
    upstreamFormat: chat.upstreamFormat,
    maxTokens: chat.maxTokens,
    upstreamTimeout: Duration.millis(chat.upstreamTimeoutMs),
    timeout: Duration.seconds(chat.timeoutSeconds),
    memorySize: Size.mebibytes(chat.memoryMb),
    guardrail: guardrail && {
      guardrail,
      chunkCharacters: settings.chunkCharacters,
      overlapCharacters: settings.overlapCharacters,
      streamMode: settings.streamMode,
    },
  });
  const alarms = new ChatProxyAlarmPack(scope, 'ChatAlarms', proxy, {
    alarmNamePrefix: deps.alarmNamePrefix,
    warningActions: deps.warningActions,
    thresholds: { maxInterventionRatePercent: settings.maxInterventionRatePercent },
  });
  acknowledgeChatControls(proxy, alarms, model);
  new CfnOutput(scope, CHAT_URL_OUTPUT, {
    value: proxy.functionUrl.url,
    description:
      'POST <url>v1/chat/completions, signed with SigV4 for service lambda; the caller needs lambda:InvokeFunctionUrl on the proxy function.',
  });
  return { proxy, guardrail, alarms, maxInterventionRatePercent: settings.maxInterventionRatePercent };
}

/** The Control Tower controls the chat proxy does not meet, each with the reason. */
function acknowledgeChatControls(proxy: ChatProxy, alarms: ChatProxyAlarmPack, model: ResolvedModel): void {
  acknowledgeControl(
    proxy.function,
    'lambdaInVpc',
    `The chat proxy of models.${model.name} calls only the SageMaker Runtime and Bedrock Runtime APIs over their ` +
      'public endpoints (SigV4, TLS) and holds no data; it needs no private network.',
  );
  acknowledgeControl(
    proxy.logGroup,
    'logRetentionYear',
    'The chat proxy’s logs describe users’ conversations and are kept 30 days on purpose (data minimisation); ' +
      'its metrics keep the long-term record.',
  );
  for (const member of alarms.alarms) {
    if (member.severity !== 'critical') continue;
    acknowledgeControl(
      member.alarm,
      'alarmAction',
      'Rolls up into the model’s composite health alarm, which pages the critical topic: one page per unhealthy ' +
        'model, not one per symptom.',
    );
  }
}

/** The merged settings always hold both strengths (the built-in defaults give every category both). */
function contentFiltersOf(filters: ResolvedModel['guardrail']['contentFilters']) {
  return Object.fromEntries(
    Object.entries(filters).map(([name, filter]) => [
      name as ContentFilterName,
      { inputStrength: filter?.inputStrength ?? 'NONE', outputStrength: filter?.outputStrength ?? 'NONE' },
    ]),
  );
}
