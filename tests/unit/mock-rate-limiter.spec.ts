import { expect } from '@playwright/test';
import { realClock } from '../../contracts/lib/clock.ts';
import { DEFAULT_RATE_LIMITS, RateLimiter, type Verdict } from '../../contracts/mock/limits/rate-limiter.ts';
import { test } from '../support/base-test.ts';
import { call, DEFAULTS } from './helpers/mock-client.ts';
import { startMock } from './helpers/start-mock.ts';

/** A clock the test moves by hand. */
function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, sleep: async () => {}, advance: (ms: number) => (now += ms) };
}

function takeMany(limiter: RateLimiter, n: number, budget: 'answers' | 'other' = 'answers', tenant = 't'): Verdict[] {
  return Array.from({ length: n }, () => limiter.take(tenant, budget));
}

test.describe('rate limiter', () => {
  test('allows 15 answer calls in a second and refuses the 16th for exactly the rest of that second', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(DEFAULT_RATE_LIMITS, clock);
    expect(takeMany(limiter, 15).every((v) => v.allowed)).toBe(true);
    clock.advance(400);
    expect(limiter.take('t', 'answers')).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
      limit: 15,
      remaining: 0,
      window: 'second',
    });
    clock.advance(599);
    expect(limiter.take('t', 'answers').allowed, '1 ms before the oldest call leaves the window').toBe(false);
    clock.advance(1);
    expect(limiter.take('t', 'answers').allowed).toBe(true);
  });

  test('slides: a burst straddling a second boundary still passes only 15', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(DEFAULT_RATE_LIMITS, clock);
    clock.advance(900);
    expect(takeMany(limiter, 15).filter((v) => v.allowed)).toHaveLength(15);
    clock.advance(200); // a fixed window would have reset at 1000
    expect(takeMany(limiter, 15).filter((v) => v.allowed)).toHaveLength(0);
  });

  test('refuses the 61st answer call in a minute with the minute window and a Retry-After that ends it', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(DEFAULT_RATE_LIMITS, clock);
    for (let second = 0; second < 4; second += 1) {
      expect(
        takeMany(limiter, 15).every((v) => v.allowed),
        `second ${second}`,
      ).toBe(true);
      clock.advance(1000);
    }
    clock.advance(500); // 4.5 s after the first call
    const refused = limiter.take('t', 'answers');
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 56, limit: 60, remaining: 0, window: 'minute' });
    clock.advance(55_000);
    expect(limiter.take('t', 'answers').allowed, 'Retry-After is not early').toBe(false);
    clock.advance(1000);
    expect(limiter.take('t', 'answers').allowed, 'Retry-After is enough').toBe(true);
  });

  test('does not count refused calls against the budget', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(DEFAULT_RATE_LIMITS, clock);
    takeMany(limiter, 15);
    expect(takeMany(limiter, 100).some((v) => v.allowed)).toBe(false);
    clock.advance(1000);
    expect(
      takeMany(limiter, 15).every((v) => v.allowed),
      'the 100 refusals consumed nothing',
    ).toBe(true);
  });

  test('keeps the other budget (60/s, 180/min) and each tenant apart', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(DEFAULT_RATE_LIMITS, clock);
    takeMany(limiter, 15, 'answers');
    expect(takeMany(limiter, 60, 'other').every((v) => v.allowed)).toBe(true);
    expect(limiter.take('t', 'other')).toMatchObject({ allowed: false, limit: 60, window: 'second' });
    expect(takeMany(limiter, 15, 'answers', 'another tenant').every((v) => v.allowed)).toBe(true);
    for (let i = 0; i < 2; i += 1) {
      clock.advance(1000);
      expect(takeMany(limiter, 60, 'other').every((v) => v.allowed)).toBe(true);
    }
    clock.advance(1000);
    expect(limiter.take('t', 'other')).toMatchObject({
      allowed: false,
      limit: 180,
      window: 'minute',
      retryAfterSeconds: 57,
    });
  });

  test('refuses limits that are not whole numbers of calls', () => {
    expect(
      () => new RateLimiter({ answers: { perSecond: 0, perMinute: 60 }, other: DEFAULT_RATE_LIMITS.other }, realClock),
    ).toThrow(/answers.perSecond .* 1 or more. Got 0/);
  });
});

test.describe('rate limits through the mock', () => {
  test('run, run/stream and chat completions share one budget; threads and assistants have their own', async () => {
    const clock = fakeClock();
    const mock = await startMock({ clock });
    try {
      const thread = (
        await call(mock.url, 'POST', '/v1/threads', { json: { assistant_id: DEFAULTS.streamingAssistant } })
      ).json<{ id: string }>();
      await call(mock.url, 'POST', `/v1/threads/${thread.id}/messages`, { json: { role: 'user', content: 'Frage' } });
      const answers = [
        () => call(mock.url, 'POST', `/v1/threads/${thread.id}/run`, { json: {} }),
        () => call(mock.url, 'POST', `/v1/threads/${thread.id}/run/stream`, { json: {} }),
        () =>
          call(mock.url, 'POST', '/v1/chat/completions', {
            json: { assistant_id: DEFAULTS.streamingAssistant, messages: [{ role: 'user', content: 'Frage' }] },
          }),
        () =>
          call(mock.url, 'POST', '/v1/chat/completions/stream', {
            json: { assistant_id: DEFAULTS.streamingAssistant, messages: [{ role: 'user', content: 'Frage' }] },
          }),
      ];
      const statuses: number[] = [];
      for (let i = 0; i < 15; i += 1) statuses.push((await (answers[i % 4] as () => ReturnType<typeof call>)()).status);
      expect(
        statuses.every((s) => s !== 429),
        `15 mixed answer calls pass: ${statuses.join(',')}`,
      ).toBe(true);
      for (const next of answers) {
        const refused = await next();
        expect(refused.status).toBe(429);
        expect(refused.problems).toEqual([]);
        expect(refused.json()).toMatchObject({ error_code: 'rate_limit_gateway' });
        expect(refused.headers.get('retry-after')).toBe('1');
        expect(refused.headers.get('x-ratelimit-limit')).toBe('15');
        expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
        expect(refused.headers.get('x-ratelimit-reset')).toBe('1');
      }
      expect((await call(mock.url, 'GET', '/v1/assistants')).status, 'the other budget is untouched').toBe(200);
      expect((await call(mock.url, 'GET', '/v1/assistants', { key: DEFAULTS.otherTenantKey })).status).toBe(200);
      clock.advance(1000);
      expect((await answers[2]?.())?.status, 'after Retry-After the shared budget has room').toBe(200);
    } finally {
      await mock.close();
    }
  });

  test('takes limits from options, and none at all with rateLimit: false', async () => {
    const clock = fakeClock();
    const limited = await startMock({ clock, rateLimit: { other: { perSecond: 2 } } });
    const unlimited = await startMock({ clock, rateLimit: false });
    try {
      const first = await Promise.all([1, 2, 3].map(() => call(limited.url, 'GET', '/v1/assistants')));
      expect(first.map((r) => r.status).sort()).toEqual([200, 200, 429]);
      const many = await Promise.all(Array.from({ length: 100 }, () => call(unlimited.url, 'GET', '/v1/assistants')));
      expect(many.every((r) => r.status === 200)).toBe(true);
    } finally {
      await Promise.all([limited.close(), unlimited.close()]);
    }
  });

  test('checks the key before the limit: calls without a valid key are not counted', async () => {
    const clock = fakeClock();
    const mock = await startMock({ clock, rateLimit: { other: { perSecond: 1 } } });
    try {
      for (let i = 0; i < 5; i += 1)
        expect((await call(mock.url, 'GET', '/v1/assistants', { key: 'wrong' })).status).toBe(401);
      expect((await call(mock.url, 'GET', '/v1/assistants')).status).toBe(200);
    } finally {
      await mock.close();
    }
  });
});
