/** Exit codes of `mldeploy`: a check failed or an operation was refused (1), the command line is wrong (2). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A command line that cannot run: unknown model or environment, unreadable body file. Exit code 2. */
export class UsageError extends Error {
  public override readonly name = 'UsageError';
}

/** A check that failed or an operation that was refused, with the reason. Exit code 1. */
export class OpsFailure extends Error {
  public override readonly name = 'OpsFailure';
}

/** The message of anything thrown, for one line on stderr. */
export function messageOf(error: unknown): string {
  // Not `instanceof Error`: errors from Node's core modules may come from another realm (jest, vm).
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
