// What `npm test`, `npm run test:full` and `npm run test:quick` run: one list, read by the script
// that runs them (scripts/test.ts) and by the benchmark that times them (scripts/bench.ts).

/** A command of a test run. */
export interface Step {
  /** How the run names it, as a user would type it. */
  label: string;
  command: string;
  args: string[];
  /** Added to the environment it runs in. */
  env?: Record<string, string>;
}

const npmRun = (script: string): Step => ({
  label: `npm run ${script}`,
  command: 'npm',
  args: ['run', '--silent', script],
});

/** The static checks: Redocly and Biome, then tsc (single-threaded: it leaves the other core to the tests). */
export const STATIC_CHECKS: Step[] = [npmRun('lint'), npmRun('typecheck')];

/** The tests that take longest and prove the least per second carry this tag: `npm run test:full` runs them. */
export const FULL_TAG = '@full';

/**
 * The environment each kind of test run adds for Playwright. `npm test` runs the unit project on one
 * worker (playwright.config.ts reads UNIT_WORKERS): beside the self-test's two it keeps both cores
 * busy, and more unit workers started late cost more than they saved (decision 0096).
 */
export const PLAYWRIGHT_ENV = {
  test: { UNIT_WORKERS: '1' },
  full: {},
  quick: {},
} as const satisfies Record<keyof typeof PLAYWRIGHT_ARGS, Record<string, string>>;

/** The Playwright run of each kind of test run. */
export const PLAYWRIGHT_ARGS = {
  /** `npm test`: every project, without the sweeps tagged @full. */
  test: ['test', '--grep-invert', FULL_TAG],
  /** `npm run test:full`: everything. */
  full: ['test'],
  /** `npm run test:quick`: the unit tests and the contract suite against the mock. */
  quick: ['test', '--project=unit', '--project=contract', '--grep-invert', FULL_TAG],
} as const;

/** `npm run test:full` ends with the live suite against the independent judges (tests/selftest/judge-sweep.ts). */
export const JUDGE_SWEEP: Step = npmRun('selftest:judges');
