import { CheckResult, PreflightScope, result } from './check';

/**
 * A shared endpoint that may scale to zero instances (`minInstances: 0`, ManagedInstanceScaling.MinInstanceCount 0).
 * SageMaker supports it for endpoints that host inference components ("Scale an endpoint to zero instances",
 * https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html), but not in every region,
 * and AWS publishes no list of the regions that accept it: no read-only call can tell either. So preflight says so
 * for the region at hand, as a warning with what to do, instead of passing what it cannot check.
 */
export function checkScaleToZero(scope: PreflightScope): CheckResult[] {
  return scope.environment.sharedEndpoints
    .filter((group) => group.minInstances === 0)
    .map((group) =>
      result(
        'scale-to-zero',
        `shared endpoint ${group.name}`,
        'warn',
        `sharedEndpoints.${group.name}.minInstances is 0 (ManagedInstanceScaling.MinInstanceCount 0), which SageMaker accepts in some regions only, and AWS lists none: if ${scope.region} is not one, creating the endpoint configuration fails and the stack rolls back. Deploy it to a dev account in ${scope.region} first, or set minInstances: 1 for this environment`,
      ),
    );
}
