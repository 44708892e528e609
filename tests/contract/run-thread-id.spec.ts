import { randomUUID } from 'node:crypto';
import { test } from '../support/fixtures.ts';
import { expectRefusal } from '../support/promised-answers.ts';

// Create a run and Stream a run name thread_not_found for a thread that does not exist; the pages
// print no status for it (404 is our reading, which the contract check reports).
test.describe('Create a run: the thread in the path', () => {
  for (const [operationId, label] of [
    ['createRun', 'run'],
    ['createRunStream', 'run/stream'],
  ] as const) {
    test(`refuses an unknown thread with thread_not_found on ${label}`, async ({ api, threads }) => {
      const res = await api.call(operationId, { path: { thread_id: randomUUID() }, body: threads.runBody() });
      expectRefusal(res, `${label} on a thread that does not exist`, { code: 'thread_not_found' });
    });
  }

  for (const malformed of ['not-a-uuid', '12345', '497f6eca-6276-4993-bfeb-53cbbbba6f0', "' OR 1=1 --"]) {
    test(`answers a conforming 4xx, never 2xx or 5xx, for the malformed thread_id ${JSON.stringify(malformed)}`, async ({
      api,
      threads,
    }) => {
      const res = await api.call('createRun', { path: { thread_id: malformed }, body: threads.runBody() });
      expectRefusal(res, `a run on the malformed thread_id ${JSON.stringify(malformed)}`);
    });
  }
});
