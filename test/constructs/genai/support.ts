import { AspectPriority, Aspects, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { BedrockGuardrail } from '../../../lib/constructs/genai/guardrail';
import { ChatProxy, ChatProxyProps } from '../../../lib/constructs/genai/chat-proxy';
import { EncryptLogGroups } from '../../../lib/constructs/private/log-encryption';
import { assetsInPlaceApp } from '../lambda/support';

export const ENV = { account: '111111111111', region: 'eu-west-1' };

/**
 * A stack with a guardrail and a chat proxy in front of endpoint `acme-assistant-dev`, its log groups encrypted as
 * the app encrypts them. The template is synthesized on first use.
 */
export function chatStack(props: Partial<ChatProxyProps> & { withGuardrail?: boolean } = {}) {
  const { withGuardrail = true, ...proxyProps } = props;
  const stack = new Stack(assetsInPlaceApp(), 'Chat', { env: ENV });
  Aspects.of(stack).add(new EncryptLogGroups(), { priority: AspectPriority.MUTATING });
  const guardrail = withGuardrail
    ? new BedrockGuardrail(stack, 'Guardrail', {
        guardrailName: 'acme-assistant-dev',
        contentFilters: { hate: { inputStrength: 'HIGH', outputStrength: 'HIGH' } },
      })
    : undefined;
  const proxy = new ChatProxy(stack, 'Proxy', {
    modelName: 'assistant',
    endpointName: 'acme-assistant-dev',
    guardrail: guardrail && {
      guardrail,
      chunkCharacters: 300,
      overlapCharacters: 60,
      streamMode: 'stream-first',
    },
    upstreamTimeout: Duration.seconds(20),
    ...proxyProps,
  });
  let template: Template | undefined;
  return { stack, guardrail, proxy, template: () => (template ??= Template.fromStack(stack)) };
}

/** The message a chat stack fails with; fails the test if it builds. */
export function chatStackError(props: Partial<ChatProxyProps>): string {
  try {
    chatStack(props);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the chat proxy to be refused');
}

/**
 * The value of a template expression in the sample account and region: pseudo parameters, Fn::Join and the
 * Fn::GetAtt attributes given (by logical id and attribute). Enough for the proxy's policies.
 */
export function resolveIn(value: unknown, attributes: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveIn(item, attributes));
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  if ('Ref' in object) {
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': ENV.region,
      'AWS::AccountId': ENV.account,
      'AWS::URLSuffix': 'amazonaws.com',
    };
    const ref = object.Ref as string;
    if (ref in pseudo) return pseudo[ref];
    if (ref in attributes) return attributes[ref];
    throw new Error(`unresolved Ref ${ref}`);
  }
  if ('Fn::GetAtt' in object) {
    const [id, attribute] = object['Fn::GetAtt'] as [string, string];
    const key = `${id}.${attribute}`;
    if (!(key in attributes)) throw new Error(`unresolved Fn::GetAtt ${key}`);
    return attributes[key];
  }
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => resolveIn(part, attributes)).join(separator);
  }
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, resolveIn(v, attributes)]));
}
