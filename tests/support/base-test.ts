// The suite's Playwright test: Playwright's base test, without the browser fixtures that
// `@playwright/test`'s `test` adds. Two of those run around every test whether it asks for them or
// not ("trace recording" and "context configuration"), each a fixture step that takes a stack trace
// on setup and on teardown: about 9 ms of CPU per test, some 13 CPU-seconds of `npm test`'s 1,400
// tests, for a suite that opens no browser and sends its requests through its own transport
// (contracts/client), never Playwright's `request` (decision 0096). Every test file imports `test`
// from here, never from '@playwright/test' (biome.jsonc refuses it): Playwright gives files with
// other worker fixtures workers of their own, so one file on the other base would start workers
// apart from the rest. `expect` and the types still come from '@playwright/test'.

import type { PlaywrightWorkerOptions, TestType } from '@playwright/test';
import * as playwright from '@playwright/test';

type Base = TestType<object, object>;

/**
 * `_baseTest` is Playwright's own name for the base (declared in its types, but underscored: no
 * promise across releases, and the package accepts later ones). Should a release drop it, every
 * test runs on `test`: slower, the same tests.
 */
const base: Base = (playwright as unknown as { _baseTest?: Base })._baseTest ?? (playwright.test as unknown as Base);

export const test = base.extend<object, { trace: PlaywrightWorkerOptions['trace'] }>({
  // The one option of the browser fixtures a run without a browser still uses: Playwright's worker
  // records a test's steps, output and errors in trace.zip when a `trace` option is registered
  // (`agents-api-suite contract --trace on`). An option costs no step.
  trace: ['off', { scope: 'worker', option: true, box: true }],
});
