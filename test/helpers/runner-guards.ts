/**
 * What jest's own runner does for a test and jest-light-runner does not (see shared-runner-setup.ts): a time
 * limit on every test and hook, and `test.failing`.
 */
import { bind } from 'jest-each';

export type TestFn = (...args: unknown[]) => unknown;
type Register = (name: string, fn?: TestFn, timeout?: number) => void;
type HookRegister = (fn: TestFn, timeout?: number) => void;

/** `fn` settled within `timeoutMs`, or a failure that says which test or hook ran out of time. */
export function bounded(fn: TestFn, timeoutMs: number, what: string): () => Promise<unknown> {
  return () => {
    let timer: NodeJS.Timeout | undefined;
    const run =
      fn.length >= 1
        ? new Promise<unknown>((resolve, reject) =>
            fn((error?: unknown) => (error ? reject(error) : resolve(undefined))),
          )
        : Promise.resolve().then(() => fn());
    const expiry = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Exceeded timeout of ${timeoutMs} ms for ${what}.`)),
        timeoutMs,
      );
    });
    return Promise.race([run, expiry]).finally(() => clearTimeout(timer));
  };
}

/** Passes when `fn` fails and fails when it passes, as jest documents `test.failing`. */
export function inverted(fn: TestFn): () => Promise<void> {
  return async () => {
    try {
      await fn();
    } catch {
      return;
    }
    throw new Error(
      'Failing test passed even though it was supposed to fail. Remove `.failing` to remove error.',
    );
  };
}

/** `test` (or `it`) whose tests are bounded, with `.each`, `.only`, `.skip`, `.todo` and `.failing`. */
export function guardedTest(original: Register & Record<string, any>, defaultTimeoutMs: number): Register {
  const register = (mode: Register) => (name: string, fn?: TestFn, timeout?: number) =>
    fn === undefined ? mode(name) : mode(name, bounded(fn, timeout ?? defaultTimeoutMs, `test "${name}"`));
  const guarded: Register & Record<string, any> = register(original);
  guarded.only = register(original.only);
  guarded.only.each = bind(guarded.only);
  guarded.skip = original.skip;
  guarded.todo = original.todo;
  guarded.each = bind(guarded);
  guarded.failing = (name: string, fn: TestFn, timeout?: number) =>
    original(name, bounded(inverted(fn), timeout ?? defaultTimeoutMs, `test "${name}"`));
  return guarded;
}

/** A hook register (`beforeAll`, …) whose hooks are bounded. */
export function guardedHook(original: HookRegister, hook: string, defaultTimeoutMs: number): HookRegister {
  return (fn, timeout) => original(bounded(fn, timeout ?? defaultTimeoutMs, `a ${hook} hook`));
}
