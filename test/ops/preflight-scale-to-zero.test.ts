import * as path from 'node:path';
import { loadDeploymentConfig } from '../../lib/config';
import { PreflightScope } from '../../lib/ops/preflight/check';
import { checkScaleToZero } from '../../lib/ops/preflight/scale-to-zero';
import { PROJECT_ROOT } from './support';

// examples/inference-components.yaml: the shared endpoint may fall to zero instances in dev, and keeps one in prod.
const EXAMPLE = path.join(PROJECT_ROOT, 'examples/inference-components.yaml');
const scopeOf = (environment: string) =>
  ({
    environment: loadDeploymentConfig(EXAMPLE, { baseDir: PROJECT_ROOT, environments: [environment] })
      .environments[0],
    region: 'eu-west-1',
  }) as unknown as PreflightScope;

test('a shared endpoint that may scale to zero instances is a warning naming the region and what to do', () => {
  expect(checkScaleToZero(scopeOf('dev'))).toEqual([
    {
      check: 'scale-to-zero',
      subject: 'shared endpoint shared',
      status: 'warn',
      message:
        'sharedEndpoints.shared.minInstances is 0 (ManagedInstanceScaling.MinInstanceCount 0), which SageMaker accepts in some regions only, and AWS lists none: if eu-west-1 is not one, creating the endpoint configuration fails and the stack rolls back. Deploy it to a dev account in eu-west-1 first, or set minInstances: 1 for this environment',
    },
  ]);
});

test('a shared endpoint that keeps an instance is not mentioned', () => {
  expect(checkScaleToZero(scopeOf('prod'))).toEqual([]);
});
