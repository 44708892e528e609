// The read-back and paging checks (issue 21) raise no false alarm: the generated tests, in process,
// against the correct reference server and the three judges (each a correct API by the docs,
// written by people who never saw our model), must not name read-back or paging, and must reach
// enough reads (get a thread, list threads, list messages, every page) for that to mean something.
// `npm test` runs CI's seed against each; `npm run test:full` (@full) seeds 1 to 5 as well. A
// finding of another check is a question for the judge sweep (judge-sweep.ts), not for this test:
// it is listed in the test's annotations, and the reads counted before it still count.
import { expect } from '@playwright/test';
import { paging, readBack } from '../../contracts/check/model-checks.ts';
import { CI_SEED } from '../../contracts/stateful/seed-policy.ts';
import { test } from '../support/base-test.ts';
import { describeOutcome, runGeneratedAgainst } from './generated-in-process.ts';
import { JUDGE_KEYS, JUDGES, type JudgeName } from './judge-sweep.ts';
import { startReferenceServer } from './reference-server/index.ts';

test.describe.configure({ mode: 'parallel' });

const READS = new Set(['getThread', 'listThreads', 'listMessages']);

/** A server under test, started on free ports, with the keys of its two tenants. */
async function start(name: 'reference' | JudgeName) {
  if (name === 'reference') return startReferenceServer();
  const judge = await JUDGES[name]();
  return { url: judge.url, apiKey: JUDGE_KEYS.main, otherTenantApiKey: JUDGE_KEYS.other, close: () => judge.close() };
}

/** Runs the seeds against the server; the read-back and paging findings, the other ones, and the reads answered 2xx. */
async function sweep(name: 'reference' | JudgeName, seeds: number[], sequences: number) {
  const server = await start(name);
  const own: string[] = [];
  const others: string[] = [];
  let reads = 0;
  try {
    for (const seed of seeds) {
      const result = await runGeneratedAgainst(server, {
        seed,
        numRuns: sequences,
        maxCommands: 16,
        endOnFailure: true,
        onStep: (op, status) => {
          if (READS.has(op) && status >= 200 && status < 300) reads += 1;
        },
      });
      const outcome = describeOutcome(result);
      if (outcome === undefined) continue;
      const mine = result.failure?.check === readBack.id || result.failure?.check === paging.id;
      (mine ? own : others).push(outcome.slice(0, 600));
    }
  } finally {
    await server.close();
  }
  return { own, others, reads };
}

const SERVERS = ['reference', 'fastapi-2026', 'strict-2025', 'lenient-gateway'] as const;

// One test for all four in `npm test`: a worker and its transpiling are paid once.
test("read-back and paging raise no false alarm against the reference server and the three judges (CI's seed)", async () => {
  test.setTimeout(90_000);
  for (const name of SERVERS) {
    const { own, others, reads } = await sweep(name, [CI_SEED], 10);
    for (const other of others) test.info().annotations.push({ type: `another check (${name})`, description: other });
    expect(own, `read-back or paging findings against ${name}, a correct API`).toEqual([]);
    expect(reads, `reads the checks judged against ${name}`).toBeGreaterThan(20);
  }
});

for (const name of SERVERS) {
  test(`read-back and paging raise no false alarm against ${name} (seeds 1 to 5)`, { tag: '@full' }, async () => {
    test.setTimeout(180_000);
    const { own, others, reads } = await sweep(name, [1, 2, 3, 4, 5], 20);
    for (const other of others) test.info().annotations.push({ type: 'another check', description: other });
    expect(own, 'read-back or paging findings against a correct API').toEqual([]);
    expect(reads, 'reads the checks judged').toBeGreaterThan(150);
  });
}
