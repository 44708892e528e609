// The generated tests raise no false alarm against a correct, independent implementation: 20
// different seeds against the reference server, in process (the nested live-mode runs show that
// each generated-* break is caught and named; reading-matrix.spec.ts does both under other readings).
// The 20 seeds are a sweep: `npm run test:full` runs them, `npm test` the shrinking and replay.
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { describeOutcome, runGeneratedAgainst } from './generated-in-process.ts';
import { startReferenceServer } from './reference-server/index.ts';

test('the generated tests pass against the correct reference server for 20 different seeds', {
  tag: '@full',
}, async () => {
  test.setTimeout(120_000);
  const server = await startReferenceServer();
  try {
    const alarms: string[] = [];
    let steps = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const result = await runGeneratedAgainst(server, { seed, numRuns: 20, maxCommands: 16 });
      steps += result.steps;
      const alarm = describeOutcome(result);
      if (alarm) alarms.push(alarm);
    }
    expect(alarms).toEqual([]);
    expect(steps, 'the seeds reached the server').toBeGreaterThan(1_000);
  } finally {
    await server.close();
  }
});

test('a failure shrinks, and its seed and path replay exactly that case', async () => {
  test.setTimeout(60_000);
  const server = await startReferenceServer({ breaks: ['generated-user-id-thread-run-error'] });
  try {
    // A seed whose first failure shrinks in a few hundred steps. The draw decides how long a shrink
    // takes: since the contents follow Message Validation and chat completions open threads, seed 7
    // (this test's seed before) shrinks through about 3,400 sequences, 80 s on two cores.
    const options = (path?: string) => ({
      seed: 3,
      numRuns: 25,
      maxCommands: 14,
      runCalls: 60,
      ...(path ? { path } : {}),
    });
    const found = await runGeneratedAgainst(server, options());
    expect(found.failure?.check).toBe('server-error');
    const failure = found.failure;
    if (!failure) return;
    // Shrunk to the thread with a user_id, its question, and the run (plus the live retry).
    expect(failure.commands.split('), ').length).toBeLessThanOrEqual(4);
    expect(failure.log.at(-1)?.status).toBe(500);
    expect(failure.log.every((step) => step.curl.includes('$API_KEY') && !step.curl.includes(server.apiKey))).toBe(
      true,
    );
    const replayed = await runGeneratedAgainst(server, options(failure.path));
    expect(replayed.sequences, 'the replay runs the one shrunk case').toBe(1);
    expect([replayed.failure?.check, replayed.failure?.commands]).toEqual([failure.check, failure.commands]);
  } finally {
    await server.close();
  }
});
