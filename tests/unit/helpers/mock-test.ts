// One mock per worker for the mock's own tests, instead of a start and a stop in every file.
// Each test also fails when the mock logged an unexpected failure (a bug answered as a generic
// 500) while it ran, so no test has to remember to look.
import { test as base, expect } from '@playwright/test';
import { type RunningMock, startMock } from './start-mock.ts';

/** The worker's mock, rate limits off, and the unexpected failures it logged. */
export interface WorkerMock extends RunningMock {
  internalErrors: string[];
}

/** Playwright's test with a worker-scoped `mock`. */
export const test = base.extend<{ noInternalErrors: void }, { mock: WorkerMock }>({
  mock: [
    async ({}, use) => {
      const internalErrors: string[] = [];
      const running = await startMock({
        rateLimit: false,
        onInternalError: (error, op) => internalErrors.push(`${op}: ${String(error)}`),
      });
      await use({ ...running, internalErrors });
      await running.close();
    },
    { scope: 'worker', box: true },
  ],
  noInternalErrors: [
    async ({ mock }, use) => {
      const before = mock.internalErrors.length;
      await use();
      expect(mock.internalErrors.slice(before), 'unexpected failures the mock logged during this test').toEqual([]);
    },
    { auto: true, box: true },
  ],
});

export { expect };
