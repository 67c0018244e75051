/**
 * Shared vocabulary of the cross-field rules: they run on the merged settings of one model in one
 * environment, even when some fields failed the schema, so each rule checks only operands that
 * have the right type.
 */

export interface RuleContext {
  readonly project: string;
  readonly environment: string;
  readonly model: string;
  readonly target: unknown;
}

export interface RuleViolation {
  /** Path inside the merged settings of the field to blame, e.g. ['scaling', 'minInstances']. */
  readonly field: readonly string[];
  readonly message: string;
  /** Other fields the message mentions, so the report can say where they were set. */
  readonly related?: readonly (readonly string[])[];
}

export type Settings = Record<string, unknown>;
export type Rule = (settings: Settings, context: RuleContext) => RuleViolation | undefined;

/** A nested section of the settings, or an empty one when it is missing or not an object. */
export const section = (settings: Settings, key: string): Settings => {
  const value = settings[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Settings) : {};
};

export const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

export const isInstanceVariant = (s: Settings, c: RuleContext) =>
  c.target === 'sagemaker' && section(s, 'sagemaker').variant !== 'serverless';
