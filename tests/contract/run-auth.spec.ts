import { expect, test } from '../support/fixtures.ts';

test.describe('Create a run: authentication', () => {
  // run and run/stream make the same promise; each is held to it.
  for (const [operationId, label] of [['createRun', 'run'], ['createRunStream', 'run/stream']] as const) {
    for (const [key, how] of [['none', 'without an api-key header'], ['invalid', 'for an invalid key']] as const) {
      test(`answers 401 unauthorized ${how} on ${label}`, async ({ api, threads }) => {
        const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
        const res = await api.call(operationId, { path: { thread_id: thread.id }, body: {}, key });
        expect(res.status).toBe(401);
        expect(res.errorCode).toBe('unauthorized');
      });
    }
  }

  test('answers 403 assistant_not_available for a key whose tenant lacks the assistant', async ({ api, threads, target }) => {
    test.skip(!target.otherTenantKey, 'needs API_KEY_OTHER_TENANT: a key of a tenant without the assistant');
    const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
    const res = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody(), key: 'other' });
    expect(res.status).toBe(403);
    expect(res.errorCode).toBe('assistant_not_available');
  });
});
