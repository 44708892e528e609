import { readObservations } from '../../contracts/ledger/observations.ts';
import { coverageOf } from '../../contracts/ledger/run-coverage.ts';
import { expect, test } from '../support/fixtures.ts';

// Runs after the whole contract suite (project dependency), from what its workers observed;
// the same table is in contract-report.json.
test('reports which documented statuses and error codes of Create a run the suite saw', async ({
  target,
}, testInfo) => {
  const rows = coverageOf('createRun', readObservations());
  const table = rows.map((r) => `${r.seen ? 'seen    ' : 'NOT SEEN'}  ${r.status} ${r.errorCode ?? ''}`).join('\n');
  await testInfo.attach('createRun coverage', { body: table, contentType: 'text/plain' });

  const unseen = rows.filter((r) => !r.seen).map((r) => `${r.status} ${r.errorCode ?? ''}`.trim());
  if (target.faults) {
    // With fault injection every documented outcome is reachable, so every one must be seen.
    expect(unseen, `documented outcomes of createRun never observed:\n${table}`).toEqual([]);
  } else {
    // Live: faults cannot be provoked, but what the live tests provoke must have been seen.
    const required = ['200', '401 unauthorized', '404 thread_not_found', '422 validation_error'];
    expect(
      unseen.filter((key) => required.includes(key)),
      `outcomes the live tests provoke but never observed:\n${table}`,
    ).toEqual([]);
  }
});
