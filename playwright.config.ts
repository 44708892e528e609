// First: the runner and every worker load the suite's TypeScript through the type-blanking hooks
// (bin/typescript-hooks.js says why), not through Playwright's compiler.
import './bin/typescript-loader.js';
import { defineConfig } from '@playwright/test';
import type { TargetSettings } from './contracts/client/target.ts';

// The config's own modules are imported once the hooks are registered: imported statically, they
// would load before the hooks and go through Playwright's compiler, with positions only a source
// map could mend. So every TypeScript file but this one runs blanked, its stack frames exact.
const { runSettings } = await import('./contracts/cli/run-settings.ts');
const { TargetConfigError, withoutKeys } = await import('./contracts/client/target.ts');
const { freePort } = await import('./contracts/lib/free-port.ts');
// Nor is the generated JavaScript compiled (`build` below). So stacks are formatted by Node, not by
// the source-map-support Playwright installs, which clones each of up to 50 call sites of every
// stack it formats; Playwright takes a stack for each fixture's setup and teardown and for each
// expect. That cost a nested live run of the contract suite 1 of its 5.7 worker CPU-seconds. A
// frame in this file, or in the loader it imports first, may name babel's line (decision 0093).
Reflect.deleteProperty(Error, 'prepareStackTrace');

// One config for every suite: `npm run contract` selects the contract project; `npm test` runs all.
// With BASE_URL set the contract project targets that API and no mock starts.
// The suite's mock takes a free port, chosen once here; workers inherit MOCK_PORT from this process.
if (!process.env.BASE_URL && !process.env.MOCK_PORT) process.env.MOCK_PORT = String(freePort());
/**
 * The target, with the generated tests' FUZZ_* settings checked too: a configuration mistake
 * (BASE_URL, API_KEY, LIVE_*, FUZZ_*) prints its message alone, no stack trace, and exits 2.
 */
function targetOrExit() {
  try {
    return runSettings(process.env);
  } catch (error) {
    if (!(error instanceof TargetConfigError)) throw error;
    process.stderr.write(`agents-api-suite: ${error.message}\n`);
    process.exit(2);
  }
}
const { target, deadlineMs } = targetOrExit();
/** The projects named on the command line (`--project=x` or `--project x`). */
function selectedProjects(argv: string[]): string[] {
  return argv.flatMap((arg, i) =>
    arg.startsWith('--project=') ? [arg.slice('--project='.length)] : arg === '--project' ? [argv[i + 1] ?? ''] : [],
  );
}
const chosen = selectedProjects(process.argv);
// The run's deadline bounds contract runs (`npm run contract`, the bin, nested self-test runs):
// the projects a run selects are on its command line. `npm test` runs every project and is bounded
// by the tests' own timeouts instead, unless RUN_MAX_SECONDS asks for a deadline.
const contractRun = chosen.length > 0 && chosen.every((project) => project.startsWith('contract'));
// SIGTERM (a CI runner cancelling a job, `kill`) stops the run the way Ctrl-C does: Playwright
// stops its workers gracefully on SIGINT, so fixture teardown deletes the live threads a test
// created and the reporters still write; on SIGTERM the runner would die at once instead. The
// runner only: workers ignore both signals and are stopped by the runner.
if (process.env.TEST_WORKER_INDEX === undefined) process.once('SIGTERM', () => process.kill(process.pid, 'SIGINT'));
// REPORT_DIR moves every report, so that a nested run (tests/selftest) never overwrites the outer one.
const reports = process.env.REPORT_DIR ?? 'reports';

export default defineConfig<object, { targetSettings: TargetSettings }>({
  // The generated JavaScript needs no compiling: the validators (1.7 MB, AJV's standalone code; left
  // to Playwright's transform, each process would read a 6 MB babel output and its source map) and
  // the request schemas and rate budgets. Compiled, their stack frames would name babel's lines,
  // with no source map to mend them (see above).
  build: { external: ['**/contracts/generated/*.js'] },
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: target.testTimeoutMs,
  globalTimeout: contractRun || process.env.RUN_MAX_SECONDS ? deadlineMs : 0,
  // Live runs use one worker so that pacing is one budget. Otherwise three on the 2-core machine:
  // the self-test's workers mostly wait on nested runs (their own processes) and many unit tests
  // wait on servers and child processes, so a third keeps both cores busy; a fourth costs more CPU
  // than it saves waiting (the same warm npm test, one after the other: 148 s and 266 CPU-s with
  // three, 161 s and 298 CPU-s with four, 169 s and 269 CPU-s with two).
  workers: target.live ? 1 : 3,
  // A file's tests go to one worker together (a file that wants them spread says so with
  // describe.configure parallel): dispatched one by one, every worker loaded most files and ran
  // their beforeAll hooks, and the worker switched between files more. The same warm run, one after
  // the other: 113 s file by file, 131 s test by test (and 109 s file by file in an earlier run).
  fullyParallel: false,
  reportSlowTests: null,
  globalSetup: './tests/support/global-setup.ts',
  outputDir: `${reports}/test-results`,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: `${reports}/html` }],
    ['junit', { outputFile: `${reports}/junit.xml` }],
    ['./tests/support/contract-reporter.ts', { outputFile: `${reports}/contract-report.json` }],
  ],
  // The target's settings without its keys; each worker reads the keys from its own environment.
  use: { targetSettings: withoutKeys(target) },
  projects: [
    // First, so that its long nested runs start at once and the other projects fill the time
    // around them; at most two at a time, as many as run-slots.ts lets run (a third would wait).
    { name: 'selftest', testDir: 'tests/selftest', workers: 2 },
    // One worker in `npm test`, which sets UNIT_WORKERS=1 (scripts/test-plan.ts): the third slot is
    // the unit tests' while the self-test holds two, and when it frees them the next projects take
    // them. With three, two more unit workers started then, about 1.5 CPU-s each, to run the last
    // 140 tests in 4 s (decision 0096). Otherwise (test:quick, test:full, a direct run) the default.
    { name: 'unit', testDir: 'tests/unit', workers: process.env.UNIT_WORKERS === '1' ? 1 : undefined },
    // Two workers: the generated test keeps one busy, the other takes the rest, test by test
    // against the mock; live, one worker and in order, so that pacing is one budget.
    { name: 'contract-suite', testDir: 'tests/contract', workers: 2, fullyParallel: !target.live },
    // Last of the first phase: many small files fill the slots while the longer ones end (with the
    // contract suite last, its generated test alone held a slot for its last 8 s).
    { name: 'load', testDir: 'tests/load' },
    // `npm run contract` selects this project; its dependency runs the suite first, then the
    // coverage report reads what the suite's workers observed. Its few tests only read files: one
    // worker, rather than starting a second process for them at the end of every run.
    { name: 'contract', testDir: 'tests/contract-coverage', dependencies: ['contract-suite'], workers: 1 },
  ],
  webServer: target.live
    ? undefined
    : {
        // The embedded mock, with rate limits off: the contract suite tests 429 through fault
        // injection, and the real limiter has unit tests and a burst test of its own. It starts
        // through the bin, installed or in a clone.
        command: `node bin/agents-api-suite.js mock --port ${target.mockPort} --no-rate-limit --quiet`,
        url: `${target.baseURL}/v1/assistants`,
        reuseExistingServer: false,
        timeout: 30_000,
        stdout: 'ignore',
        stderr: 'pipe',
      },
});
