// The whole run's deadline (issue 23): a contract run ends by itself even when every request of
// it waits as long as its own deadlines allow. Playwright's globalTimeout enforces it; the
// contract reporter then says what ran, what did not, and why.
import { positiveInteger } from './env-settings.ts';
import type { Target } from './target.ts';

/**
 * Tests of a run that may each run into their timeout before the run's deadline: enough for a
 * broken API (every test waiting out its deadlines) to be reported test by test, not so many that
 * a hung run goes on for hours.
 */
export const TIMED_OUT_TESTS_ALLOWED = 8;

/**
 * RUN_MAX_SECONDS in milliseconds; by default the generated test's whole timeout (its time budget,
 * cleanup and report) plus TIMED_OUT_TESTS_ALLOWED test timeouts: 27 min live, 5.4 min on the mock.
 */
export function runDeadlineMs(
  env: NodeJS.ProcessEnv,
  target: Pick<Target, 'testTimeoutMs'>,
  generatedTimeoutMs: number,
): number {
  const derived = Math.ceil((generatedTimeoutMs + TIMED_OUT_TESTS_ALLOWED * target.testTimeoutMs) / 1_000);
  return positiveInteger(env, 'RUN_MAX_SECONDS', derived) * 1_000;
}
