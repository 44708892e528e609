import { isRefusal, isSuccess } from '../../contracts/check/status-class.ts';
import { readObservations } from '../../contracts/ledger/observations.ts';
import { coverageOf, unseenWithFaults } from '../../contracts/ledger/run-coverage.ts';
import { expect, test } from '../support/fixtures.ts';

// Runs after the whole contract suite (project dependency), from what its workers observed;
// the same table is in contract-report.json.
test('reports which documented statuses and error codes of Create a run the suite saw', async ({
  target,
}, testInfo) => {
  const observations = readObservations();
  const rows = coverageOf('createRun', observations);
  const table = rows.map((r) => `${r.seen ? 'seen    ' : 'NOT SEEN'}  ${r.status} ${r.errorCode ?? ''}`).join('\n');
  await testInfo.attach('createRun coverage', { body: table, contentType: 'text/plain' });

  if (target.faults) {
    // With fault injection every documented error is reachable, so every one must be seen, and a success.
    expect(
      unseenWithFaults('createRun', observations),
      `documented outcomes of createRun never observed:\n${table}`,
    ).toEqual([]);
  } else {
    // Live: faults cannot be provoked, but what the live tests provoke must have been seen, as the
    // docs promise it (docs/decisions/0070): which 2xx, and the status of thread_not_found and of
    // a validation error, are readings; a validation error is either documented body (FastAPI's
    // has no error_code).
    const seen = observations.filter((o) => o.operationId === 'createRun');
    const provoked: Record<string, boolean> = {
      'a success (any 2xx)': seen.some((o) => isSuccess(o.status)),
      '401 unauthorized': seen.some((o) => o.status === 401 && o.errorCode === 'unauthorized'),
      'thread_not_found (any refusal)': seen.some((o) => isRefusal(o.status) && o.errorCode === 'thread_not_found'),
      'a validation error (either documented body)': seen.some(
        (o) =>
          isRefusal(o.status) &&
          (o.errorCode === 'validation_error' || (o.status === 422 && o.errorCode === undefined)),
      ),
    };
    expect(
      Object.entries(provoked)
        .filter(([, found]) => !found)
        .map(([what]) => what),
      `outcomes the live tests provoke but never observed:\n${table}`,
    ).toEqual([]);
  }
});
