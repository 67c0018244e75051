import { checkInferRequestStructure, InferRequestError } from '../../contract/infer-request';
import type { ExpectedModel } from '../../contract/infer-response';
import { PRE_TRAFFIC_HOOK_ENV } from '../../contract/environment';

const { targetVersionArn: TARGET_VERSION_ARN, sampleRequest: SAMPLE_REQUEST } = PRE_TRAFFIC_HOOK_ENV;

/** Everything the hook needs, read once from its environment. */
interface HookConfig {
  /** ARN of the function version to test. */
  readonly targetVersionArn: string;
  /** The v2 infer request to send, as JSON text. */
  readonly sampleRequest: string;
  readonly expected: ExpectedModel;
}

/** The hook's environment variables are missing or invalid. Thrown at initialisation. */
class HookConfigurationError extends Error {
  public override readonly name = 'HookConfigurationError';

  constructor(public readonly problems: readonly string[]) {
    super(`Invalid pre-traffic hook configuration:\n - ${problems.join('\n - ')}`);
  }
}

const VERSION_ARN = /^arn:[a-z-]+:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+:\d+$/;

/**
 * Read the target version ARN, the sample request and the optional expected model name and version (names in
 * contract/environment.ts); every problem is reported in one {@link HookConfigurationError}.
 */
export function readHookConfig(env: NodeJS.ProcessEnv = process.env): HookConfig {
  const problems: string[] = [];
  const targetVersionArn = env[TARGET_VERSION_ARN]?.trim() ?? '';
  if (!VERSION_ARN.test(targetVersionArn)) {
    problems.push(
      `${TARGET_VERSION_ARN} (${JSON.stringify(targetVersionArn)}) must be a function version ARN, ` +
        'e.g. arn:aws:lambda:eu-west-1:123456789012:function:my-model:7',
    );
  }
  const sampleRequest = env[SAMPLE_REQUEST] ?? '';
  try {
    checkInferRequestStructure(JSON.parse(sampleRequest));
  } catch (error) {
    problems.push(
      error instanceof InferRequestError
        ? `${SAMPLE_REQUEST} must be a v2 infer request: ${error.message}`
        : `${SAMPLE_REQUEST} is not JSON: ${(error as Error).message}`,
    );
  }
  if (problems.length > 0) throw new HookConfigurationError(problems);
  const optional = (name: string) => env[name]?.trim() || undefined;
  return {
    targetVersionArn,
    sampleRequest,
    expected: {
      name: optional(PRE_TRAFFIC_HOOK_ENV.expectedModelName),
      version: optional(PRE_TRAFFIC_HOOK_ENV.expectedModelVersion),
    },
  };
}
