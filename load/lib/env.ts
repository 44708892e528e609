// Reads the knobs a script takes from __ENV. k6 evaluates this in the init context and stops with
// the message when it throws, so every message names the variable, what it expects, what arrived
// and how to set it.

/** The environment k6 passes as __ENV. */
export type Env = { readonly [name: string]: string | undefined };

/** A setting that cannot be used; thrown in the init context, before any request. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Bounds of a numeric setting; `capped` words the maximum as a safety cap. */
export interface NumberRule {
  min: number;
  max: number;
  unit: string;
  integer?: boolean;
  capped?: boolean;
}

function present(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

/** A string setting, or the fallback when it is unset or blank. */
export function readString(env: Env, name: string, fallback: string): string {
  return present(env, name) ?? fallback;
}

/** A string setting that may be absent. */
export function readOptional(env: Env, name: string): string | undefined {
  return present(env, name);
}

/** A number within the rule's bounds. */
export function readNumber(env: Env, name: string, fallback: number, rule: NumberRule): number {
  const raw = present(env, name);
  const value = raw === undefined ? fallback : Number(raw);
  const shown = raw ?? String(fallback);
  const kind = rule.integer ? 'a whole number' : 'a number';
  if (!Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) {
    throw new ConfigError(`${name} must be ${kind} of ${rule.unit}; got "${shown}". Example: ${name}=${fallback}.`);
  }
  if (value > rule.max && rule.capped) {
    throw new ConfigError(
      `${name} is capped at ${rule.max} ${rule.unit} so that a run never hammers the API; got ${shown}. ` +
        `Lower ${name} (default ${fallback}).`,
    );
  }
  if (value < rule.min || value > rule.max) {
    throw new ConfigError(`${name} must be between ${rule.min} and ${rule.max} ${rule.unit}; got ${shown}.`);
  }
  return value;
}

/** Seconds from a k6-style duration ("90s", "2m", "1m30s", "500ms") or a bare number of seconds. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const match = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/.exec(
    trimmed,
  );
  if (match === null || trimmed === '') return null;
  const [, h, m, s, ms] = match;
  return Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0) + Number(ms ?? 0) / 1000;
}

/** A k6 duration string for a number of seconds. */
export function formatDuration(seconds: number): string {
  return Number.isInteger(seconds) ? `${seconds}s` : `${Math.round(seconds * 1000)}ms`;
}

/** A duration setting in seconds, within bounds given in seconds. */
export function readDuration(
  env: Env,
  name: string,
  fallbackSeconds: number,
  rule: { min: number; max: number; capped?: boolean },
): number {
  const raw = present(env, name);
  const value = raw === undefined ? fallbackSeconds : parseDuration(raw);
  if (value === null) {
    throw new ConfigError(
      `${name} must be a duration such as 90s, 2m or 1m30s; got "${raw ?? ''}". Example: ${name}=${formatDuration(fallbackSeconds)}.`,
    );
  }
  if (value > rule.max && rule.capped) {
    throw new ConfigError(
      `${name} is capped at ${formatDuration(rule.max)} so that a run never hammers the API; got ${raw ?? value}. ` +
        `Lower ${name} (default ${formatDuration(fallbackSeconds)}).`,
    );
  }
  if (value < rule.min || value > rule.max) {
    throw new ConfigError(
      `${name} must be between ${formatDuration(rule.min)} and ${formatDuration(rule.max)}; got ${raw ?? value}.`,
    );
  }
  return value;
}

/** True for 1, true or yes (any case). */
export function readFlag(env: Env, name: string): boolean {
  const raw = present(env, name);
  return raw !== undefined && /^(1|true|yes)$/i.test(raw);
}

/** A JSON object setting, or undefined when unset. */
export function readJsonObject(env: Env, name: string): Record<string, unknown> | undefined {
  const raw = present(env, name);
  if (raw === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ConfigError(
      `${name} must be a JSON object; got text that is not JSON. Example: ${name}='{"user_data":{"licence":"..."}}'.`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${name} must be a JSON object; got ${Array.isArray(value) ? 'an array' : typeof value}.`);
  }
  return value as Record<string, unknown>;
}
