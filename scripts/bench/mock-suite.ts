// The contract suite against the embedded mock (`npm run contract`), next to the same suite
// without the generated tests and to Playwright listing it (its start-up, no requests).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testSeconds } from './junit-times.ts';
import { type Timed, timed } from './timed.ts';

/** What the suite against the mock took. */
export interface MockSuiteFigures {
  suite: Timed;
  /** The generated test's own seconds in that run (the longest single test). */
  generatedSeconds?: number;
  withoutGenerated: Timed;
  listing: Timed;
}

const PLAYWRIGHT_CLI = join('node_modules', '@playwright', 'test', 'cli.js');
const GENERATED = 'generated sequences';

/** Runs the mock-mode contract suite three ways, reports in temporary folders. */
export async function measureMockSuite(): Promise<MockSuiteFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-contract-'));
  try {
    const env = { ...process.env, REPORT_DIR: dir, BASE_URL: '' };
    const run = (...args: string[]) =>
      timed(process.execPath, [PLAYWRIGHT_CLI, 'test', '--project=contract', ...args], env);
    const listing = await run('--list');
    const suite = await run();
    const generatedSeconds = testSeconds(readFileSync(join(dir, 'junit.xml'), 'utf8'), GENERATED);
    const withoutGenerated = await run('--grep-invert', GENERATED);
    return { suite, withoutGenerated, listing, ...(generatedSeconds === undefined ? {} : { generatedSeconds }) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
