import { randomUUID } from 'node:crypto';
import { expect, test } from '../support/fixtures.ts';

test.describe('Create a run: the thread in the path', () => {
  for (const [operationId, label] of [
    ['createRun', 'run'],
    ['createRunStream', 'run/stream'],
  ] as const) {
    test(`answers 404 thread_not_found for an unknown thread on ${label}`, async ({ api, threads }) => {
      const res = await api.call(operationId, { path: { thread_id: randomUUID() }, body: threads.runBody() });
      expect(res.status).toBe(404);
      expect(res.errorCode).toBe('thread_not_found');
    });
  }

  for (const malformed of ['not-a-uuid', '12345', '497f6eca-6276-4993-bfeb-53cbbbba6f0', "' OR 1=1 --"]) {
    test(`answers a conforming 4xx, never 2xx or 5xx, for the malformed thread_id ${JSON.stringify(malformed)}`, async ({
      api,
      threads,
    }) => {
      const res = await api.call('createRun', { path: { thread_id: malformed }, body: threads.runBody() });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });
  }
});
