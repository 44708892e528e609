// `npm run contract:rate-limit` (contracts/rate-limit/): its command line, the cost it prints
// before it sends anything, and a whole run against the embedded mock's real limiter on a clock 20
// times as fast, which must keep every promise; plus the bound of the plan.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { scaledClock } from '../../contracts/lib/clock.ts';
import { main, REPORT_FILE } from '../../contracts/rate-limit/rate-limit-command.ts';
import { costOf, DOCUMENTED_PLAN } from '../../contracts/rate-limit/rate-limit-plan.ts';
import { test } from '../support/base-test.ts';

/** Runs the command in process; its exit status and what it printed on each stream. */
async function command(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(
    argv,
    env,
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { status, out: out.join('\n'), err: err.join('\n') };
}

const usageCases: Array<[string, { argv: string[]; env?: NodeJS.ProcessEnv; want: RegExp }]> = [
  [
    'an unknown flag, with the likely one',
    { argv: ['--answer-rpm', '5'], want: /unknown flag --answer-rpm\. Did you mean --answers-rpm\?/ },
  ],
  ['a flag without its value', { argv: ['--answers-rpm'], want: /expected a value after --answers-rpm/ }],
  [
    'a limit that is no whole number',
    { argv: ['--answers-rps', '1.5'], want: /Expected --answers-rps to be a whole number, 1 or more\. Got "1\.5"/ },
  ],
  [
    'the mock speed with a base URL',
    {
      argv: ['--mock-speed', '5'],
      env: { BASE_URL: 'http://127.0.0.1:9' },
      want: /--mock-speed sets the embedded mock's clock/,
    },
  ],
  ['a key as a flag', { argv: ['--api-key', 'x'], want: /--api-key is not taken/ }],
];

for (const [name, { argv, env, want }] of usageCases) {
  test(`refuses ${name} with exit 2, naming the flag, before it sends anything`, async () => {
    const { status, out, err } = await command(argv, env);
    expect(status).toBe(2);
    expect(err).toMatch(want);
    expect(err).toMatch(/npm run contract:rate-limit -- --help/);
    expect(out, 'nothing was printed as if it ran').toBe('');
  });
}

test('--help names every flag and the defaults the code applies', async () => {
  const { status, out } = await command(['--help']);
  expect(status).toBe(0);
  for (const flag of ['--base-url', '--answers-rps', '--answers-rpm', '--mock-speed', '--cost', '--help'])
    expect(out).toContain(flag);
  expect(out).toContain(`default: ${DOCUMENTED_PLAN.answers.perMinute}, the documented tier 0`);
});

test('--cost prints the bound of a live run and sends nothing (the target does not exist)', async () => {
  const { status, out } = await command(['--cost', '--answers-rpm', '100'], { BASE_URL: 'http://127.0.0.1:9' });
  expect(status).toBe(0);
  expect(out).toMatch(/^rate-limit contract against http:\/\/127\.0\.0\.1:9: holds it to 15 RPS \/ 100 RPM/);
  expect(out).toContain('at most two windows of the answers budget: at most 203 answer calls accepted');
});

test('the plan spends at most two windows of the answers budget, and the other calls stay inside their own', () => {
  for (const perMinute of [1, 60, 600]) {
    const plan = { ...DOCUMENTED_PLAN, answers: { perSecond: 15, perMinute } };
    const cost = costOf(plan);
    // Two windows while using the budget up, then one retry and two calls after the windows renewed.
    expect(cost.answerCallsAccepted).toBe(2 * perMinute + 3);
  }
  expect(costOf(DOCUMENTED_PLAN).otherCalls).toBeLessThanOrEqual(DOCUMENTED_PLAN.other.perMinute);
});

test('a run against the embedded mock keeps every promise, prints its cost first and writes its report', async () => {
  test.setTimeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'rate-limit-'));
  try {
    const { status, out, err } = await command([], { REPORT_DIR: dir });
    expect(err).toBe('');
    expect(status, out).toBe(0);
    expect(out.split('\n')[0]).toMatch(/^rate-limit contract against the embedded mock/);
    expect(out).toContain('Broken promises: none.');
    expect(out).not.toContain('Not judged');
    const report = JSON.parse(readFileSync(join(dir, REPORT_FILE), 'utf8')) as {
      judged: string[];
      refusedOn: string[];
      failures: unknown[];
      counts: { answersAccepted: number };
    };
    expect(report.judged.sort()).toEqual([
      'rate-limit-not-enforced',
      'rate-limit-not-shared',
      'rate-limit-other-counted',
      'rate-limit-other-refused',
      'rate-limit-retry-after',
    ]);
    expect(report.refusedOn.sort(), 'a 429 of every answer endpoint was checked').toEqual([
      'createChatCompletion',
      'createChatCompletionStream',
      'createRun',
      'createRunStream',
    ]);
    expect(report.counts.answersAccepted).toBeLessThanOrEqual(costOf(DOCUMENTED_PLAN).answerCallsAccepted);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the faster clock the mock and the run share: time runs factor times as fast from startAt, and a wait is that much shorter', async () => {
  let now = 1_000;
  const slept: number[] = [];
  const base = { now: () => now, sleep: async (ms: number) => void slept.push(ms) };
  const clock = scaledClock(20, { base, startAt: 0 });
  expect(clock.now()).toBe(0);
  now += 3_000;
  expect(clock.now(), 'three real seconds are a minute').toBe(60_000);
  await clock.sleep(60_000);
  expect(slept).toEqual([3_000]);
  expect(() => scaledClock(0)).toThrow(/Expected a clock factor above 0\. Got 0\./);
});
