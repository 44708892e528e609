// A contract run's settings from the environment, read and checked in one place: the target
// (BASE_URL, API_KEY, LIVE_*, the deadlines and caps), the generated tests' FUZZ_* settings and
// the run's deadline. playwright.config.ts reads them for the run; the contract command reads them
// first, so that a mistake is refused before Playwright starts.
import { runDeadlineMs } from '../client/run-deadline.ts';
import { type Target, targetFromEnv } from '../client/target.ts';
import { type GeneratedSettings, generatedSettings } from '../stateful/settings.ts';

/** Everything a contract run reads from its environment. */
export interface RunSettings {
  target: Target;
  generated: GeneratedSettings;
  deadlineMs: number;
}

/** Reads the run's settings; throws TargetConfigError naming the setting at fault. */
export function runSettings(env: NodeJS.ProcessEnv): RunSettings {
  const target = targetFromEnv(env);
  const generated = generatedSettings(env, target);
  return { target, generated, deadlineMs: runDeadlineMs(env, target, generated.testTimeoutMs) };
}
