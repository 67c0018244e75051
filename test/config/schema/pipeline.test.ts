import { errorOf, minimalConfig, parse } from '../fixtures';

const CONNECTION_ARN =
  'arn:aws:codeconnections:eu-west-1:111111111111:connection/0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d';

/** The minimal config with a pipeline section. */
function withPipeline(pipeline: Record<string, unknown>) {
  const config = minimalConfig();
  config.pipeline = pipeline;
  return config;
}

const connection = { connectionArn: CONNECTION_ARN, repository: 'acme/ml-models', branch: 'main' };

describe('the pipeline section', () => {
  test('is resolved as written when enabled', () => {
    const config = parse(
      withPipeline({ enabled: true, account: '111111111111', region: 'eu-west-1', source: connection }),
    );
    expect(config.pipeline).toEqual({
      enabled: true,
      account: '111111111111',
      region: 'eu-west-1',
      source: connection,
    });
  });

  test('is left out of the resolved config when absent or disabled', () => {
    expect(parse(minimalConfig()).pipeline).toBeUndefined();
    expect(parse(withPipeline({ enabled: false, source: connection })).pipeline).toBeUndefined();
  });

  test('accepts a CodeCommit repository instead of a connection', () => {
    const source = { codeCommitRepository: 'ml-models', branch: 'release' };
    expect(parse(withPipeline({ enabled: true, source })).pipeline?.source).toEqual(source);
  });

  test('needs a connection or a CodeCommit repository', () => {
    expect(errorOf(withPipeline({ enabled: true, source: { branch: 'main' } }))).toContain(
      ' - pipeline.source: needs connectionArn with repository, or codeCommitRepository',
    );
  });

  test('rejects a connection and a CodeCommit repository together', () => {
    const source = { ...connection, codeCommitRepository: 'ml-models' };
    expect(errorOf(withPipeline({ enabled: true, source }))).toContain(
      ' - pipeline.source.codeCommitRepository: set either connectionArn with repository, or codeCommitRepository, not both',
    );
  });

  test('names the missing half of a connection', () => {
    expect(
      errorOf(withPipeline({ enabled: true, source: { repository: 'acme/ml-models', branch: 'main' } })),
    ).toContain(' - pipeline.source.connectionArn: connectionArn and repository go together');
    expect(
      errorOf(withPipeline({ enabled: true, source: { connectionArn: CONNECTION_ARN, branch: 'main' } })),
    ).toContain(' - pipeline.source.repository: connectionArn and repository go together');
  });

  test('checks the form of every field and reports every problem at once', () => {
    const message = errorOf(
      withPipeline({
        enabled: true,
        account: '1234',
        region: 'moon',
        source: { connectionArn: 'arn:aws:s3:::bucket', repository: 'no-owner', branch: '' },
      }),
    );
    expect(message).toContain(' - pipeline.account: "1234" must be a 12-digit AWS account id');
    expect(message).toContain(' - pipeline.region: "moon" must be an AWS region such as eu-west-1');
    expect(message).toContain(
      ' - pipeline.source.connectionArn: "arn:aws:s3:::bucket" must be a connection ARN: ' +
        'arn:<partition>:codeconnections:<region>:<account>:connection/<uuid> ' +
        '(or codestar-connections for connections created before the rename)',
    );
    expect(message).toContain(' - pipeline.source.repository: "no-owner" must be owner/name');
    expect(message).toContain(' - pipeline.source.branch: "" is too short');
  });

  test.each([
    ['a codeconnections ARN', CONNECTION_ARN],
    [
      'a codestar-connections ARN (created before the rename)',
      'arn:aws:codestar-connections:us-east-1:222222222222:connection/7d2469ff-514a-4e4f-9003-5ca4a43cdc41',
    ],
    [
      'an ARN of another partition',
      'arn:aws-us-gov:codeconnections:us-gov-west-1:222222222222:connection/7d2469ff-514a-4e4f-9003-5ca4a43cdc41',
    ],
  ])('accepts %s', (_, connectionArn) => {
    const source = { ...connection, connectionArn };
    expect(parse(withPipeline({ enabled: true, source })).pipeline?.source.connectionArn).toBe(connectionArn);
  });

  test.each([
    ['a truncated connection id', 'arn:aws:codeconnections:eu-west-1:111111111111:connection/0a1b2c3d-4e5f'],
    [
      'another service',
      'arn:aws:codecommit:eu-west-1:111111111111:connection/0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d',
    ],
    ['a host instead of a connection', 'arn:aws:codeconnections:eu-west-1:111111111111:host/abc-0a1b2c3d'],
    [
      'a short account',
      'arn:aws:codeconnections:eu-west-1:1111:connection/0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d',
    ],
  ])('rejects a connection ARN with %s', (_, connectionArn) => {
    const source = { ...connection, connectionArn };
    expect(errorOf(withPipeline({ enabled: true, source }))).toContain(
      ` - pipeline.source.connectionArn: "${connectionArn}" must be a connection ARN`,
    );
  });

  test('rejects a malformed CodeCommit repository name', () => {
    const source = { codeCommitRepository: 'ml models!', branch: 'main' };
    expect(errorOf(withPipeline({ enabled: true, source }))).toContain(
      ' - pipeline.source.codeCommitRepository: "ml models!" must be a CodeCommit repository name',
    );
  });

  test('needs enabled to be a boolean and allows no other keys', () => {
    const message = errorOf(withPipeline({ enabled: 'yes', source: connection, stages: [] }));
    expect(message).toContain(' - pipeline.enabled: "yes" has the wrong type; expected a boolean');
    expect(message).toContain(
      ' - pipeline.stages: unknown key; allowed keys here: enabled, account, region, source',
    );
  });
});

describe('requiresApproval', () => {
  test('is false unless the environment sets it', () => {
    const config = minimalConfig();
    config.environments.prod.requiresApproval = true;
    const approvals = parse(config).environments.map((e) => [e.name, e.requiresApproval]);
    expect(approvals).toEqual([
      ['dev', false],
      ['prod', true],
    ]);
  });

  test('must be a boolean', () => {
    const config = minimalConfig();
    config.environments.prod.requiresApproval = 'yes';
    expect(errorOf(config)).toContain(
      ' - environments.prod.requiresApproval: "yes" has the wrong type; expected a boolean',
    );
  });
});
