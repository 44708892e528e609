// Every relative link of the README and docs/ resolves, anchors included, and every guide opens with
// a contents list of its own sections: a page that moves or a heading that is renamed fails here,
// not in a reader's browser.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import {
  brokenLinks,
  githubSlug,
  headingAnchors,
  headings,
  markdownFilesUnder,
  markdownLinks,
} from './helpers/markdown.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOCS = [join(ROOT, 'README.md'), ...markdownFilesUnder(join(ROOT, 'docs'))];

const SLUGS: Array<[string, { given: string; want: string }]> = [
  ['words and case', { given: 'What red means', want: 'what-red-means' }],
  [
    'punctuation dropped',
    {
      given: 'Live budgets: the run always ends, reports and cleans up',
      want: 'live-budgets-the-run-always-ends-reports-and-cleans-up',
    },
  ],
  ['parentheses', { given: 'Load (k6)', want: 'load-k6' }],
  ['code spans keep their text', { given: 'What else `npm test` runs', want: 'what-else-npm-test-runs' }],
  ['underscores in names stay', { given: '`tool_call_id` rules', want: 'tool_call_id-rules' }],
  ['emphasis dropped', { given: 'The _ledger_ and **drift**', want: 'the-ledger-and-drift' }],
  ['a link keeps its text', { given: 'See [the mock](the-mock.md)', want: 'see-the-mock' }],
  ['hyphens and digits stay', { given: '0001: Layout - again', want: '0001-layout---again' }],
];

for (const [name, { given, want }] of SLUGS) {
  test(`a heading's anchor is GitHub's: ${name}`, () => {
    expect(githubSlug(given)).toBe(want);
  });
}

test('a repeated heading gives numbered anchors, as on GitHub', () => {
  expect([...headingAnchors('# A\n## Notes\n## Notes\n## Notes\n')]).toEqual(['a', 'notes', 'notes-1', 'notes-2']);
});

test('links and headings in fenced code or code spans are not links or headings', () => {
  const markdown = [
    '[real](a.md) and `[code](b.md)`',
    '```',
    '[fenced](c.md)',
    '# not a heading',
    '```',
    '~~~sh',
    '[tilde](d.md)',
    '~~~',
    '![image](e.png "title") [angle](<f g.md>)',
    '## Heading',
  ].join('\n');
  expect(markdownLinks(markdown)).toEqual([
    { line: 1, target: 'a.md' },
    { line: 9, target: 'e.png' },
    { line: 9, target: 'f g.md' },
  ]);
  expect(headings(markdown)).toEqual([{ level: 2, text: 'Heading' }]);
});

test('the link check finds a missing file, a missing anchor and a root path, and passes the rest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'doc-links-'));
  try {
    mkdirSync(join(dir, 'guides'));
    writeFileSync(join(dir, 'guides', 'other.md'), '# Other\n\n## Known part\n');
    writeFileSync(join(dir, 'data.txt'), 'text\n');
    writeFileSync(
      join(dir, 'page.md'),
      [
        '# Page',
        '[ok](guides/other.md) [ok](guides/other.md#known-part) [ok](#page) [ok](guides/) [ok](data.txt)',
        '[ok](https://example.org/missing.md) [ok](mailto:someone@example.org)',
        '[gone](guides/missing.md)',
        '[no anchor](guides/other.md#unknown-part) [no anchor](#nowhere)',
        '[root](/docs/page.md) [anchor into text](data.txt#top)',
      ].join('\n'),
    );
    expect(brokenLinks(join(dir, 'page.md'), dir)).toEqual([
      'page.md:4: guides/missing.md: no such file or folder',
      'page.md:5: guides/other.md#unknown-part: no heading of guides/other.md gives #unknown-part',
      'page.md:5: #nowhere: no heading of page.md gives #nowhere',
      'page.md:6: /docs/page.md: a path from the site root; write it relative',
      'page.md:6: data.txt#top: an anchor into something that is not a Markdown file',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every relative link in README.md and docs/ resolves, to a file and to a heading', () => {
  expect(DOCS.length).toBeGreaterThan(10);
  const links = DOCS.flatMap((file) => markdownLinks(readFileSync(file, 'utf8')));
  expect(links.length, 'links found at all').toBeGreaterThan(50);
  expect(DOCS.flatMap((file) => brokenLinks(file, ROOT))).toEqual([]);
});

test('docs/README.md and every guide open with a contents list of their own sections, in order', () => {
  const pages = [join(ROOT, 'docs', 'README.md'), ...markdownFilesUnder(join(ROOT, 'docs', 'guides'))];
  expect(pages.length).toBeGreaterThanOrEqual(10);
  for (const page of pages) {
    const markdown = readFileSync(page, 'utf8');
    const sections = headings(markdown).filter((h) => h.level === 2);
    const name = relative(ROOT, page);
    expect(sections[0]?.text, `${name}: its first section`).toBe('Contents');
    const contents = markdown.split(/^## Contents$/m)[1]?.split(/^## /m)[0] ?? '';
    const listed = markdownLinks(contents).map((link) => link.target);
    expect(listed, `${name}: the contents list`).toEqual(sections.slice(1).map((h) => `#${githubSlug(h.text)}`));
  }
});
