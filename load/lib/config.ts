// The settings every script shares, read once in the init context. Script-specific knobs (rates,
// durations, SLOs) are read by the script that owns them.
import { rateBudgets } from '../contracts/generated/rate-budgets.js';
import type { Env } from './env.ts';
import { readFlag, readJsonObject, readNumber, readOptional, readString } from './env.ts';
import type { Target } from './safety.ts';
import { assertTargetAllowed, parseTarget } from './safety.ts';

/** Where the scripts go and write unless BASE_URL and REPORT_DIR say otherwise: the mock (npm run mock). */
export const LOAD_DEFAULTS = { baseUrl: 'http://127.0.0.1:4010', reportDir: 'reports/load' } as const;

/** The rate-limit budgets the docs give for the tenant's tier. */
export interface Limits {
  answersPerSecond: number;
  answersPerMinute: number;
  otherPerSecond: number;
  otherPerMinute: number;
}

/** Settings shared by all scripts. The key is kept here only to send it; it is never printed. */
export interface LoadConfig {
  target: Target;
  apiKey: string | undefined;
  assistantId: string | undefined;
  runMetaData: Record<string, unknown> | undefined;
  reportDir: string;
  /** Share of successful responses checked against the contract (every 429 and other error is checked). */
  contractSample: number;
  /** Use the validators that refuse undocumented fields. */
  strict: boolean;
  requestTimeout: string;
  limits: Limits;
  /** Unexpected responses after which a run aborts. */
  unexpectedMax: number;
}

/** Reads the shared settings; throws ConfigError with the fix when one is unusable. */
export function loadConfig(env: Env, defaults: { contractSample: number }): LoadConfig {
  const target = parseTarget(readString(env, 'BASE_URL', LOAD_DEFAULTS.baseUrl));
  assertTargetAllowed(target, readOptional(env, 'LOAD_CONFIRM_TARGET'));
  const rate = { min: 1, max: 10000, integer: true, unit: 'requests' };
  return {
    target,
    apiKey: readOptional(env, 'API_KEY'),
    assistantId: readOptional(env, 'ASSISTANT_ID'),
    runMetaData: readJsonObject(env, 'RUN_META_DATA'),
    reportDir: readString(env, 'REPORT_DIR', LOAD_DEFAULTS.reportDir).replace(/\/+$/, ''),
    contractSample: readNumber(env, 'CONTRACT_SAMPLE', defaults.contractSample, {
      min: 0,
      max: 1,
      unit: '(share of responses, 0 to 1)',
    }),
    strict: readFlag(env, 'CONTRACT_STRICT'),
    requestTimeout: readString(env, 'REQUEST_TIMEOUT', '60s'),
    limits: {
      // Defaults: the documented budgets of the contract (x-rate-limit-budgets).
      answersPerSecond: readNumber(env, 'ANSWERS_RPS', rateBudgets.answers.perSecond, {
        ...rate,
        unit: 'requests per second',
      }),
      answersPerMinute: readNumber(env, 'ANSWERS_RPM', rateBudgets.answers.perMinute, {
        ...rate,
        unit: 'requests per minute',
      }),
      otherPerSecond: readNumber(env, 'OTHER_RPS', rateBudgets.other.perSecond, {
        ...rate,
        unit: 'requests per second',
      }),
      otherPerMinute: readNumber(env, 'OTHER_RPM', rateBudgets.other.perMinute, {
        ...rate,
        unit: 'requests per minute',
      }),
    },
    unexpectedMax: readNumber(env, 'UNEXPECTED_MAX', 10, { min: 0, max: 1000, integer: true, unit: 'responses' }),
  };
}
