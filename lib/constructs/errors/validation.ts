import { IConstruct } from 'constructs';

/**
 * One broken rule of a construct's props, keyed by the prop to blame. Rules return these instead of
 * throwing, so that the same rule text reaches library users (with the construct path and prop names)
 * and config users (with the YAML file, path and line of the setting that became the prop).
 */
export interface PropProblem {
  /** Dotted path of the prop to blame, e.g. `rollout.maximumExecutionTimeout`. */
  readonly field: string;
  /** The prop's value as library users give it, e.g. `900s`; absent when the message needs none. */
  readonly value?: string;
  /**
   * What is wrong and what is allowed, read after the field and value. `{rollout.bakeTime}` names another
   * prop; each report writes it in its own terms (the prop name, or the YAML field it came from).
   */
  readonly message: string;
  /** Other props the rule read, so that config reports can say where each was set. @default none */
  readonly related?: readonly string[];
}

/** `{rollout.bakeTime}` references in a problem's message. */
export const PROP_REFERENCE = /\{([A-Za-z][\w.]*)\}/g;

/** A problem as library users read it: `rollout.bakeTime 7200s must be between 0 and 3600 seconds`. */
export function describePropProblem(problem: PropProblem): string {
  const message = problem.message.replace(PROP_REFERENCE, (_match, field: string) => field);
  return `${problem.field}${problem.value === undefined ? '' : ` ${problem.value}`} ${message}`;
}

/**
 * Thrown when a construct's props break its rules: a user mistake, not a bug. It carries the construct
 * path, so an app can print one clear line instead of a stack trace.
 */
export class ConstructValidationError extends Error {
  /** Path of the construct whose props are wrong, when the check knew it. */
  readonly constructPath?: string;

  constructor(message: string, scope?: IConstruct) {
    super(message);
    this.name = 'ConstructValidationError';
    this.constructPath = scope?.node.path;
  }
}

/** Every broken rule of one construct's props at once: `Invalid <Kind> <path>:\n - <problem>…`. */
export class PropsValidationError extends ConstructValidationError {
  /** `notes` are problems from rules that do not key their findings by prop yet. */
  constructor(
    kind: string,
    scope: IConstruct,
    readonly problems: readonly PropProblem[],
    notes: readonly string[] = [],
  ) {
    const lines = [...problems.map(describePropProblem), ...notes];
    super(`Invalid ${kind} ${scope.node.path}:\n - ${lines.join('\n - ')}`, scope);
    this.name = 'PropsValidationError';
  }
}

/** Throws a PropsValidationError when there are problems. */
export function throwOnProblems(
  kind: string,
  scope: IConstruct,
  problems: readonly PropProblem[],
  notes: readonly string[] = [],
): void {
  if (problems.length > 0 || notes.length > 0) throw new PropsValidationError(kind, scope, problems, notes);
}

/** A duration in seconds as messages show it: `1200 s (20 min)`. */
export function describeSeconds(seconds: number): string {
  return seconds % 60 === 0 && seconds > 0 ? `${seconds} s (${seconds / 60} min)` : `${seconds} s`;
}
