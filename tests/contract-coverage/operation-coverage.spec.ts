import { readObservations } from '../../contracts/ledger/observations.ts';
import { coverageTable, operationCoverage } from '../../contracts/ledger/operation-coverage.ts';
import { successSeen, unseenWithFaults } from '../../contracts/ledger/run-coverage.ts';
import { expect, test } from '../support/fixtures.ts';

// Runs after the whole contract suite (project dependency): every operation of the index with its
// documented statuses and codes, seen or not. The same table is `operationsCoverage` in
// contract-report.json.
test('reports, for every operation, which documented statuses and error codes the suite saw', async ({
  target,
}, testInfo) => {
  const observations = readObservations();
  const coverage = operationCoverage(observations);
  const table = coverageTable(coverage);
  await testInfo.attach('coverage of every operation', { body: table, contentType: 'text/plain' });
  if (target.faults) {
    // With fault injection every documented error is reachable, so every one must be seen, and a
    // success of each operation (the table lists the other success statuses, seen or not).
    const unseen = coverage.flatMap((op) =>
      unseenWithFaults(op.operationId, observations).map((key) => `${op.operationId} ${key}`),
    );
    expect(unseen, `documented outcomes never observed:\n${table}`).toEqual([]);
  } else {
    const unseen = coverage.flatMap((op) =>
      op.rows.filter((r) => !r.seen).map((r) => `${op.operationId} ${r.status} ${r.errorCode ?? ''}`.trim()),
    );
    // Live: faults cannot be provoked. What the live tests provoke on every target must be seen:
    // every read's success (any 2xx; a write may answer none, refused by a rule), every operation's 401.
    const unanswered = coverage
      .filter((op) => op.method === 'GET' && !successSeen(op.operationId, observations))
      .map((op) => `${op.operationId}: no success answer`);
    const provoked = coverage.map((op) => `${op.operationId} 401 unauthorized`);
    expect(
      [...unanswered, ...unseen.filter((key) => provoked.includes(key))],
      `outcomes the live tests provoke but never observed:\n${table}`,
    ).toEqual([]);
  }
});
