// The mock's tenants (and optionally its rate limits) come from a JSON file, so a user can
// rehearse against assistants shaped like their own. Assistants are checked with the contract's
// own Assistant validator: the config cannot drift from the contract unnoticed.
import { readFileSync } from 'node:fs';
import type { components } from '../../generated/api.ts';
import { validators } from '../../generated/validators.js';
import type { WindowLimits } from '../limits/rate-limiter.ts';

type Assistant = components['schemas']['Assistant'];

/** One tenant: the keys that act for it and the assistants it may use. */
export interface TenantConfig {
  id: string;
  keys: string[];
  assistants: Assistant[];
}

/** The config file's shape. `rateLimit` overrides the documented defaults per budget. */
export interface MockConfig {
  tenants: TenantConfig[];
  rateLimit?: { answers?: Partial<WindowLimits>; other?: Partial<WindowLimits> };
}

/** The default config file, whose keys and assistant ids docs and tests name. */
export const DEFAULT_CONFIG_URL = new URL('./default.json', import.meta.url);

/** A config that cannot be used; the message names the file, the place, and the fix. */
export class MockConfigError extends Error {
  override name = 'MockConfigError';
}

function fail(source: string, where: string, expected: string, got: unknown): never {
  const shown = JSON.stringify(got)?.slice(0, 120) ?? String(got);
  throw new MockConfigError(
    `Mock config ${source}: ${where}: expected ${expected}. Got ${shown}. Fix the file, or omit --config to use the default.`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkTenant(source: string, raw: unknown, index: number): TenantConfig {
  const where = `tenants[${index}]`;
  if (!isRecord(raw)) fail(source, where, 'an object {id, keys, assistants}', raw);
  if (typeof raw.id !== 'string' || raw.id === '') fail(source, `${where}.id`, 'a non-empty string', raw.id);
  if (!Array.isArray(raw.keys) || raw.keys.length === 0 || !raw.keys.every((k) => typeof k === 'string' && k !== '')) {
    fail(source, `${where}.keys`, 'a non-empty list of non-empty strings', raw.keys);
  }
  if (!Array.isArray(raw.assistants)) fail(source, `${where}.assistants`, 'a list (possibly empty)', raw.assistants);
  raw.assistants.forEach((assistant, i) => {
    if (!validators.getAssistant_200(assistant)) {
      const first = validators.getAssistant_200.errors?.[0];
      fail(
        source,
        `${where}.assistants[${i}]${first?.instancePath ?? ''}`,
        `an Assistant as contracts/openapi.yaml defines it (${first?.message ?? 'invalid'})`,
        assistant,
      );
    }
  });
  return { id: raw.id, keys: raw.keys as string[], assistants: raw.assistants as Assistant[] };
}

function checkRateLimit(source: string, raw: unknown): MockConfig['rateLimit'] {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) fail(source, 'rateLimit', 'an object {answers?, other?}', raw);
  const out: NonNullable<MockConfig['rateLimit']> = {};
  for (const [budget, windows] of Object.entries(raw)) {
    if (budget !== 'answers' && budget !== 'other')
      fail(source, `rateLimit.${budget}`, 'only the budgets "answers" and "other"', budget);
    if (!isRecord(windows)) fail(source, `rateLimit.${budget}`, 'an object {perSecond?, perMinute?}', windows);
    const limits: Partial<WindowLimits> = {};
    for (const [name, value] of Object.entries(windows)) {
      if (name !== 'perSecond' && name !== 'perMinute')
        fail(source, `rateLimit.${budget}.${name}`, 'only perSecond and perMinute', name);
      if (!Number.isInteger(value) || (value as number) < 1)
        fail(source, `rateLimit.${budget}.${name}`, 'a whole number of calls, 1 or more', value);
      limits[name] = value as number;
    }
    out[budget] = limits;
  }
  return out;
}

/** Checks a parsed config; `source` names it in messages. */
export function checkConfig(raw: unknown, source = 'object'): MockConfig {
  if (!isRecord(raw)) fail(source, 'the top level', 'an object {tenants: [...]}', raw);
  if (!Array.isArray(raw.tenants) || raw.tenants.length === 0) fail(source, 'tenants', 'a non-empty list', raw.tenants);
  const tenants = raw.tenants.map((t, i) => checkTenant(source, t, i));
  const ids = new Set<string>();
  const keys = new Set<string>();
  tenants.forEach((tenant, i) => {
    if (ids.has(tenant.id)) fail(source, `tenants[${i}].id`, 'an id no other tenant has', tenant.id);
    ids.add(tenant.id);
    for (const key of tenant.keys) {
      if (keys.has(key))
        fail(source, `tenants[${i}].keys`, 'keys that no other tenant uses', '(a duplicate key, not shown)');
      keys.add(key);
    }
  });
  const rateLimit = checkRateLimit(source, raw.rateLimit);
  return rateLimit === undefined ? { tenants } : { tenants, rateLimit };
}

/** Reads and checks a config file. */
export function loadConfigFile(path: string | URL): MockConfig {
  const source = String(path instanceof URL ? path.pathname : path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new MockConfigError(
      `Mock config ${source}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'}). Pass an existing JSON file to --config, or omit it to use the default.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new MockConfigError(
      `Mock config ${source}: expected JSON. Got text that does not parse (${(error as Error).message}). Fix the file.`,
    );
  }
  return checkConfig(parsed, source);
}
