import { OpsContext } from './context';
import { OpsFailure } from './errors';
import { Progress } from './progress';

/** One look at something that settles: its final value, or what it is still doing. */
export type Observation<T> =
  { readonly done: true; readonly value: T } | { readonly done: false; readonly waitingFor: string };

interface PollOptions<T> {
  readonly observe: () => Promise<Observation<T>>;
  /** How long to wait in total. */
  readonly waitMinutes: number;
  /** What is awaited, before each progress line: a model name. */
  readonly label: string;
  /** @default 15 seconds */
  readonly intervalMs?: number;
}

const POLL_INTERVAL_MS = 15_000;

/**
 * Observes until done, showing what it waits for (spinner, log lines or nothing, see progress.ts). Fails
 * with the last thing it waited for once the time is up.
 */
export async function pollUntil<T>(ctx: OpsContext, options: PollOptions<T>): Promise<T> {
  const intervalMs = options.intervalMs ?? POLL_INTERVAL_MS;
  const deadline = ctx.now() + options.waitMinutes * 60_000;
  let progress: Progress | undefined;
  try {
    for (;;) {
      const seen = await options.observe();
      if (seen.done) return seen.value;
      const remainingMs = deadline - ctx.now();
      if (remainingMs <= 0) {
        throw new OpsFailure(`gave up after ${minutes(options.waitMinutes)}: ${seen.waitingFor}`);
      }
      const text = `${options.label}: ${seen.waitingFor} (waiting up to ${minutes(Math.ceil(remainingMs / 60_000))} more)`;
      if (progress) progress.update(text);
      else progress = ctx.progress(text);
      await ctx.sleep(Math.min(intervalMs, remainingMs));
    }
  } finally {
    progress?.stop();
  }
}

function minutes(count: number): string {
  return count === 1 ? '1 minute' : `${count} minutes`;
}
