// The generated tests' settings, read once from the environment (FUZZ_*), with the defaults of
// each mode: at least 200 sequences against the mock; against a live API a run-call budget.
import { type Target, TargetConfigError } from '../target.ts';

/** How much a run generates, and how to replay one case. */
export interface GeneratedSettings {
  seed: number;
  /** The seed was given (FUZZ_SEED), not drawn. */
  seedGiven: boolean;
  numRuns: number;
  maxCommands: number;
  /** FUZZ_PATH: replay exactly the shrunk case of a report. */
  path?: string;
  /** Run and run/stream calls the whole test may spend (live). */
  maxRunCalls: number;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new TargetConfigError(
      `Expected ${name} to be a whole number, ${min} or more. Got "${raw}". Unset it to use ${fallback}.`,
    );
  return value;
}

/** Reads FUZZ_SEED, FUZZ_PATH, FUZZ_RUNS and FUZZ_MAX_RUN_CALLS for this target. */
export function generatedSettings(env: NodeJS.ProcessEnv, target: Pick<Target, 'live'>): GeneratedSettings {
  const seedGiven = env.FUZZ_SEED !== undefined && env.FUZZ_SEED !== '';
  const seed = seedGiven ? Number(env.FUZZ_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  if (!Number.isSafeInteger(seed) || seed < -0x80000000 || seed > 0x7fffffff)
    throw new TargetConfigError(
      `Expected FUZZ_SEED to be a 32-bit integer, as a report prints it. Got "${env.FUZZ_SEED}".`,
    );
  const path = env.FUZZ_PATH?.trim() || undefined;
  if (path !== undefined && !/^\d+(:\d+)*(~[A-Za-z0-9+/]*:[A-Za-z0-9+/]*)?$/.test(path)) {
    throw new TargetConfigError(
      `Expected FUZZ_PATH as a report prints it (digits and colons, perhaps ~ and a replay path). Got "${path.slice(0, 80)}".`,
    );
  }
  if (path !== undefined && !seedGiven)
    throw new TargetConfigError('FUZZ_PATH replays a case of one seed: set FUZZ_SEED too, as the report prints it.');
  const settings: GeneratedSettings = {
    seed,
    seedGiven,
    numRuns: whole(env, 'FUZZ_RUNS', target.live ? 25 : 200, 1),
    maxCommands: target.live ? 14 : 24,
    maxRunCalls: whole(env, 'FUZZ_MAX_RUN_CALLS', target.live ? 60 : Number.MAX_SAFE_INTEGER, 0),
  };
  if (path !== undefined) settings.path = path;
  return settings;
}
