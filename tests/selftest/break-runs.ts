// A nested live run of the contract suite against the reference server with some breaks, and what
// the self-test asks of it: each break named by its own naming (break-namings.ts), the ledger's
// contradictions exact, and no key in any output or report.
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { type BreakNaming, breakNamings } from './break-namings.ts';
import { type NestedRun, runContractSuite } from './nested-run.ts';
import {
  type BreakName,
  breakPromises,
  type DocumentAsk,
  type ServedDocument,
  startReferenceServer,
} from './reference-server/index.ts';

/** A readable account of a nested run for assertion messages. */
export function account(run: NestedRun): string {
  const failed = run.cases.filter((c) => c.outcome === 'failed').map((c) => `  failed: ${c.title}`);
  const violations = run.violations.map(
    (v) => `  violation: ${v.title} [${v.operationId} ${v.status}${v.pointer ? ` ${v.pointer}` : ''}] in ${v.test}`,
  );
  return [
    `$ ${run.command}`,
    `exit ${run.exitCode} after ${run.durationMs} ms`,
    ...failed,
    ...violations,
    '--- output (tail) ---',
    run.output.slice(-4_000),
  ].join('\n');
}

// A nested run is stopped well before its test times out (the test's time also covers waiting for
// a run slot), so that no nested Playwright outlives the test that started it.
const NESTED_TIMEOUT_MS = { whole: 240_000, grep: 240_000 };
/** The timeout of a test that makes one nested run. */
export const TEST_TIMEOUT_MS = 360_000;

/** What else a nested run against the reference server has: settings, and the API's own document. */
export interface BreakRunOptions {
  env?: Record<string, string>;
  /** The reference server serves this document at its path; the run is told the path (--openapi-path). */
  served?: ServedDocument;
}

/** A nested run, and what the reference server saw asked of its own document. */
export type BreakRun = NestedRun & { asked: DocumentAsk[] };

/** One nested run against a reference server with these breaks (the whole suite without a grep). */
export async function runWithBreaks(
  breaks: BreakName[],
  grep: string | undefined,
  options: BreakRunOptions = {},
): Promise<BreakRun> {
  const { env, served } = options;
  const server = await startReferenceServer({ breaks, ...(served ? { served } : {}) });
  try {
    const run = await runContractSuite(server, {
      timeoutMs: grep === undefined ? NESTED_TIMEOUT_MS.whole : NESTED_TIMEOUT_MS.grep,
      ...(grep === undefined ? {} : { grep }),
      ...(env ? { env } : {}),
      ...(served ? { args: ['--openapi-path', served.path] } : {}),
    });
    test.info().annotations.push({
      type: 'nested run',
      description: `exit ${run.exitCode} in ${run.durationMs} ms: ${run.command}`,
    });
    expect(run.keysSeen, `no output, log or report of the run names a key\n${account(run)}`).toEqual([]);
    return { ...run, asked: server.asked };
  } finally {
    await server.close();
  }
}

/** What of a break's naming the run lacks, or undefined when the run names the break. */
export function missingNaming(run: NestedRun, naming: BreakNaming): string | undefined {
  if (naming.violation) {
    const want = naming.violation;
    const found = run.violations.some(
      (v) =>
        v.title === want.title &&
        v.operationId === want.operationId &&
        (want.status === undefined || v.status === want.status) &&
        (want.pointer === undefined || v.pointer === want.pointer),
    );
    if (!found) return `contract-report.json names ${JSON.stringify(want)}`;
  }
  if (naming.failedTest !== undefined) {
    const failed = run.cases.filter((c) => c.outcome === 'failed' && c.title.includes(naming.failedTest ?? ''));
    if (failed.length === 0) return `the test "${naming.failedTest}" fails`;
    if (naming.failureText !== undefined && !failed.some((c) => c.failure.includes(naming.failureText ?? '')))
      return `its failure says "${naming.failureText}"`;
  }
  return undefined;
}

/** The run names the break: its violation in contract-report.json, and/or its failed test. */
export function expectNamed(run: NestedRun, name: BreakName): void {
  const missing = missingNaming(run, breakNamings[name]);
  expect(
    missing,
    `${missing}\n${name} breaks "${breakPromises[name]}"; the run must name it.\n${account(run)}`,
  ).toBeUndefined();
}
