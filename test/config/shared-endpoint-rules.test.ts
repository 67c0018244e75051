import { parseDeploymentConfig } from '../../lib/config';
import { PROJECT_ROOT } from '../helpers/app';
import { yamlErrorOf } from './fixtures';

/**
 * Shared endpoints (inference components) as the loader reports their invalid combinations: path, value, what is
 * allowed, line. `sharedYaml` gives two SageMaker models, churn (lines 5–7) and fraud (lines 8–10), then the
 * `sharedEndpoints` section from line 11, then the given lines.
 */
function sharedYaml(group: string[], ...modelLines: string[]): string {
  return [
    'project: acme',
    'environments:',
    '  dev: {}',
    'models:',
    '  churn:',
    '    target: sagemaker',
    '    artifact: { path: models/iris/repository }',
    '  fraud:',
    '    target: sagemaker',
    '    artifact: { path: models/iris/repository }',
    'sharedEndpoints:',
    ...group.map((line) => `  ${line}`),
    ...modelLines,
  ].join('\n');
}

const SHARED = ['shared:', '  instanceType: ml.m5.xlarge', '  maxInstances: 2'];

test('a valid group resolves per environment, with its defaults', () => {
  const config = parseDeploymentConfig(sharedYaml([...SHARED, '  models: [churn, fraud]']), 'test.yaml', {
    baseDir: PROJECT_ROOT,
  });
  expect(config.environments[0].sharedEndpoints).toEqual([
    {
      name: 'shared',
      instanceType: 'ml.m5.xlarge',
      initialInstanceCount: 1,
      minInstances: 1,
      maxInstances: 2,
      models: ['churn', 'fraud'],
    },
  ]);
  expect(config.environments[0].models[0].sagemaker.component).toEqual({
    minMemoryMb: 1024,
    copyCount: 1,
    minCopies: 1,
    maxCopies: 1,
    schedules: [],
  });
});

test('a shared model ignores what it inherits from defaults and cannot use', () => {
  const text = sharedYaml(
    [...SHARED, '  models: [churn, fraud]'],
    'defaults:',
    '  rollout: { strategy: canary }',
    '  scaling: { enabled: true, minInstances: 1, maxInstances: 2 }',
  );
  const [environment] = parseDeploymentConfig(text, 'test.yaml', { baseDir: PROJECT_ROOT }).environments;
  expect(environment.sharedEndpoints[0].models).toEqual(['churn', 'fraud']);
});

test.each([
  [
    'a model in two groups',
    sharedYaml([
      ...SHARED,
      '  models: [churn]',
      'other:',
      '  instanceType: ml.m5.large',
      '  maxInstances: 1',
      '  models: [fraud, churn]',
    ]),
    ' - sharedEndpoints.other.models.1: model churn already shares endpoint shared (sharedEndpoints.shared.models); a model joins one shared endpoint (line 19)',
  ],
  [
    'a model the file does not define',
    sharedYaml([...SHARED, '  models: [churn, frod]']),
    ' - sharedEndpoints.shared.models.1: "frod" is not a model of this file; models: churn, fraud (line 15)',
  ],
  [
    'scale to zero while a model keeps a copy',
    sharedYaml([...SHARED, '  minInstances: 0', '  models: [churn]']),
    ' - sharedEndpoints.shared.minInstances: 0 frees the instances only when no copy runs, but churn keeps at least one (sagemaker.component.minCopies > 0 in environment dev, and no schedule with minCopies 0); set their minCopies to 0 (always or in sagemaker.component.schedules) or minInstances to 1 (line 15)',
  ],
  [
    'a minimum above the maximum, from an environment override',
    sharedYaml([...SHARED, '  models: [churn]', '  environments:', '    dev: { minInstances: 3 }']),
    ' - sharedEndpoints.shared.environments.dev.minInstances: 3 must be <= maxInstances (2) (environment dev) (line 17)',
  ],
  [
    'asynchronous inference on a shared model',
    sharedYaml([...SHARED, '  models: [churn]']).replace(
      '  fraud:',
      '    sagemaker: { async: { enabled: true } }\n  fraud:',
    ),
    ' - models.churn.sagemaker.async.enabled: does not apply: the model is an inference component of shared endpoint shared; asynchronous inference needs an endpoint of its own (line 8)',
  ],
  [
    'instance autoscaling on a shared model, in one environment',
    sharedYaml([...SHARED, '  models: [churn]']).replace(
      '  fraud:',
      '    environments: { dev: { scaling: { enabled: true } } }\n  fraud:',
    ),
    ' - models.churn.environments.dev.scaling.enabled: does not apply: the model is an inference component of shared endpoint shared; its copies scale with sagemaker.component.minCopies and maxCopies (line 8)',
  ],
  [
    'an LLM image on a shared model',
    sharedYaml([...SHARED, '  models: [churn]']).replace(
      '  fraud:',
      "    sagemaker: { instanceType: ml.g5.xlarge, image: { lmi: '0.30.0' } }\n  fraud:",
    ),
    ' - models.churn.sagemaker.image.lmi: does not apply: the model is an inference component of shared endpoint shared; LLM images are served on an endpoint of their own for now (line 8)',
  ],
  [
    'the chat proxy on a shared model',
    sharedYaml([...SHARED, '  models: [churn]']).replace('  fraud:', '    chat: { enabled: true }\n  fraud:'),
    ' - models.churn.chat.enabled: does not apply: the model is an inference component of shared endpoint shared; the chat proxy calls an endpoint of its own, not an inference component (line 8)',
  ],
  [
    'more copies at creation than the maximum',
    sharedYaml(
      [...SHARED, '  models: [churn]'],
      'defaults:',
      '  sagemaker:',
      '    component: { copyCount: 3, maxCopies: 2 }',
    ),
    ' - defaults.sagemaker.component.copyCount: 3 must be <= maxCopies (2) (model churn, environment dev) (line 18)',
  ],
  [
    'component settings on a model that no group lists',
    sharedYaml(
      [...SHARED, '  models: [churn]'],
      'defaults:',
      '  sagemaker:',
      '    component: { minMemoryMb: 2048 }',
    ),
    ' - defaults.sagemaker.component.minMemoryMb: applies only to a model that a shared endpoint lists (sharedEndpoints.<name>.models) (model fraud, environment dev) (line 18)',
  ],
  [
    'a canary rollout on a shared model',
    sharedYaml([...SHARED, '  models: [churn]']).replace(
      '  fraud:',
      '    rollout: { strategy: canary }\n  fraud:',
    ),
    ' - models.churn.rollout.strategy: does not apply: the model is an inference component of shared endpoint shared; SageMaker updates an inference component all at once or rolling (rollout.strategy allAtOnce or rolling) (line 8)',
  ],
  [
    'a termination wait on a shared model',
    sharedYaml([...SHARED, '  models: [churn]']).replace(
      '  fraud:',
      '    rollout: { strategy: rolling, terminationWaitMinutes: 5 }\n  fraud:',
    ),
    ' - models.churn.rollout.terminationWaitMinutes: does not apply: the model is an inference component of shared endpoint shared; SageMaker ends an inference component’s old copies without a termination wait; bake with rollout.bakeMinutes (line 8)',
  ],
  [
    'a rolling batch of copies above half the copy count',
    sharedYaml([...SHARED, '  models: [churn]']).replace(
      '  fraud:',
      [
        '    rollout: { strategy: rolling, rollingBatchCopies: 2 }',
        '    sagemaker: { component: { copyCount: 3, maxCopies: 4 } }',
        '  fraud:',
      ].join('\n'),
    ),
    ' - models.churn.rollout.rollingBatchCopies: 2 are 67% of the 3 copies (sagemaker.component.copyCount); SageMaker takes a batch of 5% to 50% of the copy count, so at most 1 here (line 8)',
  ],
  [
    'a rolling batch of copies on a component of one copy',
    sharedYaml([...SHARED, '  models: [churn]']).replace(
      '  fraud:',
      '    rollout: { strategy: rolling, rollingBatchCopies: 1 }\n  fraud:',
    ),
    ' - models.churn.rollout.rollingBatchCopies: 1 are 100% of the 1 copies (sagemaker.component.copyCount); SageMaker takes a batch of 5% to 50% of the copy count, so a batch of copies needs at least 2 copies; give a percent instead [sagemaker.component.copyCount from (built-in default).sagemaker.component.copyCount] (line 8)',
  ],
  [
    'a rolling update whose timeout ends before its baking periods',
    sharedYaml([...SHARED, '  models: [churn]']).replace(
      '  fraud:',
      [
        '    rollout: { strategy: rolling, rollingBatchPercent: 25, bakeMinutes: 60, maxExecutionMinutes: 120 }',
        '    sagemaker: { component: { copyCount: 4, maxCopies: 4 } }',
        '  fraud:',
      ].join('\n'),
    ),
    " - models.churn.rollout.maxExecutionMinutes: 120 must be longer than the update's baking periods: 4 steps × rollout.bakeMinutes = 14400 s (240 min) (line 8)",
  ],
  [
    'instance schedules on a shared model',
    sharedYaml([...SHARED, '  models: [churn]']).replace(
      '  fraud:',
      [
        '    scaling:',
        '      schedules: [{ name: night, schedule: cron(0 20 * * ? *), minInstances: 0, maxInstances: 1 }]',
        '  fraud:',
      ].join('\n'),
    ),
    ' - models.churn.scaling.schedules: does not apply: the model is an inference component of shared endpoint shared; schedule its copies with sagemaker.component.schedules (minCopies, maxCopies) (line 9)',
  ],
  [
    'a copy schedule whose minimum is above its maximum',
    sharedYaml([...SHARED, '  models: [churn]']).replace(
      '  fraud:',
      [
        '    sagemaker:',
        '      component:',
        '        maxCopies: 4',
        '        schedules: [{ name: day, schedule: cron(0 7 ? * MON-FRI *), minCopies: 3, maxCopies: 2 }]',
        '  fraud:',
      ].join('\n'),
    ),
    ' - models.churn.sagemaker.component.schedules.0.minCopies: 3 must be between 0 and sagemaker.component.schedules.0.maxCopies (2), which is at least 1 (line 11)',
  ],
  [
    'a copy batch on a model with an endpoint of its own',
    sharedYaml([...SHARED, '  models: [churn]']).replace(
      '  fraud:\n    target: sagemaker',
      '  fraud:\n    target: sagemaker\n    rollout: { strategy: rolling, rollingBatchCopies: 1 }',
    ),
    ' - models.fraud.rollout.rollingBatchCopies: applies only to inference components (a model a shared endpoint lists); an endpoint of its own rolls instances: use rollout.rollingBatchPercent (line 10)',
  ],
  [
    'a Lambda model',
    sharedYaml([...SHARED, '  models: [churn]']).replace(
      '  fraud:\n    target: sagemaker',
      '  fraud:\n    target: lambda',
    ) + '\n  other:\n    instanceType: ml.m5.large\n    maxInstances: 1\n    models: [fraud]',
    ' - sharedEndpoints.other.models.0: model fraud is served by lambda; only SageMaker models can share an endpoint (line 19)',
  ],
  [
    'a group named like a model, whose stack would take the model’s name',
    sharedYaml(['churn:', '  instanceType: ml.m5.xlarge', '  maxInstances: 2', '  models: [fraud]']),
    ' - sharedEndpoints.churn: gives the endpoint of shared endpoint churn in environment dev the name "acme-churn-dev", which is already the endpoint and alarms of model churn in environment dev',
  ],
])('%s', (_name, text, expected) => {
  expect(yamlErrorOf(text)).toContain(expected);
});

test('a rolling update inherited from defaults is checked against each shared model’s copies', () => {
  const text = sharedYaml(
    [...SHARED, '  models: [churn, fraud]'],
    'defaults:',
    '  rollout: { strategy: rolling, rollingBatchCopies: 1 }',
  );
  expect(yamlErrorOf(text)).toContain(
    ' - defaults.rollout.rollingBatchCopies: 1 are 100% of the 1 copies (sagemaker.component.copyCount); SageMaker takes a batch of 5% to 50% of the copy count, so a batch of copies needs at least 2 copies; give a percent instead [sagemaker.component.copyCount from (built-in default).sagemaker.component.copyCount] (model fraud, environment dev) (line 17)',
  );
});

test('a schedule at zero copies lets the endpoint free its instances although the model keeps a copy by day', () => {
  const text = sharedYaml([...SHARED, '  minInstances: 0', '  models: [churn]']).replace(
    '  fraud:',
    [
      '    sagemaker:',
      '      component:',
      '        minCopies: 1',
      '        maxCopies: 2',
      "        schedules: [{ name: night, schedule: 'cron(0 20 ? * * *)', timezone: Europe/Paris, minCopies: 0, maxCopies: 1 }]",
      '  fraud:',
    ].join('\n'),
  );
  const [environment] = parseDeploymentConfig(text, 'test.yaml', { baseDir: PROJECT_ROOT }).environments;
  expect(environment.models.find((m) => m.name === 'churn')!.sagemaker.component.schedules).toEqual([
    { name: 'night', schedule: 'cron(0 20 ? * * *)', timezone: 'Europe/Paris', minCopies: 0, maxCopies: 1 },
  ]);
});
