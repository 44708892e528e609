import { isSuccess } from '../../contracts/check/status-class.ts';
import type { components } from '../../contracts/generated/api.ts';
import { expect, test } from '../support/fixtures.ts';
import { expectRefusal, validationLocs } from '../support/promised-answers.ts';

type RunRequest = components['schemas']['RunRequest'];

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

  // Each body breaks one field and carries the assistant's required metadata, so that the field
  // under test is the only reason to refuse it (the order of an API's checks is its own).
  const wrongTypes: Array<[string, (valid: RunRequest) => unknown, string]> = [
    ['meta_data as a string', () => ({ meta_data: 'licence' }), 'meta_data'],
    ['tools as a number', (valid) => ({ ...valid, tools: 5 }), 'tools'],
    ['a body that is an array', () => [], 'body'],
  ];
  for (const [name, body, field] of wrongTypes) {
    test(`refuses with a documented validation error naming the field for ${name}`, async ({ api, threads }) => {
      const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
      const res = await api.call('createRun', { path: { thread_id: thread.id }, body: body(threads.runBody()) });
      expectRefusal(res, `a run body with ${name}`);
      const locs = validationLocs(res, `a run body with ${name}`);
      expect(
        locs.some((loc) => loc.includes(field)),
        `some loc names ${field}: ${locs.join(' | ')}`,
      ).toBe(true);
    });
  }

  // The page says only that a run "accepts optional tool configuration": the shape of a tool is
  // Chat Completions' by our reading, so a tool without a function may be taken or refused; a
  // refusal is a documented validation error, and anything else (a 5xx, another body) is red.
  test('takes a tool without a function, or refuses it with a documented validation error', async ({
    api,
    threads,
  }) => {
    const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
    const res = await api.call('createRun', {
      path: { thread_id: thread.id },
      body: { ...threads.runBody(), tools: [{ type: 'function' }] } as RunRequest,
    });
    if (isSuccess(res.status)) return;
    expectRefusal(res, 'a run body with a tool without a function');
    validationLocs(res, 'a run body with a tool without a function');
  });

  test('answers a conforming error for a body over 1 MiB', { tag: '@mock' }, async ({ api, threads }) => {
    const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
    const res = await api.call('createRun', {
      path: { thread_id: thread.id },
      rawBody: JSON.stringify({ meta_data: { user_data: { licence: 'x'.repeat(1_100_000) } } }),
    });
    expect(res.status).toBe(413);
  });
});
