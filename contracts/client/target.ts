// Which API the contract suite talks to, read once from the environment.
// Mock mode (default): the embedded mock, started by Playwright's webServer.
// Live mode: BASE_URL and API_KEY set; no mock starts.
import { rateBudgets } from '../generated/rate-budgets.js';
import { positiveInteger, TargetConfigError } from './env-settings.ts';
import { type TransportLimits, transportLimits } from './transport-limits.ts';

export { TargetConfigError } from './env-settings.ts';

/** Keys of the embedded mock's default config (contracts/mock/config). */
export const MOCK_KEYS = { main: 'mock-api-key', otherTenant: 'mock-api-key-other-tenant' } as const;

/**
 * The live pacing of run calls unless LIVE_MAX_RPS and LIVE_MAX_RPM say otherwise: 80% of each
 * documented window, because other clients of the tenant share the budget.
 */
export const LIVE_PACING_DEFAULTS = {
  maxRps: Math.floor(rateBudgets.answers.perSecond * 0.8),
  maxRpm: Math.floor(rateBudgets.answers.perMinute * 0.8),
} as const;

/**
 * The pause before each poll of a file's status unless POLL_PAUSE_MS says otherwise: a live API
 * processes a file in its own time (ten polls span 2 s before a file counts as still processing);
 * the mock processes one in 10 ms (contracts/mock/options.ts), so 20 ms finds it done.
 */
export const POLL_PAUSE_DEFAULTS = { live: 200, mock: 20 } as const;

/** Everything a test needs to know about its target. Keys are kept here and never printed. */
export interface Target {
  live: boolean;
  /** Base URL without a trailing slash; paths such as /v1/threads are appended to it. */
  baseURL: string;
  apiKey: string;
  otherTenantKey?: string;
  assistantId?: string;
  mockPort: number;
  /** The target honours `Prefer` fault injection, so @mock tests run. */
  faults: boolean;
  /** Pacing of answer-generating calls (live only). */
  pacing?: { maxRps: number; maxRpm: number };
  /** Report fields the contract does not name. */
  strict: boolean;
  /** Deadlines and size caps of every request (a live model can take long). */
  limits: TransportLimits;
  /** Per test: live tests wait for several model answers and may honour a Retry-After. */
  testTimeoutMs: number;
  /** Where else the API may serve its OpenAPI document (OPENAPI_PATH), besides /openapi.json. */
  openApiPath?: string;
  /** The pause before each poll of a file's status (POLL_PAUSE_MS). */
  pollPauseMs: number;
}

/** The target without its keys: what the config hands to Playwright (`use: { targetSettings }`). */
export type TargetSettings = Omit<Target, 'apiKey' | 'otherTenantKey'>;

/** The settings of a target, its keys left out, so that no Playwright option ever holds a key. */
export function withoutKeys(target: Target): TargetSettings {
  const { apiKey: _key, otherTenantKey: _otherKey, ...settings } = target;
  return settings;
}

/** The settings with the keys added back, read in the worker from its own environment. */
export function withKeys(settings: TargetSettings, env: NodeJS.ProcessEnv): Target {
  const keys = targetFromEnv(env);
  if (keys.baseURL !== settings.baseURL)
    throw new TargetConfigError(
      `The worker's BASE_URL (${keys.baseURL}) differs from the run's (${settings.baseURL}); set it before the run starts, not in a test.`,
    );
  return {
    ...settings,
    apiKey: keys.apiKey,
    ...(keys.otherTenantKey === undefined ? {} : { otherTenantKey: keys.otherTenantKey }),
  };
}

/** Reads the target from environment variables (see README, "Live mode"). */
export function targetFromEnv(env: NodeJS.ProcessEnv): Target {
  const strict = env.CONTRACT_STRICT === '1';
  const mockPort = positiveInteger(env, 'MOCK_PORT', 4010);
  const base = env.BASE_URL?.trim();
  if (!base) {
    return {
      live: false,
      baseURL: `http://127.0.0.1:${mockPort}`,
      apiKey: MOCK_KEYS.main,
      otherTenantKey: MOCK_KEYS.otherTenant,
      mockPort,
      faults: true,
      strict,
      limits: transportLimits(env, false),
      testTimeoutMs: 30_000,
      pollPauseMs: positiveInteger(env, 'POLL_PAUSE_MS', POLL_PAUSE_DEFAULTS.mock),
    };
  }
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new TargetConfigError(
      `Expected BASE_URL to be an absolute URL such as https://api.haufe.ai/agents. Got "${base}".`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TargetConfigError(`Expected BASE_URL to use http or https. Got "${url.protocol}".`);
  }
  const apiKey = env.API_KEY;
  if (!apiKey)
    throw new TargetConfigError(
      'BASE_URL is set but API_KEY is not. Export API_KEY=<your key> (never pass it as a flag) and run again.',
    );
  for (const name of ['API_KEY', 'API_KEY_OTHER_TENANT'] as const) {
    // A header cannot carry these; the usual cause is a line ending copied from a .env file.
    if (env[name] && !/^[\x21-\x7e]+$/.test(env[name] ?? ''))
      throw new TargetConfigError(
        `Expected ${name} to be printable characters without spaces. It has whitespace or control characters (a copied line ending?). Export it again without them.`,
      );
  }
  const target: Target = {
    live: true,
    baseURL: `${url.origin}${url.pathname.replace(/\/+$/, '')}`,
    apiKey,
    mockPort,
    faults: env.CONTRACT_TARGET_FAULTS === 'prefer',
    pacing: {
      maxRps: positiveInteger(env, 'LIVE_MAX_RPS', LIVE_PACING_DEFAULTS.maxRps),
      maxRpm: positiveInteger(env, 'LIVE_MAX_RPM', LIVE_PACING_DEFAULTS.maxRpm),
    },
    strict,
    limits: transportLimits(env, true),
    testTimeoutMs: 180_000,
    pollPauseMs: positiveInteger(env, 'POLL_PAUSE_MS', POLL_PAUSE_DEFAULTS.live),
  };
  if (env.API_KEY_OTHER_TENANT) target.otherTenantKey = env.API_KEY_OTHER_TENANT;
  const openApiPath = env.OPENAPI_PATH?.trim();
  if (openApiPath) {
    // A path of the API's own origin: the preflight sends the key with it, and the key goes nowhere else.
    if (!openApiPath.startsWith('/') || openApiPath.startsWith('//'))
      throw new TargetConfigError(
        `Expected OPENAPI_PATH to be a path on the API, such as /openapi.json or /docs/openapi.json (read below BASE_URL, and at the root of its host). Got "${openApiPath}".`,
      );
    target.openApiPath = openApiPath;
  }
  if (env.ASSISTANT_ID) target.assistantId = env.ASSISTANT_ID;
  return target;
}
