import { readBehaviour } from '../../contracts/ledger/behaviour.ts';
import { buildLedger, summaryLine } from '../../contracts/ledger/build-ledger.ts';
import { readObservations } from '../../contracts/ledger/observations.ts';
import { expect, test } from '../support/fixtures.ts';

// Runs after the whole contract suite, from what its workers observed; the reporter writes the
// same ledger to assumptions.{json,md,html}.
test('the assumption ledger: the mock contradicts none of the contract assumptions', async ({ target }, testInfo) => {
  const ledger = buildLedger(
    readObservations(),
    { mode: target.live ? 'live' : 'mock', baseURL: target.baseURL },
    readBehaviour(),
  );
  const contradicted = ledger.assumptions.filter((e) => e.verdict === 'contradicted');
  await testInfo.attach('assumption ledger', {
    body: `${summaryLine(ledger)}\n${ledger.assumptions.map((e) => `${e.verdict.padEnd(13)}  ${e.id}`).join('\n')}\n`,
    contentType: 'text/plain',
  });
  expect(ledger.responses, 'the suite recorded its responses').toBeGreaterThan(0);
  // Live, the verdicts are the finding (the failing contract tests name the same violations), not
  // a reason to fail twice; the mock is built from the contract, so a contradiction there is a bug.
  if (target.live) return;
  expect(contradicted.map((e) => `${e.id}: ${e.contradictions[0]?.title} (${e.contradictions[0]?.test})`)).toEqual([]);
  // The statements about the run endpoints' statuses and headers are exercised by the suite.
  const runStatements = [
    '#/paths/~1v1~1threads~1{thread_id}~1run/post',
    '#/components/schemas/ThreadNotFoundError/properties/error_code',
    '#/components/schemas/RunUnprocessableError/properties/error_code',
    '#/components/headers/RetryAfter',
    '#/components/schemas/AnswerTimestamp',
  ];
  expect(runStatements.map((id) => [id, ledger.assumptions.find((e) => e.id === id)?.verdict])).toEqual(
    runStatements.map((id) => [id, 'confirmed']),
  );
});
