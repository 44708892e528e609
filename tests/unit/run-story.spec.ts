// The story a contract run ends with: on the terminal, the broken promises by check, the assumption
// lines and where each report is; in GitHub Actions also the job summary and an error annotation
// per broken check and test, at the test's line.
import { expect } from '@playwright/test';
import { annotations, errorAnnotation, jobSummary, MAX_ANNOTATIONS } from '../../contracts/ledger/actions-summary.ts';
import { type BrokenPromise, brokenByCheck, type RunStory, runStoryLines } from '../../contracts/ledger/run-story.ts';
import { test } from '../support/base-test.ts';

const schema = (test: string, operationId = 'createRun'): BrokenPromise => ({
  check: 'body-schema',
  title: 'Response violates schema',
  operationId,
  status: 200,
  test,
  pointer: '/sources',
  message: "must have required property 'sources'",
  curl: `curl -sS -X POST 'https://api.example/v1/threads/t/run' -H "api-key: $API_KEY"`,
});
const status: BrokenPromise = {
  check: 'status-code',
  title: 'Undocumented HTTP status code',
  operationId: 'getThread',
  status: 418,
  test: 'Threads > reads a thread',
  message: 'Expected one of 200, 404. Got 418.',
};
const ASSUMPTIONS = [
  'Assumptions: 3 confirmed / 0 contradicted / 1 not exercised (of 4 assumptions, from 9 responses, live).',
];
const REPORTS = [
  { path: `${process.cwd()}/reports/html/index.html`, what: 'every test' },
  { path: '/elsewhere/contract-report.json', what: 'every broken promise' },
];
const story = (broken: BrokenPromise[]): RunStory => ({
  target: { mode: 'live', baseURL: 'https://api.example' },
  responses: 9,
  broken,
  assumptions: ASSUMPTIONS,
  reports: REPORTS,
});
const RED = story([
  schema('Run > answers'),
  status,
  schema('Run > answers', 'createRunStream'),
  schema('Run > streams'),
]);
const at = (title: string) =>
  title === 'Run > answers' ? { file: 'tests/contract/run.spec.ts', line: 12 } : undefined;

test('groups broken promises by check, most often broken first, with their tests and operations', () => {
  expect(
    brokenByCheck(RED.broken).map((g) => ({ check: g.check, count: g.count, tests: g.tests, ops: g.operations })),
  ).toEqual([
    {
      check: 'body-schema',
      count: 3,
      tests: ['Run > answers', 'Run > streams'],
      ops: [
        { operationId: 'createRun', count: 2 },
        { operationId: 'createRunStream', count: 1 },
      ],
    },
    {
      check: 'status-code',
      count: 1,
      tests: ['Threads > reads a thread'],
      ops: [{ operationId: 'getThread', count: 1 }],
    },
  ]);
});

test('a green run ends saying nothing broke, how much was checked, the ledger headline and the reports', () => {
  expect(runStoryLines(story([]))).toEqual([
    'Broken promises: none in 9 recorded responses (live).',
    ...ASSUMPTIONS,
    'Reports:',
    '  reports/html/index.html          every test',
    '  /elsewhere/contract-report.json  every broken promise',
  ]);
});

test('a red run ends with each broken check: how often, where first, the answer and its curl line', () => {
  expect(runStoryLines(RED, (t) => (at(t) ? `${at(t)?.file}:${at(t)?.line}` : undefined)).slice(0, 8)).toEqual([
    'Broken promises: 2 checks broken 4 times in 3 tests (of 9 recorded responses, live):',
    '  Response violates schema (body-schema): 3 times in 2 tests; createRun 2, createRunStream 1',
    '    first in: Run > answers (tests/contract/run.spec.ts:12)',
    "      createRun 200 at /sources: must have required property 'sources'",
    `      curl -sS -X POST 'https://api.example/v1/threads/t/run' -H "api-key: $API_KEY"`,
    '  Undocumented HTTP status code (status-code): 1 time in 1 test; getThread 1',
    '    first in: Threads > reads a thread',
    '      getThread 418: Expected one of 200, 404. Got 418.',
  ]);
});

test('an annotation is a workflow command whose properties and message survive commas, colons, % and line breaks', () => {
  expect(errorAnnotation({ file: 'tests/a,b.spec.ts', line: 7 }, 'Broken: 50%', 'one\ntwo 100%\r')).toBe(
    '::error file=tests/a%2Cb.spec.ts,line=7,title=Broken%3A 50%25::one%0Atwo 100%25%0D',
  );
  expect(errorAnnotation(undefined, 'T', 'm')).toBe('::error title=T::m');
});

test('one annotation per broken check and test, at the test when it is known, with the first case and its curl', () => {
  const lines = annotations(RED, at);
  expect(lines).toHaveLength(3);
  expect(lines[0]).toBe(
    '::error file=tests/contract/run.spec.ts,line=12,title=Broken promise%3A Response violates schema::' +
      'Response violates schema (body-schema), 2 times in "Run > answers".%0A' +
      "createRun 200 at /sources: must have required property 'sources'%0A" +
      `curl -sS -X POST 'https://api.example/v1/threads/t/run' -H "api-key: $API_KEY"`,
  );
  expect(lines[1]).toMatch(/^::error title=Broken promise%3A Response violates schema::.* in "Run > streams"/);
  expect(lines[2]).toMatch(/^::error title=Broken promise%3A Undocumented HTTP status code::/);
});

test(`no more than ${MAX_ANNOTATIONS} annotations: the last says how many more the summary lists`, () => {
  const many = story(Array.from({ length: 12 }, (_, i) => schema(`Run > case ${i}`)));
  const lines = annotations(many, () => undefined);
  expect(lines).toHaveLength(MAX_ANNOTATIONS);
  expect(lines.at(-1)).toBe(
    '::error title=More broken promises::3 more (check, test) pairs broke: the job summary and contract-report.json list them.',
  );
  expect(annotations(story([]), at)).toEqual([]);
});

test('the job summary: the verdict, the tests, a table of broken checks, the first case of each, the assumptions and the reports', () => {
  const md = jobSummary(RED, { passed: 5, failed: 3, skipped: 1, flaky: 0 }, at);
  expect(md.split('\n').slice(0, 9)).toEqual([
    '## Contract run (live, https://api.example): 2 checks broken',
    '',
    'Tests: 5 passed, 3 failed, 0 flaky, 1 skipped. Broken promises: 2 checks broken 4 times in 3 tests (of 9 recorded responses, live).',
    '',
    '### Broken promises',
    '',
    '| check | times | tests | operations |',
    '|---|---:|---:|---|',
    '| Response violates schema (`body-schema`) | 3 | 2 | createRun 2, createRunStream 1 |',
  ]);
  expect(md).toContain(
    '<details><summary>Response violates schema: first in Run &gt; answers</summary>\n\nAt `tests/contract/run.spec.ts:12`.\n\n```text\n' +
      "createRun 200 at /sources: must have required property 'sources'\ncurl -sS",
  );
  expect(md).toContain(`### Assumptions\n\n\`\`\`text\n${ASSUMPTIONS[0]}\n\`\`\``);
  expect(md).toContain(
    '- `reports/html/index.html`: every test\n- `/elsewhere/contract-report.json`: every broken promise',
  );
  expect(jobSummary(story([]), { passed: 8, failed: 0, skipped: 0, flaky: 0 }, at)).toMatch(
    /^## Contract run \(live, https:\/\/api\.example\): no promise broke\n\nTests: 8 passed, 0 failed, 0 flaky, 0 skipped\. Broken promises: none in 9 recorded responses \(live\)\.\n\n### Assumptions/,
  );
});
