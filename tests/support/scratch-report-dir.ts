import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestType } from '@playwright/test';

/**
 * Gives each test of the file its own REPORT_DIR, removed afterwards. For tests that drive the
 * suite's own client against a server of their making: what they record (observations, findings)
 * must never land in the report of the run they are part of, where the ledger and coverage read it.
 */
export function useScratchReportDir(test: TestType<object, object>, prefix: string): void {
  let previous: string | undefined;
  test.beforeEach(() => {
    previous = process.env.REPORT_DIR;
    process.env.REPORT_DIR = mkdtempSync(join(tmpdir(), `${prefix}-`));
  });
  test.afterEach(() => {
    rmSync(process.env.REPORT_DIR ?? '', { recursive: true, force: true });
    if (previous === undefined) delete process.env.REPORT_DIR;
    else process.env.REPORT_DIR = previous;
  });
}
