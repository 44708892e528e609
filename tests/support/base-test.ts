// The suite's Playwright test: Playwright's base test, without the browser fixtures that
// `@playwright/test`'s `test` adds. Two of those run around every test whether it asks for them or
// not ("trace recording" and "context configuration"), each a fixture step that takes a stack trace
// on setup and on teardown: about 9 ms of CPU per test, some 13 CPU-seconds of `npm test`'s 1,400
// tests, for a suite that opens no browser, records no trace and sends its requests through its own
// transport (contracts/client), never Playwright's `request` (decision 0096). Every test file
// imports `test` from here, never from '@playwright/test' (biome.jsonc refuses it): Playwright gives
// files with other worker fixtures workers of their own, so one file on the other base would start
// workers apart from the rest. `expect` and the types still come from '@playwright/test'.
import { _baseTest } from '@playwright/test';

export const test = _baseTest;
