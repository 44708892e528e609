// The README is read in five minutes (issue 24): short, no line a reader must scroll, the sections a
// newcomer looks for, a way to every guide, and the figures it gives equal to what the code does.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import { runDeadlineMs } from '../../contracts/client/run-deadline.ts';
import { targetFromEnv } from '../../contracts/client/target.ts';
import { transportLimits } from '../../contracts/client/transport-limits.ts';
import { rateBudgets } from '../../contracts/generated/rate-budgets.js';
import { generatedSettings } from '../../contracts/stateful/settings.ts';
import { test } from '../support/base-test.ts';
import { headings, markdownFilesUnder, markdownLinks, proseLines } from './helpers/markdown.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = join(ROOT, 'README.md');
const readme = readFileSync(README, 'utf8');
/** The README's prose as one line, so that a figure may wrap. */
const prose = proseLines(readme)
  .map((l) => l.text)
  .join(' ')
  .replace(/\s+/g, ' ');

/** Fails naming the missing words, not printing the whole README. */
function expectSays(words: string): void {
  expect(prose.includes(words), `the README says "${words}"`).toBe(true);
}

/** The files a Markdown file links to, resolved (anchors dropped). */
function linkedFiles(file: string): Set<string> {
  return new Set(
    markdownLinks(readFileSync(file, 'utf8'))
      .map((link) => link.target.split('#')[0] ?? '')
      .filter((target) => target !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .map((target) => resolve(dirname(file), target)),
  );
}

test('the README is under 200 lines, and no line outside code is over 200 characters', () => {
  const lines = readme.replace(/\n$/, '').split('\n');
  expect(lines.length).toBeLessThan(200);
  const long = proseLines(readme).filter((l) => l.text.length > 200);
  expect(long.map((l) => `README.md:${l.line}: ${l.text.length} characters`)).toEqual([]);
});

// "Live mode" is also named by contracts/client/target.ts, which sends readers there.
test('the README has the sections a newcomer looks for', () => {
  const sections = headings(readme)
    .filter((h) => h.level === 2)
    .map((h) => h.text);
  for (const section of [
    'Quickstart',
    'What a run shows',
    'What red means',
    'Live mode',
    'Load (k6)',
    'CI',
    'Documentation',
  ])
    expect(sections, section).toContain(section);
});

test('the README leads to every guide and to the docs contents; that contents list leads to every page of docs/', () => {
  const fromReadme = linkedFiles(README);
  const guides = markdownFilesUnder(join(ROOT, 'docs', 'guides'));
  expect(guides.length).toBeGreaterThanOrEqual(9);
  for (const page of [join(ROOT, 'docs', 'README.md'), ...guides])
    expect(fromReadme.has(page), `README.md links ${relative(ROOT, page)}`).toBe(true);
  const contents = join(ROOT, 'docs', 'README.md');
  const fromContents = linkedFiles(contents);
  for (const page of markdownFilesUnder(join(ROOT, 'docs')).filter((p) => p !== contents))
    expect(fromContents.has(page), `docs/README.md links ${relative(ROOT, page)}`).toBe(true);
});

test('the README names no jargon a newcomer lacks', () => {
  for (const jargon of [/reading matrix/i, /pairwise covering/i, /open readings?/i, /\bbreaks\b/i])
    expect(prose.match(jargon)?.[0], `the README says ${jargon}`).toBeUndefined();
});

test("the README's live figures are the code's: pacing, the generated tests' budget, the deadlines", () => {
  const live = targetFromEnv({ BASE_URL: 'https://api.example.org/agents', API_KEY: 'k' });
  const pacing = live.pacing ?? { maxRps: 0, maxRpm: 0 };
  const { answers, other } = rateBudgets;
  const settings = generatedSettings({ FUZZ_SEED: '1' }, live);
  const deadline = runDeadlineMs({}, live, settings.testTimeoutMs) / 1_000;
  const row = (name: string) =>
    (
      readme
        .split('\n')
        .find((line) => line.startsWith(`| ${name} `))
        ?.split('|')[3] ?? ''
    ).trim();

  expect(row('`LIVE_MAX_RPS`, `LIVE_MAX_RPM`')).toBe(`${pacing.maxRps}, ${pacing.maxRpm} (80% of each window)`);
  expect(row('`LIVE_REQUEST_TIMEOUT_MS`')).toBe(String(transportLimits({}, true).headersTimeoutMs));
  expectSays(`documented as ${answers.perSecond} RPS / ${answers.perMinute} RPM a tenant`);
  expectSays(`paced at ${pacing.maxRps} a second and ${pacing.maxRpm} a minute`);
  const otherRps = (pacing.maxRps * other.perSecond) / answers.perSecond;
  const otherRpm = (pacing.maxRpm * other.perMinute) / answers.perMinute;
  expectSays(`other calls at ${otherRps} a second and ${otherRpm} a minute`);
  expectSays(
    `at most ${settings.maxRequests} requests, ${settings.maxRunCalls} run calls and ${settings.maxSeconds} s`,
  );
  expectSays(`the run stops after ${deadline} s, about ${Math.round(deadline / 60)} minutes`);
});

test('the quickstart gives the two commands, and the exit statuses are all there', () => {
  const quickstart = readme.split(/^## Quickstart$/m)[1]?.split(/^## /m)[0] ?? '';
  expect(quickstart).toContain('npm ci && npm run contract');
  expect(quickstart).toMatch(/^npm test\b/m);
  for (const status of ['**0**', '**1**', '**2**']) expectSays(status);
  expectSays('CONTRACT_STRICT=1');
});
