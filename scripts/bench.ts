// `npm run bench [-- --only test,mock,micro] [--gate]`: how long `npm test` and its parts take, the
// contract suite against the mock, and the per-response costs, each next to a baseline taken in
// the same run, and the target it is held to (bench/targets.ts). A missed target is printed; the
// exit status is 0 unless --gate asks to fail on it (or on a run that failed). Figures vary with
// the machine and its load, so the bench prints how busy the machine was, and tests never time.

import { runWhenStarted } from '../contracts/lib/cli-entry.ts';
import { readCommandLine, UsageError } from '../contracts/lib/command-line.ts';
import { generatedStepsPerSecond } from './bench/generated-steps.ts';
import { perResponseCosts, RUN_BODY } from './bench/micro.ts';
import { measureMockSuite } from './bench/mock-suite.ts';
import { TARGETS, verdict } from './bench/targets.ts';
import { measureTestRun } from './bench/test-run.ts';
import { cpuWorkSeconds, machine } from './bench/timed.ts';

const PARTS = ['test', 'mock', 'micro'] as const;
type Part = (typeof PARTS)[number];

const HELP = `npm run bench [-- --only ${PARTS.join(',')}] [--gate]

  test   npm test once (about two minutes): the whole, each step, test time per project,
         next to Playwright listing the same tests (its start-up)
  mock   the contract suite against the mock, next to it without the generated tests and to
         Playwright listing it
  micro  validating a run response next to JSON.parse of it; generated steps per second against
         the mock next to one fixed request in a loop
  --gate exit 1 when a target is missed or a measured run failed (default: print it, exit 0)`;

/** One printed row: what, the figure, its baseline, the target and whether it is met. */
function row(what: string, figure: string, baseline = '', target = ''): string {
  return `  ${what.padEnd(44)} ${figure.padStart(10)}   ${baseline.padEnd(40)} ${target}`;
}

const s = (seconds: number) => `${seconds.toFixed(1)} s`;
const failedNote = (exitCode: number) => (exitCode === 0 ? '' : ` (exit ${exitCode}: a run that failed)`);

/** Runs the bench; resolves to its exit status. */
export async function main(argv: string[]): Promise<number> {
  let values: { only?: string; gate?: boolean };
  try {
    const line = readCommandLine(argv, { only: { type: 'string' }, gate: { type: 'boolean' } });
    if (line.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    values = line.values;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\nRun \`npm run bench -- --help\` for usage.\n`);
    return 2;
  }
  const parts = (values.only ?? PARTS.join(',')).split(',').map((p) => p.trim());
  const unknown = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length > 0) {
    process.stderr.write(
      `bench: expected --only with ${PARTS.join(', ')}, comma-separated. Got "${unknown.join(', ')}".\nRun \`npm run bench -- --help\` for usage.\n`,
    );
    return 2;
  }
  const want = (part: Part) => parts.includes(part);
  const misses: string[] = [];
  const check = (what: string, v: 'meets' | 'MISSES', exitCode = 0) => {
    if (v === 'MISSES' || exitCode !== 0) misses.push(what);
    return v;
  };

  const before = { machine: machine(), cpu: cpuWorkSeconds() };
  console.log(`agents-api-suite bench: ${before.machine} at the start`);
  console.log(row('measure', 'figure', 'baseline (same run)', 'target'));

  if (want('test')) {
    const run = await measureTestRun();
    const target = TARGETS.npmTestSeconds;
    const v = check('npm test', verdict(run.seconds, { atMost: target }), run.exitCode);
    console.log(
      row(
        'npm test, whole',
        s(run.seconds),
        `${s(run.listingSeconds)} Playwright listing its tests`,
        `<= ${target} s: ${v}${failedNote(run.exitCode)}`,
      ),
    );
    for (const step of run.steps) console.log(row(`  ${step.label}`, s(step.seconds), '', failedNote(step.exitCode)));
    for (const project of run.projects)
      console.log(
        row(`    ${project.project}: ${project.tests} tests`, s(project.seconds), 'test time over all workers'),
      );
  }

  if (want('mock')) {
    const mock = await measureMockSuite();
    const target = TARGETS.mockSuiteSeconds;
    const v = check('the suite against the mock', verdict(mock.suite.seconds, { atMost: target }), mock.suite.exitCode);
    console.log(
      row(
        'contract suite against the mock',
        s(mock.suite.seconds),
        `${s(mock.listing.seconds)} Playwright listing it`,
        `<= ${target} s: ${v}${failedNote(mock.suite.exitCode)}`,
      ),
    );
    if (mock.generatedSeconds !== undefined)
      console.log(row('  its generated test, in that run', s(mock.generatedSeconds), 'the longest single test'));
    console.log(
      row(
        '  the same suite without the generated tests',
        s(mock.withoutGenerated.seconds),
        '',
        failedNote(mock.withoutGenerated.exitCode),
      ),
    );
  }

  if (want('micro')) {
    const { validateNs, parseNs, evidenceNs } = perResponseCosts();
    const target = TARGETS.validateMicroseconds;
    const v = check(
      'validating a run response',
      verdict(validateNs / 1000, { atMost: Math.min(target, parseNs / 1000) }),
    );
    console.log(
      row(
        'validate one run response (createRun_200)',
        `${(validateNs / 1000).toFixed(2)} µs`,
        `${(parseNs / 1000).toFixed(2)} µs JSON.parse of its ${RUN_BODY.length} bytes`,
        `< ${target} µs and < JSON.parse: ${v}`,
      ),
    );
    console.log(row('  assumption evidence of the same response', `${(evidenceNs / 1000).toFixed(2)} µs`));
    const steps = await generatedStepsPerSecond();
    const stepsTarget = TARGETS.generatedStepsPerSecond;
    const sv = check('generated steps per second', verdict(steps.generated, { atLeast: stepsTarget }));
    console.log(
      row(
        'generated steps per second (mock)',
        steps.generated.toFixed(0),
        `${steps.fixed.toFixed(0)} one fixed request in a loop`,
        `>= ${stepsTarget}: ${sv} (${steps.steps} steps, seed 1)`,
      ),
    );
  }

  const after = { machine: machine(), cpu: cpuWorkSeconds() };
  console.log(
    `a fixed CPU task (SHA-256 of 1 GiB on one core): ${s(before.cpu)} at the start, ${s(after.cpu)} at the end; ${after.machine} at the end`,
  );
  if (misses.length > 0)
    console.log(`missed: ${misses.join(', ')}${values.gate ? '' : ' (a measurement: --gate makes a miss fail)'}`);
  return values.gate && misses.length > 0 ? 1 : 0;
}

runWhenStarted(import.meta.url, main);
