/**
 * Name patterns that the library checks at synth and the deployed functions check at run time, so a name the
 * synth accepts is never refused by a function after the deploy.
 */

/**
 * A SageMaker endpoint, endpoint config, model or monitoring schedule name ("CreateEndpoint", EndpointName,
 * Amazon SageMaker API Reference, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpoint.html):
 * letters, digits and hyphens, starting and ending with a letter or digit. The pattern counts only the letters
 * and digits, so the 63-character limit (SAGEMAKER_NAME_MAX_LENGTH) is checked on its own.
 */
export const SAGEMAKER_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** The longest SageMaker endpoint, endpoint config or model name, in characters. */
export const SAGEMAKER_NAME_MAX_LENGTH = 63;

/**
 * A model name or version on the Open Inference Protocol paths the inference function serves
 * (`/v2/models/<name>/versions/<version>`): URL-safe without escaping, at most 128 characters.
 */
export const INFERENCE_MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** A SHA-256 digest as hex, the form artifact digests are recorded and compared in. */
export const SHA256_HEX_PATTERN = /^[0-9a-fA-F]{64}$/;

/** Characters of an artifact's SHA-256 that make the model version a Lambda-served model answers with. */
const MODEL_VERSION_DIGITS = 12;

/**
 * The `model_version` a Lambda-served model answers with: the short digest of its artifact, so every answer says
 * which artifact produced it. The app serves this version, and the pre-traffic hook and `mldeploy verify` expect it.
 */
export function modelVersionOfArtifact(sha256: string): string {
  return sha256.slice(0, MODEL_VERSION_DIGITS);
}
