import type { components } from '../../contracts/generated/api.ts';
import { expect, test } from '../support/fixtures.ts';

type ValidationError = components['schemas']['ValidationError'];

test.describe('Create a run: request validation', () => {
  test('answers 422 validation_error with a detail list for invalid JSON', async ({ api, threads }) => {
    const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
    const res = await api.call('createRun', { path: { thread_id: thread.id }, rawBody: '{"meta_data": {' });
    expect(res.status).toBe(422);
    expect(res.errorCode).toBe('validation_error');
    expect(res.json<ValidationError>().detail.length).toBeGreaterThan(0);
  });

  const wrongTypes: Array<[string, unknown, string]> = [
    ['meta_data as a string', { meta_data: 'licence' }, 'meta_data'],
    ['tools as a number', { tools: 5 }, 'tools'],
    ['a tool without a function', { tools: [{ type: 'function' }] }, 'tools'],
    ['a body that is an array', [], 'body'],
  ];
  for (const [name, body, field] of wrongTypes) {
    test(`answers 422 validation_error naming the field for ${name}`, async ({ api, threads }) => {
      const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
      const res = await api.call('createRun', { path: { thread_id: thread.id }, body });
      expect(res.status).toBe(422);
      expect(res.errorCode).toBe('validation_error');
      const locs = res.json<ValidationError>().detail.map((issue) => issue.loc.join('.'));
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
