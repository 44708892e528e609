// The rate-limit contract in process against the reference server with its limiter on (fixed
// windows, where the mock's slide), on a clock 10 times as fast: no false alarm on the correct
// server, and each rate-limit break caught and named by its check and operation, with the 429
// without Retry-After of retry-after-missing too. All runs share one test and run side by side:
// each mostly waits for its windows to pass. The three judges' limiters follow the real clock, so
// their run (about 75 s, idle) is in `npm run test:full`.
import { expect } from '@playwright/test';
import type { Violation } from '../../contracts/check/check-names.ts';
import { PENDING, STRICT } from '../../contracts/check/pending.ts';
import { targetFromEnv } from '../../contracts/client/target.ts';
import { type Clock, realClock, scaledClock } from '../../contracts/lib/clock.ts';
import { DOCUMENTED_PLAN } from '../../contracts/rate-limit/rate-limit-plan.ts';
import { type RateLimitResult, runRateLimitContract } from '../../contracts/rate-limit/run-rate-limit.ts';
import { test } from '../support/base-test.ts';
import { rateLimitBreaks } from './break-groups.ts';
import { type BreakNaming, breakNamings } from './break-namings.ts';
import { JUDGE_KEYS } from './judge-sweep.ts';
import { startJudge as startFastapi } from './judges/fastapi-2026/index.ts';
import { startJudge as startLenient } from './judges/lenient-gateway/index.ts';
import { startJudge as startStrict } from './judges/strict-2025/index.ts';
import { type BreakName, breakPromises, startReferenceServer } from './reference-server/index.ts';

const SPEED = 10;

/** One run against a server at `url` whose limiter follows `clock`, strict or as a live run holds it. */
function runAgainst(url: string, keys: { main: string }, clock: Clock, strictness = STRICT): Promise<RateLimitResult> {
  return runRateLimitContract({
    target: targetFromEnv({ BASE_URL: url, API_KEY: keys.main }),
    clock,
    strictness,
    check: { strict: false, redactValues: false },
    plan: DOCUMENTED_PLAN,
    env: {},
  });
}

/**
 * One run against the reference server with these breaks and its limiter on a fast clock, which
 * starts at a whole minute: the fixed windows then fall the same way in every run (at another
 * alignment a window may renew under a phase, which the run reports as not judged, never as red).
 */
async function runReference(breaks: BreakName[]): Promise<RateLimitResult> {
  const clock = scaledClock(SPEED, { startAt: 0 });
  const server = await startReferenceServer({ breaks, rateLimit: { clock } });
  try {
    return await runAgainst(server.url, { main: server.apiKey }, clock);
  } finally {
    await server.close();
  }
}

/** Whether a violation is the one a naming expects. */
function names(found: Violation & { operationId: string; status: number }, naming: BreakNaming): boolean {
  const want = naming.violation;
  return (
    want !== undefined &&
    found.title === want.title &&
    found.operationId === want.operationId &&
    (want.status === undefined || found.status === want.status) &&
    (want.pointer === undefined || found.pointer === want.pointer) &&
    (naming.check === undefined || found.check === naming.check)
  );
}

const lines = (result: RateLimitResult) =>
  [...result.failures, ...result.pending].map(
    (f) => `${f.check} ${f.operationId} ${f.status} ${f.pointer ?? ''}: ${f.message}`,
  );

test('the rate-limit contract raises no false alarm on the correct reference server and names each planted break', async () => {
  test.setTimeout(60_000);
  const named: BreakName[] = [...rateLimitBreaks, 'retry-after-missing'];
  const [correct, ...broken] = await Promise.all([runReference([]), ...named.map((name) => runReference([name]))]);
  expect(correct?.problem).toBeUndefined();
  expect(lines(correct as RateLimitResult), 'the correct server keeps every promise').toEqual([]);
  expect(correct?.notJudged, 'every check was judged on the correct server').toEqual([]);
  expect(correct?.judged.length).toBe(5);
  named.forEach((name, i) => {
    const result = broken[i] as RateLimitResult;
    expect(result.problem, name).toBeUndefined();
    // retry-after-missing is the contract suite's break: its naming is a required header of run's 429.
    const naming: BreakNaming =
      name === 'retry-after-missing'
        ? {
            grep: '',
            violation: {
              title: 'Required header missing',
              operationId: 'createRun',
              status: 429,
              pointer: 'header:Retry-After',
            },
          }
        : breakNamings[name];
    expect(
      result.failures.some((f) => names(f, naming)),
      `${name} breaks "${breakPromises[name]}": the run must name ${JSON.stringify(naming.violation)}; it found:\n${lines(result).join('\n') || 'nothing'}`,
    ).toBe(true);
  });
});

test('the rate-limit contract raises no false alarm on the three judges, whose limiters follow the real clock', {
  tag: '@full',
}, async () => {
  test.setTimeout(240_000);
  const judges = await Promise.all([
    startFastapi(),
    startStrict({ rateLimits: true }),
    startLenient({ rateLimits: true }),
  ]);
  try {
    // As the judge sweep runs the suite: live, so a contradicted assumption (lenient-gateway's
    // x-ratelimit-limit of "15;w=1, 60;w=60") is pending, not red.
    const results = await Promise.all(judges.map((judge) => runAgainst(judge.url, JUDGE_KEYS, realClock, PENDING)));
    results.forEach((result, i) => {
      expect(result.problem, `judge ${i}`).toBeUndefined();
      expect(
        result.failures.map((f) => `${f.check} ${f.operationId} ${f.status}: ${f.message}`),
        `judge ${i}`,
      ).toEqual([]);
      expect(result.notJudged, `judge ${i}`).toEqual([]);
    });
  } finally {
    await Promise.all(judges.map((judge) => judge.close()));
  }
});
