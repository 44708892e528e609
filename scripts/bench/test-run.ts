// `npm test` once, as a user runs it, with how long each of its steps took and where the
// Playwright run spent its test time; next to Playwright listing the same tests (its start-up).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepTiming } from '../test.ts';
import { PLAYWRIGHT_ARGS } from '../test-plan.ts';
import { type ProjectTime, projectTimes } from './junit-times.ts';
import { timed } from './timed.ts';

/** What one `npm test` took. */
export interface TestRunFigures {
  seconds: number;
  exitCode: number;
  steps: StepTiming[];
  projects: ProjectTime[];
  /** Playwright listing the same tests: its start-up, before any test. */
  listingSeconds: number;
}

const PLAYWRIGHT_CLI = join('node_modules', '@playwright', 'test', 'cli.js');

/** Runs `npm test` (scripts/test.ts, as the npm script does) with its reports in a temporary folder. */
export async function measureTestRun(): Promise<TestRunFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-npm-test-'));
  try {
    const env = { ...process.env, CI: 'true', REPORT_DIR: dir, TEST_TIMINGS: join(dir, 'timings.json') };
    const listing = await timed(process.execPath, [PLAYWRIGHT_CLI, ...PLAYWRIGHT_ARGS.test, '--list'], env);
    const run = await timed('npm', ['test', '--silent'], env);
    const timings = JSON.parse(readFileSync(join(dir, 'timings.json'), 'utf8')) as {
      seconds: number;
      timings: StepTiming[];
    };
    let junit = '';
    try {
      junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    } catch {
      // No junit.xml: Playwright did not get to its reporters; the steps' exit statuses say why.
    }
    return {
      seconds: run.seconds,
      exitCode: run.exitCode,
      steps: timings.timings,
      projects: projectTimes(junit),
      listingSeconds: listing.seconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
