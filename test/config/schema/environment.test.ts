import { errorOf, minimalConfig, parse } from '../fixtures';

describe('modelBucket.objectLock', () => {
  test('locks each new version for 30 days in GOVERNANCE mode unless the environment says otherwise', () => {
    const [dev] = parse(minimalConfig()).environments;
    expect(dev.modelBucket.objectLock).toEqual({ enabled: true, mode: 'GOVERNANCE', retentionDays: 30 });
  });

  test('resolves field by field: an environment setting only the mode keeps the default retention', () => {
    const config = minimalConfig();
    config.environments.prod.modelBucket = { objectLock: { mode: 'COMPLIANCE' } };
    const [dev, prod] = parse(config).environments;
    expect(prod.modelBucket.objectLock).toEqual({ enabled: true, mode: 'COMPLIANCE', retentionDays: 30 });
    expect(dev.modelBucket.objectLock.mode).toBe('GOVERNANCE');
  });

  test('a mode other than GOVERNANCE or COMPLIANCE is refused at its path', () => {
    const config = minimalConfig();
    config.environments.prod.modelBucket = { objectLock: { mode: 'governance' } };
    expect(errorOf(config)).toContain(
      ' - environments.prod.modelBucket.objectLock.mode: "governance" is not allowed; allowed: GOVERNANCE, COMPLIANCE',
    );
  });

  test('retentionDays runs from 1 to 3650 whole days', () => {
    for (const [days, problem] of [
      [0, '0 is too small; must be >= 1'],
      [3651, '3651 is too large; must be <= 3650'],
      [1.5, '1.5 has the wrong type; expected an integer'],
    ] as const) {
      const config = minimalConfig();
      config.environments.dev.modelBucket = { objectLock: { retentionDays: days } };
      expect(errorOf(config)).toContain(
        ` - environments.dev.modelBucket.objectLock.retentionDays: ${problem}`,
      );
    }
  });

  test('COMPLIANCE is refused in an environment whose bucket is destroyed with its stack', () => {
    const config = minimalConfig();
    config.environments.dev.modelBucket = { destroyOnDelete: true, objectLock: { mode: 'COMPLIANCE' } };
    expect(errorOf(config)).toContain(
      ' - environments.dev.modelBucket.objectLock.mode: COMPLIANCE cannot go with destroyOnDelete: true; nobody can delete a COMPLIANCE-locked version before its retention ends, so the bucket could not be destroyed with its stack. Use GOVERNANCE, or set destroyOnDelete: false',
    );
  });

  test('GOVERNANCE goes with destroyOnDelete, and COMPLIANCE does when the lock is turned off', () => {
    const config = minimalConfig();
    config.environments.dev.modelBucket = { destroyOnDelete: true, objectLock: { mode: 'GOVERNANCE' } };
    config.environments.prod.modelBucket = {
      destroyOnDelete: true,
      objectLock: { enabled: false, mode: 'COMPLIANCE' },
    };
    expect(parse(config).environments.map((e) => e.modelBucket.objectLock.enabled)).toEqual([true, false]);
  });
});
