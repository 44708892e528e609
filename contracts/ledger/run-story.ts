// The story a contract run ends with, on the terminal: which promises broke, by check (a count,
// the tests, the operations, and the first case with its curl line), the assumption lines (the
// ledger's headline and any contradicted assumption), and where each report is. The same parts make
// the job summary in GitHub Actions (actions-summary.ts). Titles, messages, ids and curl lines only
// (the key is $API_KEY in them): no body, no key.
import { isAbsolute, relative } from 'node:path';

/** One broken promise as contract-report.json lists it. */
export interface BrokenPromise {
  check: string;
  title: string;
  operationId: string;
  status: number;
  /** The test's title path without its file (describe > title). */
  test: string;
  message: string;
  pointer?: string;
  curl?: string;
}

/** The broken promises of one check. */
export interface CheckGroup {
  check: string;
  title: string;
  /** How many times it broke (a response, or a finding across calls). */
  count: number;
  /** The tests it broke in, in order of first appearance. */
  tests: string[];
  /** Times per operation, in order of first appearance. */
  operations: Array<{ operationId: string; count: number }>;
  /** The first time it broke. */
  first: BrokenPromise;
}

/** A report the run wrote, and what a reader finds in it. */
export interface ReportFile {
  path: string;
  what: string;
}

/** What the story tells. */
export interface RunStory {
  target: { mode: string; baseURL?: string };
  /** Responses the tests recorded (the generated tests record only the steps that broke something). */
  responses: number;
  broken: BrokenPromise[];
  /** The assumption lines (contracts/ledger/assumption-story.ts): the headline, then any contradicted. */
  assumptions: string[];
  reports: ReportFile[];
}

/** The broken promises by check, the check that broke most often first. */
export function brokenByCheck(broken: BrokenPromise[]): CheckGroup[] {
  const groups = new Map<string, CheckGroup>();
  for (const promise of broken) {
    const group = groups.get(promise.check) ?? {
      check: promise.check,
      title: promise.title,
      count: 0,
      tests: [],
      operations: [],
      first: promise,
    };
    group.count += 1;
    if (!group.tests.includes(promise.test)) group.tests.push(promise.test);
    const operation = group.operations.find((o) => o.operationId === promise.operationId);
    if (operation) operation.count += 1;
    else group.operations.push({ operationId: promise.operationId, count: 1 });
    groups.set(promise.check, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

/** "1 test", "3 tests". */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Where the operations of a group are: "createRun 3, getThread 1". */
export function operationsOf(group: CheckGroup): string {
  return group.operations.map((o) => `${o.operationId} ${o.count}`).join(', ');
}

/** A broken promise in words: the answer and what broke in it. */
export function caseLine(promise: BrokenPromise): string {
  const { operationId, status, pointer, message } = promise;
  return `${operationId} ${status}${pointer ? ` at ${pointer}` : ''}: ${message}`;
}

/** The headline of the broken promises: how many checks, times and tests; or none, and in how many responses. */
export function brokenHeadline(story: Pick<RunStory, 'broken' | 'responses' | 'target'>): string {
  const groups = brokenByCheck(story.broken);
  if (groups.length === 0)
    return `Broken promises: none in ${counted(story.responses, 'recorded response')} (${story.target.mode}).`;
  const tests = new Set(story.broken.map((b) => b.test)).size;
  return `Broken promises: ${counted(groups.length, 'check')} broken ${counted(story.broken.length, 'time')} in ${counted(tests, 'test')} (of ${counted(story.responses, 'recorded response')}, ${story.target.mode}):`;
}

/** A path as a reader types it: relative to the working directory when it is under it. */
export function shownPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** The lines a run ends with on the terminal. `where` names a test's file and line, when known. */
export function runStoryLines(
  story: RunStory,
  where: (test: string) => string | undefined = () => undefined,
): string[] {
  const lines = [brokenHeadline(story)];
  for (const group of brokenByCheck(story.broken)) {
    lines.push(
      `  ${group.title} (${group.check}): ${counted(group.count, 'time')} in ${counted(group.tests.length, 'test')}; ${operationsOf(group)}`,
    );
    const at = where(group.first.test);
    lines.push(`    first in: ${group.first.test}${at ? ` (${at})` : ''}`);
    lines.push(`      ${caseLine(group.first)}`);
    if (group.first.curl) lines.push(`      ${group.first.curl}`);
  }
  lines.push(...story.assumptions);
  if (story.reports.length > 0) {
    lines.push('Reports:');
    const width = Math.max(...story.reports.map((r) => shownPath(r.path).length));
    for (const report of story.reports) lines.push(`  ${shownPath(report.path).padEnd(width)}  ${report.what}`);
  }
  return lines;
}
