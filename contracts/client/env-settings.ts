// Reading the suite's settings from the environment: one error type for a mistake, one reader
// for a whole number, so that every setting refuses bad input with the same kind of message.

/** A configuration mistake: the message says what was expected and what to do. */
export class TargetConfigError extends Error {
  override name = 'TargetConfigError';
}

/** A whole number, 1 or more, from `env[name]`; `fallback` when unset. */
export function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  // Whole numbers only: a fraction of a call per window cannot be paced and would round up.
  if (!Number.isInteger(value) || value <= 0) {
    throw new TargetConfigError(
      `Expected ${name} to be a whole number, 1 or more. Got "${raw}". Unset it to use ${fallback}.`,
    );
  }
  return value;
}
