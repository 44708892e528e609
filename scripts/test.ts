// `npm test`, `npm run test:full` (--full) and `npm run test:quick` (--quick, no static checks):
// the static checks run beside the Playwright run rather than before it. tsc is single-threaded, so on a two-core machine the tests use the
// other core meanwhile: about ten seconds less than one after the other. A static check's output
// is held and printed when it ends (one line when it passes, all of it when it fails), so it
// does not break into the test report; any failure makes the exit status 1. Arguments go to
// Playwright (`npm test -- --project=unit`). TEST_TIMINGS=<file> writes how long each step took
// (the benchmark reads it).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runWhenStarted } from '../contracts/lib/cli-entry.ts';
import { JUDGE_SWEEP, PLAYWRIGHT_ARGS, PLAYWRIGHT_ENV, STATIC_CHECKS, type Step } from './test-plan.ts';

const HELP = `npm test [-- playwright args]          lint and typecheck beside the Playwright run, without @full
npm run test:full [-- playwright args]   the same with everything, then the judge sweep
npm run test:quick [-- playwright args]  unit tests and the contract suite against the mock, no lint

Environment: TEST_TIMINGS=<file> writes each step's seconds and exit status as JSON.`;

/** How one step ended. */
export interface StepTiming {
  label: string;
  seconds: number;
  exitCode: number;
}

const PLAYWRIGHT_CLI = join('node_modules', '@playwright', 'test', 'cli.js');

/** Runs a step; its output goes to the terminal as it comes, or is held and returned. */
function runStep(step: Step, hold: boolean): Promise<StepTiming & { output: string }> {
  const started = performance.now();
  const child = spawn(step.command, step.args, {
    stdio: hold ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    env: { ...process.env, ...step.env },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  // Ctrl-C reaches every process of the terminal's group by itself (a second SIGINT would make
  // Playwright skip its teardown); SIGTERM, as a CI runner sends it, reaches only this one.
  process.on('SIGINT', () => undefined);
  process.once('SIGTERM', () => child.kill('SIGTERM'));
  return new Promise((resolve) =>
    child.on('close', (code, signal) =>
      resolve({
        label: step.label,
        seconds: (performance.now() - started) / 1000,
        exitCode: code ?? (signal ? 1 : 0),
        output,
      }),
    ),
  );
}

/** The static checks one after the other, each reported as it ends. */
async function staticChecks(): Promise<StepTiming[]> {
  const done: StepTiming[] = [];
  for (const step of STATIC_CHECKS) {
    const { output, ...timing } = await runStep(step, true);
    done.push(timing);
    if (timing.exitCode === 0) process.stdout.write(`\n✓ ${step.label} (${timing.seconds.toFixed(1)} s)\n`);
    else process.stdout.write(`\n✘ ${step.label} failed (exit ${timing.exitCode}):\n${output}\n`);
  }
  return done;
}

/** Runs the test run; resolves to its exit status. */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const mode = argv[0] === '--full' ? 'full' : argv[0] === '--quick' ? 'quick' : 'test';
  const forwarded = mode === 'test' ? argv : argv.slice(1);
  const playwright: Step = {
    label: 'playwright test',
    command: process.execPath,
    args: [PLAYWRIGHT_CLI, ...PLAYWRIGHT_ARGS[mode], ...forwarded],
    env: PLAYWRIGHT_ENV[mode],
  };
  const started = performance.now();
  const [checks, tests] = await Promise.all([mode === 'quick' ? [] : staticChecks(), runStep(playwright, false)]);
  const timings: StepTiming[] = [...checks, { label: tests.label, seconds: tests.seconds, exitCode: tests.exitCode }];
  if (mode === 'full') {
    const { output: _output, ...judges } = await runStep(JUDGE_SWEEP, false);
    timings.push(judges);
  }
  const seconds = (performance.now() - started) / 1000;
  const failed = timings.filter((t) => t.exitCode !== 0);
  process.stdout.write(
    `\n${mode === 'test' ? 'npm test' : `npm run test:${mode}`} ${failed.length === 0 ? 'passed' : `failed (${failed.map((t) => t.label).join(', ')})`} in ${seconds.toFixed(0)} s: ${timings.map((t) => `${t.label} ${t.seconds.toFixed(0)} s`).join(', ')}\n`,
  );
  if (process.env.TEST_TIMINGS)
    writeFileSync(process.env.TEST_TIMINGS, `${JSON.stringify({ seconds, timings }, null, 2)}\n`);
  return failed.length === 0 ? 0 : 1;
}

runWhenStarted(import.meta.url, main);
