import { operations } from '../../contracts/generated/validators.js';
import { expect, test } from '../support/fixtures.ts';

// Every error the contract documents for the run endpoint, generated from the spec: the mock's
// fault injection must produce each with a conforming body (this is also what makes the
// coverage report complete in mock mode).
const documented = Object.entries(operations.createRun.responses).flatMap(([status, spec]) =>
  spec.errorCodes.map((code) => [Number(status), code] as const),
);

test.describe('Create a run: documented faults', () => {
  // Retry-After is an assumption (the Rate Limits page names no header): the contract check judges
  // it, failing the run where the run holds the API to its assumptions (docs/decisions/0070).
  test('answers 429 rate_limit_gateway, its headers judged by the contract', { tag: '@mock' }, async ({
    api,
    threads,
  }) => {
    const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
    const res = await api.call('createRun', {
      path: { thread_id: thread.id },
      body: threads.runBody(),
      prefer: 'code=429',
    });
    expect(res.status).toBe(429);
    expect(res.errorCode).toBe('rate_limit_gateway');
  });

  test('answers 500 api_timeout_error when the model times out', { tag: '@mock' }, async ({ api, threads }) => {
    const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
    const res = await api.call('createRun', {
      path: { thread_id: thread.id },
      body: threads.runBody(),
      prefer: 'error=api_timeout_error',
    });
    expect(res.status).toBe(500);
    expect(res.errorCode).toBe('api_timeout_error');
  });

  test('answers 503 internal_service_error when a service is down', { tag: '@mock' }, async ({ api, threads }) => {
    const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
    const res = await api.call('createRun', {
      path: { thread_id: thread.id },
      body: threads.runBody(),
      prefer: 'code=503',
    });
    expect(res.status).toBe(503);
    expect(res.errorCode).toBe('internal_service_error');
  });

  for (const [status, code] of documented) {
    test(`answers ${status} ${code} with a conforming body when injected`, { tag: '@mock' }, async ({
      api,
      threads,
    }) => {
      const thread = await threads.withMessages([{ role: 'user', content: 'Hallo' }]);
      const res = await api.call('createRun', {
        path: { thread_id: thread.id },
        body: threads.runBody(),
        prefer: `code=${status}, error=${code}`,
      });
      expect(res.status).toBe(status);
      expect(res.errorCode).toBe(code);
    });
  }
});
