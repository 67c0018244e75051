import { createSpinner } from 'nanospinner';

/** Where output goes: `process.stdout` / `process.stderr`, or a buffer in tests. */
export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  /** Width of a terminal; 0 or absent for a pseudo-terminal without a size. */
  readonly columns?: number;
}

/** The part of a nanospinner spinner that progress reporting uses. */
interface SpinnerLike {
  start(): unknown;
  update(options: { text: string }): unknown;
  stop(): unknown;
}

export type SpinnerFactory = (text: string, stream: OutputStream) => SpinnerLike;

export const nanospinner: SpinnerFactory = (text, stream) =>
  createSpinner(text, { stream: stream as NodeJS.WriteStream });

/** What the user sees while a command waits. */
export interface Progress {
  update(text: string): void;
  stop(): void;
}

interface ProgressOptions {
  readonly stderr: OutputStream;
  /** Machine output: nothing but the result. */
  readonly json: boolean;
  readonly createSpinner: SpinnerFactory;
}

/**
 * A spinner on an interactive terminal, a line per change of state in logs (CI), nothing with --json.
 * Progress goes to stderr, so stdout carries only the result.
 */
export function startProgress(text: string, options: ProgressOptions): Progress {
  if (options.json) return { update: () => undefined, stop: () => undefined };
  // nanospinner erases its previous lines by counting them against the terminal width: without a width
  // (a pseudo-terminal such as `script`'s) it would erase forever, so such terminals get log lines.
  if (options.stderr.isTTY && (options.stderr.columns ?? 0) > 0) {
    const spinner = options.createSpinner(text, options.stderr);
    spinner.start();
    return {
      update: (next) => void spinner.update({ text: next }),
      stop: () => void spinner.stop(),
    };
  }
  let last = text;
  options.stderr.write(`${text}\n`);
  return {
    update: (next) => {
      if (next === last) return;
      last = next;
      options.stderr.write(`${next}\n`);
    },
    stop: () => undefined,
  };
}
