// A contract run's story for GitHub Actions: the job summary (Markdown the runner shows on the
// run's page, appended to the file GITHUB_STEP_SUMMARY names) and an error annotation per broken
// check and test (a workflow command on standard output, shown on the test's line in the pull
// request). Built from the same parts as the terminal's story (run-story.ts).
import { escapeHtml } from '../lib/html-page.ts';
import {
  brokenByCheck,
  brokenHeadline,
  caseLine,
  counted,
  operationsOf,
  type RunStory,
  shownPath,
} from './run-story.ts';

/** Where a test is declared, relative to the repository's root. */
export interface TestLocation {
  file: string;
  line: number;
}

/** How many error annotations a step shows; GitHub drops the ones past ten. */
export const MAX_ANNOTATIONS = 10;

// The escapes of @actions/core's workflow commands: a message keeps its line breaks as %0A, and a
// property may not contain the `,` and `:` that separate properties.
const escapeData = (text: string) => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (text: string) => escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');

/** One `::error` workflow command. */
export function errorAnnotation(at: TestLocation | undefined, title: string, message: string): string {
  const properties = [
    ...(at ? [`file=${escapeProperty(at.file)}`, `line=${at.line}`] : []),
    `title=${escapeProperty(title)}`,
  ];
  return `::error ${properties.join(',')}::${escapeData(message)}`;
}

/**
 * The annotations of the broken promises: one per check and test, at the test (the first case of
 * each with its curl line), at most MAX_ANNOTATIONS; a last one says how many more the summary has.
 */
export function annotations(story: RunStory, locate: (test: string) => TestLocation | undefined): string[] {
  const pairs = brokenByCheck(story.broken).flatMap((group) =>
    group.tests.map((test) => {
      const cases = story.broken.filter((b) => b.check === group.check && b.test === test);
      return { group, test, count: cases.length, first: cases[0] ?? group.first };
    }),
  );
  const shown = pairs.length > MAX_ANNOTATIONS ? pairs.slice(0, MAX_ANNOTATIONS - 1) : pairs;
  const lines = shown.map(({ group, test, count, first }) =>
    errorAnnotation(
      locate(test),
      `Broken promise: ${group.title}`,
      [
        `${group.title} (${group.check}), ${counted(count, 'time')} in "${test}".`,
        caseLine(first),
        ...(first.curl ? [first.curl] : []),
      ].join('\n'),
    ),
  );
  if (shown.length < pairs.length)
    lines.push(
      errorAnnotation(
        undefined,
        'More broken promises',
        `${pairs.length - shown.length} more (check, test) pairs broke: the job summary and contract-report.json list them.`,
      ),
    );
  return lines;
}

/** Markdown inline code that survives any backtick in the text. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text.replaceAll('|', '\\|')}${fence}`;
}

/** The job summary, in Markdown. `tests`: the results of the run's tests. */
export function jobSummary(
  story: RunStory,
  tests: { passed: number; failed: number; skipped: number; flaky: number },
  locate: (test: string) => TestLocation | undefined,
): string {
  const groups = brokenByCheck(story.broken);
  const where = story.target.baseURL ? `${story.target.mode}, ${story.target.baseURL}` : story.target.mode;
  const lines = [
    `## Contract run (${where}): ${groups.length === 0 ? 'no promise broke' : `${counted(groups.length, 'check')} broken`}`,
    '',
    `Tests: ${tests.passed} passed, ${tests.failed} failed, ${tests.flaky} flaky, ${tests.skipped} skipped. ${brokenHeadline(story).replace(/:$/, '.')}`,
    '',
  ];
  if (groups.length > 0) {
    lines.push('### Broken promises', '', '| check | times | tests | operations |', '|---|---:|---:|---|');
    for (const g of groups)
      lines.push(`| ${g.title} (${code(g.check)}) | ${g.count} | ${g.tests.length} | ${operationsOf(g)} |`);
    lines.push('');
    for (const g of groups) {
      const at = locate(g.first.test);
      lines.push(
        `<details><summary>${escapeHtml(g.title)}: first in ${escapeHtml(g.first.test)}</summary>`,
        '',
        ...(at ? [`At ${code(`${at.file}:${at.line}`)}.`, ''] : []),
        '```text',
        caseLine(g.first),
        ...(g.first.curl ? [g.first.curl] : []),
        '```',
        '',
        '</details>',
        '',
      );
    }
  }
  lines.push('### Assumptions', '', '```text', ...story.assumptions, '```', '');
  if (story.reports.length > 0) {
    lines.push('### Reports', '', 'Upload the folder as an artifact to keep them.', '');
    for (const r of story.reports) lines.push(`- ${code(shownPath(r.path))}: ${r.what}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
