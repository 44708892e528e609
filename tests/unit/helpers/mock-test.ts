// One mock per worker for the mock's own tests, instead of a start and a stop in every file.
// Each test also fails when the mock logged an unexpected failure (a bug answered as a generic
// 500) while it ran, so no test has to remember to look.
//
// The mock is the worker's, started by the first file that asks (`await workerMock()` in its
// beforeAll) and stopped with the worker's process, not a worker-scoped fixture: Playwright gives
// files with another set of worker fixtures workers of their own, so such a fixture started three
// more workers in `npm test` (about 1.3 CPU-s each) to run these six files apart from the other
// unit tests. A test-scoped fixture leaves the workers shared.
import { expect } from '@playwright/test';
import { test as base } from '../../support/base-test.ts';
import { type RunningMock, startMock } from './start-mock.ts';

/** The worker's mock, rate limits off, and the unexpected failures it logged. */
export interface WorkerMock extends RunningMock {
  internalErrors: string[];
}

/** The unexpected failures the worker's mock logged, from its start. */
const internalErrors: string[] = [];
let started: Promise<WorkerMock> | undefined;

/** The worker's mock, started on the first call. */
export function workerMock(): Promise<WorkerMock> {
  started ??= startMock({
    rateLimit: false,
    onInternalError: (error, op) => internalErrors.push(`${op}: ${String(error)}`),
  }).then((mock) => ({ ...mock, internalErrors }));
  return started;
}

/** Playwright's test, failing a test during which the worker's mock logged an unexpected failure. */
export const test = base.extend<{ noInternalErrors: void }>({
  noInternalErrors: [
    async ({}, use) => {
      const before = internalErrors.length;
      await use();
      expect(internalErrors.slice(before), 'unexpected failures the mock logged during this test').toEqual([]);
    },
    { auto: true, box: true },
  ],
});

export { expect };
