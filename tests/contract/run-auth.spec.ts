import { expect, test } from '../support/fixtures.ts';

test.describe('Create a run: authentication', () => {
  test('answers 401 unauthorized without an api-key header', async ({ api, threads }) => {
    const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
    const res = await api.call('createRun', { path: { thread_id: thread.id }, body: {}, key: 'none' });
    expect(res.status).toBe(401);
    expect(res.errorCode).toBe('unauthorized');
  });

  test('answers 401 unauthorized for an invalid key', async ({ api, threads }) => {
    const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
    const res = await api.call('createRun', { path: { thread_id: thread.id }, body: {}, key: 'invalid' });
    expect(res.status).toBe(401);
    expect(res.errorCode).toBe('unauthorized');
  });

  test('answers 403 assistant_not_available for a key whose tenant lacks the assistant', async ({ api, threads, target }) => {
    test.skip(!target.otherTenantKey, 'needs API_KEY_OTHER_TENANT: a key of a tenant without the assistant');
    const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
    const res = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody(), key: 'other' });
    expect(res.status).toBe(403);
    expect(res.errorCode).toBe('assistant_not_available');
  });
});
