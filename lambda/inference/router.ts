import { MethodNotAllowedError, NotFoundError } from './errors';

export type Route =
  | { readonly kind: 'infer' }
  | { readonly kind: 'model-metadata' }
  | { readonly kind: 'model-ready' }
  | { readonly kind: 'server-metadata' }
  | { readonly kind: 'server-live' }
  | { readonly kind: 'server-ready' };

/** The model this function serves, as addressed in paths. */
interface ServedModel {
  readonly name: string;
  readonly version: string;
}

const MODEL_PATH = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(?:\/(infer|ready))?$/;

const FIXED_ROUTES: Readonly<Record<string, { method: string; route: Route }>> = {
  '/': { method: 'POST', route: { kind: 'infer' } },
  '/invocations': { method: 'POST', route: { kind: 'infer' } },
  '/ping': { method: 'GET', route: { kind: 'server-ready' } },
  '/v2': { method: 'GET', route: { kind: 'server-metadata' } },
  '/v2/health/live': { method: 'GET', route: { kind: 'server-live' } },
  '/v2/health/ready': { method: 'GET', route: { kind: 'server-ready' } },
};

/**
 * Map an HTTP method and path onto a route. Open Inference Protocol paths, plus `POST /` and
 * `POST /invocations` for inference and `GET /ping` for readiness (the SageMaker container convention).
 * Throws {@link NotFoundError} for unknown paths or another model's name, {@link MethodNotAllowedError}
 * for a known path with the wrong method.
 */
export function matchRoute(method: string, rawPath: string, served: ServedModel): Route {
  const path = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath || '/';
  const fixed = FIXED_ROUTES[path];
  if (fixed !== undefined) {
    return expectMethod(method, path, fixed.method, fixed.route);
  }

  const match = MODEL_PATH.exec(path);
  if (match === null) {
    throw new NotFoundError(
      `no route for ${method} ${path}; use POST /v2/models/${served.name}/infer, ` +
        `GET /v2/models/${served.name} or GET /v2/models/${served.name}/ready`,
    );
  }
  const [, name, version, action] = match;
  if (safeDecode(name) !== served.name) {
    throw new NotFoundError(
      `model ${JSON.stringify(safeDecode(name))} is not served here; this endpoint serves "${served.name}"`,
    );
  }
  if (version !== undefined && safeDecode(version) !== served.version) {
    throw new NotFoundError(
      `model "${served.name}" has no version ${JSON.stringify(safeDecode(version))}; ` +
        `this endpoint serves version "${served.version}"`,
    );
  }
  if (action === 'infer') {
    return expectMethod(method, path, 'POST', { kind: 'infer' });
  }
  if (action === 'ready') {
    return expectMethod(method, path, 'GET', { kind: 'model-ready' });
  }
  return expectMethod(method, path, 'GET', { kind: 'model-metadata' });
}

function expectMethod(method: string, path: string, allowed: string, route: Route): Route {
  if (method === allowed) {
    return route;
  }
  throw new MethodNotAllowedError(method, path, [allowed]);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
