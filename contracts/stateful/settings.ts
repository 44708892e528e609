// The generated tests' settings, read once from the environment (FUZZ_*), with the defaults of
// each mode: at least 200 sequences against the mock; against a live API budgets of run calls,
// of requests of every kind and of time, sized so that the test ends well inside its timeout at
// the default pacing, shrinking and cleanup included (docs/decisions/0051).
import { join } from 'node:path';
import { type Target, TargetConfigError } from '../client/target.ts';
import { type SeedChoice, seedPolicy } from './seed-policy.ts';

/** Live defaults: at 48 run calls and 144 other calls a minute, 400 requests take about 2.5 min. */
export const LIVE_DEFAULTS = { runs: 25, maxRunCalls: 60, maxRequests: 400, maxSeconds: 150 } as const;
/** Time left after the budget's deadline for deleting threads, and then for the report. */
export const CLEANUP_MS = 30_000;
const REPORT_MS = 15_000;

/** How much a run generates, how to replay one case, and what it may spend. */
export interface GeneratedSettings {
  seed: number;
  seedSource: SeedChoice['source'];
  numRuns: number;
  maxCommands: number;
  /** FUZZ_PATH: replay exactly the shrunk case of a report. */
  path?: string;
  /** Run and run/stream calls the whole test may spend (live). */
  maxRunCalls: number;
  /** Requests of every kind the whole test may spend, cleanup included (FUZZ_MAX_REQUESTS). */
  maxRequests: number;
  /** Seconds until no further step is sent (FUZZ_MAX_SECONDS); cleanup and the report follow. */
  maxSeconds: number;
  /** The example database (FUZZ_EXAMPLES; undefined: off). */
  examples?: string;
  /** The test's timeout: the time budget, then cleanup and the report. */
  testTimeoutMs: number;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new TargetConfigError(
      `Expected ${name} to be a whole number, ${min} or more. Got "${raw}". Unset it to use ${Number.isFinite(fallback) && fallback < Number.MAX_SAFE_INTEGER ? fallback : 'no limit'}.`,
    );
  return value;
}

function examplesPath(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.FUZZ_EXAMPLES;
  if (raw === 'off') return undefined;
  if (raw !== undefined && raw.trim() !== '') return raw.trim();
  return join(env.REPORT_DIR ?? 'reports', 'generated-examples.json');
}

/** Reads FUZZ_SEED, FUZZ_EXPLORE, FUZZ_PATH, FUZZ_RUNS, FUZZ_MAX_* and FUZZ_EXAMPLES for this target. */
export function generatedSettings(env: NodeJS.ProcessEnv, target: Pick<Target, 'live'>): GeneratedSettings {
  const { seed, source } = seedPolicy(env);
  const path = env.FUZZ_PATH?.trim() || undefined;
  if (path !== undefined && !/^\d+(:\d+)*(~[A-Za-z0-9+/]*:[A-Za-z0-9+/]*)?$/.test(path)) {
    throw new TargetConfigError(
      `Expected FUZZ_PATH as a report prints it (digits and colons, perhaps ~ and a replay path). Got "${path.slice(0, 80)}".`,
    );
  }
  if (path !== undefined && source !== 'FUZZ_SEED')
    throw new TargetConfigError('FUZZ_PATH replays a case of one seed: set FUZZ_SEED too, as the report prints it.');
  const live = target.live;
  const maxSeconds = whole(env, 'FUZZ_MAX_SECONDS', live ? LIVE_DEFAULTS.maxSeconds : 40, 1);
  const settings: GeneratedSettings = {
    seed,
    seedSource: source,
    numRuns: whole(env, 'FUZZ_RUNS', live ? LIVE_DEFAULTS.runs : 200, 1),
    maxCommands: live ? 14 : 24,
    maxRunCalls: whole(env, 'FUZZ_MAX_RUN_CALLS', live ? LIVE_DEFAULTS.maxRunCalls : Number.MAX_SAFE_INTEGER, 0),
    maxRequests: whole(env, 'FUZZ_MAX_REQUESTS', live ? LIVE_DEFAULTS.maxRequests : Number.MAX_SAFE_INTEGER, 10),
    maxSeconds,
    testTimeoutMs: maxSeconds * 1_000 + CLEANUP_MS + REPORT_MS,
  };
  const examples = examplesPath(env);
  if (examples !== undefined) settings.examples = examples;
  if (path !== undefined) settings.path = path;
  return settings;
}
