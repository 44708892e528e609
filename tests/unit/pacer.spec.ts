import { expect } from '@playwright/test';
import { Pacer } from '../../contracts/client/pacer.ts';
import type { Clock } from '../../contracts/lib/clock.ts';
import { test } from '../support/base-test.ts';

/** A clock that only moves when the pacer sleeps. */
function fakeClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

test.describe('Pacer', () => {
  test('lets calls through up to the per-second bound, then waits for the window to slide', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(3, 100, clock);
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      await pacer.take();
      times.push(clock.now());
    }
    expect(times).toEqual([0, 0, 0, 1_000, 1_000, 1_000, 2_000]);
  });

  test('keeps under the per-minute bound across seconds', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(10, 12, clock);
    const times: number[] = [];
    for (let i = 0; i < 13; i++) {
      await pacer.take();
      times.push(clock.now());
    }
    expect(times.slice(0, 10).every((t) => t === 0)).toBe(true);
    expect(times[10]).toBe(1_000);
    expect(times[12]).toBe(60_000);
    for (let i = 0; i < times.length; i++) {
      const inMinute = times.filter((t) => t > (times[i] ?? 0) - 60_000 && t <= (times[i] ?? 0)).length;
      expect(inMinute).toBeLessThanOrEqual(12);
    }
  });

  test('serves concurrent callers in order without exceeding the bound', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(2, 100, clock);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => pacer.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(clock.now()).toBe(1_000);
  });
});
