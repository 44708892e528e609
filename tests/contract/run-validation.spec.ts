import { expect, test } from '../support/fixtures.ts';
import { expectRefusal, validationLocs } from '../support/promised-answers.ts';

// A request that fails validation is refused with a validation error: the older pages'
// `validation_error` body or FastAPI's `{"detail": [...]}` of the newer ones. The pages print no
// status for either (422 is FastAPI's); the contract check reports the one an API chose.
test.describe('Create a run: request validation', () => {
  test('refuses with a documented validation error for invalid JSON', async ({ api, threads }) => {
    const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
    const res = await api.call('createRun', { path: { thread_id: thread.id }, rawBody: '{"meta_data": {' });
    expectRefusal(res, 'a run body that is not JSON');
    validationLocs(res, 'a run body that is not JSON');
  });

  const wrongTypes: Array<[string, unknown, string]> = [
    ['meta_data as a string', { meta_data: 'licence' }, 'meta_data'],
    ['tools as a number', { tools: 5 }, 'tools'],
    ['a tool without a function', { tools: [{ type: 'function' }] }, 'tools'],
    ['a body that is an array', [], 'body'],
  ];
  for (const [name, body, field] of wrongTypes) {
    test(`refuses with a documented validation error naming the field for ${name}`, async ({ api, threads }) => {
      const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
      const res = await api.call('createRun', { path: { thread_id: thread.id }, body });
      expectRefusal(res, `a run body with ${name}`);
      const locs = validationLocs(res, `a run body with ${name}`);
      expect(
        locs.some((loc) => loc.includes(field)),
        `some loc names ${field}: ${locs.join(' | ')}`,
      ).toBe(true);
    });
  }

  test('answers a conforming error for a body over 1 MiB', { tag: '@mock' }, async ({ api, threads }) => {
    const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
    const res = await api.call('createRun', {
      path: { thread_id: thread.id },
      rawBody: JSON.stringify({ meta_data: { user_data: { licence: 'x'.repeat(1_100_000) } } }),
    });
    expect(res.status).toBe(413);
  });
});
