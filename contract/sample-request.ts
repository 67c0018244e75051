/**
 * Largest sample request, as compact JSON, that the pre-traffic hook can send. The hook carries it in its
 * `SAMPLE_REQUEST` environment variable, and Lambda allows 4 KB for all of a function's environment variables
 * together ("Lambda quotas", Function configuration: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html);
 * the rest is left for the target version ARN and the expected model name and version. (CodeDeploy's own event to
 * the hook carries only the deployment and hook execution ids, and the hook's synchronous Invoke of the new version
 * allows 6 MB, so the variable is the binding limit.)
 */
export const MAX_SAMPLE_REQUEST_BYTES = 3072;
