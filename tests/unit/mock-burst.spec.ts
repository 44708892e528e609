import { expect } from '@playwright/test';
import type { components } from '../../contracts/generated/api.ts';
import { test } from '../support/base-test.ts';
import { call, DEFAULTS } from './helpers/mock-client.ts';
import { type RunningMock, startMock } from './helpers/start-mock.ts';

type Thread = components['schemas']['Thread'];

// The mock with its default limits (15 answer calls a second, 60 a minute). The clock is the
// test's, so "within one second" and "after Retry-After" are exact, not a race with the machine.
const BURST = 30;
const PER_SECOND = 15;

let now = Date.UTC(2025, 2, 15, 9, 0, 0);
let mock: RunningMock;
test.beforeAll(async () => {
  mock = await startMock({ clock: { now: () => now, sleep: async () => {} } });
});
test.afterAll(async () => {
  await mock.close();
});

test('a burst of 30 runs in one second gets 15 429s, and each Retry-After, honoured, leads to a 200', async () => {
  const threads: string[] = [];
  for (let i = 0; i < BURST; i += 1) {
    const thread = (
      await call(mock.url, 'POST', '/v1/threads', { json: { assistant_id: DEFAULTS.streamingAssistant } })
    ).json<Thread>();
    expect(
      (
        await call(mock.url, 'POST', `/v1/threads/${thread.id}/messages`, {
          json: { role: 'user', content: `Frage ${i}` },
        })
      ).status,
    ).toBe(201);
    threads.push(thread.id);
    now += 50; // 60 set-up calls over 1.5 s stay under the other budget's 60 a second
  }

  // All 30 at once: well within one second.
  const burst = await Promise.all(
    threads.map(async (id) => ({ id, res: await call(mock.url, 'POST', `/v1/threads/${id}/run`, { json: {} }) })),
  );
  const refused = burst.filter(({ res }) => res.status === 429);
  expect(burst.filter(({ res }) => res.status === 200)).toHaveLength(PER_SECOND);
  expect(refused).toHaveLength(BURST - PER_SECOND);
  for (const { res } of refused) {
    expect(res.problems).toEqual([]);
    expect(res.json<{ error_code: string }>().error_code).toBe('rate_limit_gateway');
    expect(res.headers.get('x-ratelimit-limit')).toBe(String(PER_SECOND));
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(res.headers.get('retry-after')).toBe(res.headers.get('x-ratelimit-reset'));
  }

  // Each refused call waits exactly its own Retry-After from the moment it was refused.
  const start = now;
  for (const { id, res } of refused) {
    now = Math.max(now, start + Number(res.headers.get('retry-after')) * 1000);
    const retried = await call(mock.url, 'POST', `/v1/threads/${id}/run`, { json: {} });
    expect(retried.status, `retry of ${id} after Retry-After ${res.headers.get('retry-after')} s`).toBe(200);
  }
});
