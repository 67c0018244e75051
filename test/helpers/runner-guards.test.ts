import { bounded, guardedHook, guardedTest, inverted } from './runner-guards';

test('a test that never settles fails after its time limit, naming itself', async () => {
  const never = bounded(() => new Promise(() => undefined), 20, 'test "hangs"');
  await expect(never()).rejects.toThrow('Exceeded timeout of 20 ms for test "hangs".');
});

test('a test that settles in time keeps its outcome', async () => {
  await expect(bounded(async () => 'done', 1000, 'test "quick"')()).resolves.toBe('done');
  await expect(
    bounded(
      async () => {
        throw new Error('boom');
      },
      1000,
      'test "throws"',
    )(),
  ).rejects.toThrow('boom');
});

test('a test written with a done callback settles when it calls back', async () => {
  const callback = bounded(
    (done) => setTimeout(() => (done as (e?: unknown) => void)(new Error('late')), 1),
    1000,
    't',
  );
  await expect(callback()).rejects.toThrow('late');
});

test('test.failing passes when its test throws and fails when it passes', async () => {
  await expect(
    inverted(() => {
      throw new Error('known defect');
    })(),
  ).resolves.toBeUndefined();
  await expect(inverted(() => undefined)()).rejects.toThrow(
    'Failing test passed even though it was supposed to fail',
  );
});

test('the guarded registers hand the runner bounded functions, with the given or the default time limit', async () => {
  const registered: { name?: string; fn?: () => unknown }[] = [];
  const original = Object.assign((name: string, fn?: () => unknown) => registered.push({ name, fn }), {
    only: () => undefined,
    skip: () => undefined,
    todo: () => undefined,
  });
  const test = guardedTest(original, 30) as any;
  test('default', () => new Promise(() => undefined));
  test('own', () => new Promise(() => undefined), 10);
  test.each([1, 2])('case %d', () => new Promise(() => undefined));
  test.failing('known', () => undefined);
  expect(registered.map((r) => r.name)).toEqual(['default', 'own', 'case 1', 'case 2', 'known']);
  await expect(registered[0].fn!()).rejects.toThrow('Exceeded timeout of 30 ms for test "default".');
  await expect(registered[1].fn!()).rejects.toThrow('Exceeded timeout of 10 ms for test "own".');
  await expect(registered[2].fn!()).rejects.toThrow('Exceeded timeout of 30 ms for test "case 1".');
  await expect(registered[4].fn!()).rejects.toThrow('Failing test passed');

  const hooks: (() => unknown)[] = [];
  guardedHook((fn) => hooks.push(fn), 'beforeAll', 15)(() => new Promise(() => undefined));
  await expect(hooks[0]()).rejects.toThrow('Exceeded timeout of 15 ms for a beforeAll hook.');
});
