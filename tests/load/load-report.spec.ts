// npm run load:report on files in k6's --out json format: a hand-written sample with both envelope
// orders, gzip, null tags and spaced JSON; and simulated runs whose limits the report must recover.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { expect } from '@playwright/test';
import { TYPESCRIPT_NODE } from '../../contracts/lib/typescript-node.ts';
import { buildReport } from '../../load/report/build-report.ts';
import { reportCharts } from '../../load/report/charts.ts';
import { findings } from '../../load/report/findings.ts';
import { Histogram } from '../../load/report/histogram.ts';
import { createTimestampParser } from '../../load/report/ndjson-points.ts';
import type { FieldOrder, SyntheticRun } from '../../load/report/synthetic-run.ts';
import { syntheticK6Output } from '../../load/report/synthetic-run.ts';
import { main as loadReport } from '../../scripts/load-report.ts';
import { test } from '../support/base-test.ts';

const run = promisify(execFile);
const SAMPLE = join(import.meta.dirname, 'fixtures', 'k6-output-sample.ndjson');
const DOCUMENTED = { perSecond: 15, perMinute: 60 };

let dirs = 0;
function workdir(): string {
  dirs += 1;
  return test.info().outputPath(`work-${dirs}`);
}

function simulated(order: FieldOrder, limits: SyntheticRun['limits']): string {
  const dir = workdir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'run.ndjson');
  const lines = [
    ...syntheticK6Output({
      limits,
      order,
      phases: [
        { scenario: 'burst', from: 0, to: 1, rate: [0, 0], burst: 25 },
        { scenario: 'ramp', from: 5, to: 35, rate: [1, 30] },
        { scenario: 'sustained', from: 40, to: 190, rate: [1.5, 1.5] },
      ],
    }),
  ];
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

test.describe('load:report', () => {
  test('reads a k6 sample: both envelope orders, nanosecond times in any zone, spaced JSON, null tags', async () => {
    const { result, stats } = await buildReport({
      input: SAMPLE,
      outDir: workdir(),
      name: 'r',
      documented: DOCUMENTED,
    });
    expect(stats).toMatchObject({ lines: 17, points: 13 });
    expect(result.requests).toEqual({ answers: 4, other: 1 });
    expect(result.observed).toEqual({ perSecond: 2, perSecondAt: 0, perMinute: 2, perMinuteFrom: 0 });
    expect(result.first429).toEqual({
      second: 0.028,
      offeredThatSecond: 3,
      endpoint: 'createRunStream',
      scenario: 'budgets',
    });
    expect(result.retryAfter).toEqual({ present: { yes: 1, no: 1 }, honoured: { yes: 1, no: 0 } });
    expect(result.recoveryMs).toEqual([1003.5]);
    expect(result.budgets).toEqual({ sharedRefused: { yes: 1, no: 0 }, otherUnaffected: { yes: 1, no: 0 } });
    expect(result.burstAnswered).toBe(15);
    expect(result.droppedIterations).toBe(2);
    expect(result.startedAt).toBe('2025-01-15T09:00:00.000Z');
    expect(result.durationSeconds).toBeCloseTo(1.9, 6);
    // A request without the suite's tags is placed by its URL: chat/completions draws on the answer budget.
    expect(result.latency.map((row) => `${row.endpoint} ${row.status} ${row.count}`)).toEqual([
      'createRun 200 2',
      'createRunStream 429 1',
      'http://127.0.0.1:4010/v1/chat/completions 429 1',
    ]);
  });

  test('reads k6 gzip output (--out json=file.gz)', async () => {
    const dir = workdir();
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'sample.ndjson.gz');
    writeFileSync(path, gzipSync(readFileSync(SAMPLE)));
    const { result } = await buildReport({ input: path, outDir: workdir(), name: 'r', documented: DOCUMENTED });
    expect(result.requests).toEqual({ answers: 4, other: 1 });
  });

  for (const order of ['k6-v1', 'k6-v2'] as const) {
    test(`recovers the documented limits from a simulated ${order} run, and says they match`, async () => {
      const { result } = await buildReport({
        input: simulated(order, DOCUMENTED),
        outDir: workdir(),
        name: 'r',
        documented: DOCUMENTED,
      });
      expect(result.observed.perSecond).toBe(15);
      expect(result.observed.perSecondAt).toBe(0);
      expect(result.observed.perMinute).toBe(60);
      expect(result.first429).toMatchObject({ offeredThatSecond: 25, endpoint: 'createRun', scenario: 'burst' });
      expect(result.first429?.second).toBeLessThan(0.02);
    });
  }

  test('reports limits that differ from the docs', async () => {
    const dir = workdir();
    const { files } = await buildReport({
      input: simulated('k6-v2', { perSecond: 10, perMinute: 40 }),
      outDir: dir,
      name: 'r',
      documented: DOCUMENTED,
    });
    const markdown = readFileSync(join(dir, 'r.md'), 'utf8');
    expect(markdown).toContain('| per second | 15 | 10 | below the docs by 5 |');
    expect(markdown).toContain('| per minute | 60 | 40 | below the docs by 20 |');
    expect(files.map((file) => file.slice(dir.length + 1))).toEqual([
      'r.md',
      'r.html',
      'r-offered.svg',
      'r-share-by-rate.svg',
      'r-latency.svg',
    ]);
  });

  test('writes Markdown that links the SVG charts and HTML that inlines them', async () => {
    const dir = workdir();
    await buildReport({
      input: simulated('k6-v2', DOCUMENTED),
      outDir: dir,
      name: 'rate-limit-report',
      documented: DOCUMENTED,
    });
    const markdown = readFileSync(join(dir, 'rate-limit-report.md'), 'utf8');
    expect(markdown).toContain(
      '![Requests a second on the answer budget: answered and refused with 429](rate-limit-report-offered.svg)',
    );
    expect(markdown).toMatch(/\| createRun \| 200 \| \d+ \| 1\d\d \|/);
    expect(markdown).toContain('- First 429 at 0.');
    const html = readFileSync(join(dir, 'rate-limit-report.html'), 'utf8');
    expect((html.match(/<svg /g) ?? []).length).toBe(3);
    expect(html).toContain('<td>per minute</td><td>60</td><td>60</td><td>matches the docs</td>');
    const svg = readFileSync(join(dir, 'rate-limit-report-offered.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('documented 15 / s');
    expect(svg).toContain('<polyline');
  });

  test('charts a person reads first: page-wide, every series told apart, stacked bars, captions with figures, findings in sentences', async () => {
    const dir = workdir();
    const { result } = await buildReport({
      input: simulated('k6-v2', DOCUMENTED),
      outDir: dir,
      name: 'r',
      documented: DOCUMENTED,
    });
    const charts = reportCharts(result);
    for (const chart of charts) {
      // The caption says what the title does not: figures of this run.
      expect(chart.caption).not.toContain(chart.title);
      expect(chart.caption).toMatch(/\d/);
      // Each series has a legend entry drawn as the series is (a bar, a dot, a solid or dashed line),
      // and no two entries look alike, so no series can pass for another.
      const legend = [
        ...chart.svg.matchAll(/^(<(?:rect|circle|line) [^\n]*\/>)\n<text x="[\d.]+" y="34">([^<]+)<\/text>$/gm),
      ];
      expect(legend.length, chart.name).toBeGreaterThan(0);
      const looks = legend.map((m) => (m[1] ?? '').replace(/ (?:x|x1|x2|cx|width)="[\d.]+"/g, ''));
      expect(new Set(looks).size, chart.name).toBe(legend.length);
      expect(chart.svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+" width="100%"/);
    }
    const [offered, byRate, latency] = charts;
    // Answered and refused stack per second: every second with an answer has a green bar and every
    // second with a 429 a red one on top of it, not over it, even at the sustained 1.5 a second,
    // where a line of the offered rate hid the line of the answered one. The bars are drawn after
    // the legend, which has a sample bar of each colour.
    const drawnBars = [
      ...(offered?.svg.slice(offered.svg.lastIndexOf('y="34">')) ?? '').matchAll(
        /<rect x="([\d.]+)" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="(#[0-9a-f]{6})"\/>/g,
      ),
    ].map(([, x, y, height, color]) => ({ x, top: Number(y), bottom: Number(y) + Number(height), color }));
    const count = (color: string) => drawnBars.filter((bar) => bar.color === color).length;
    expect(count('#2ca02c')).toBe(result.timeline.filter((row) => row.answered > 0).length);
    expect(count('#d62728')).toBe(result.timeline.filter((row) => row.refused > 0).length);
    for (const bar of drawnBars) {
      const overlapping = drawnBars.filter(
        (o) => o !== bar && o.x === bar.x && o.top < bar.bottom - 0.2 && bar.top < o.bottom - 0.2,
      );
      expect(overlapping, `bars at x=${bar.x}`).toEqual([]);
    }
    expect(
      result.timeline.filter((row) => row.second > 60 && row.answered > 0 && row.answered <= 2).length,
    ).toBeGreaterThan(10);
    expect(offered?.caption).toMatch(
      /^\d+ answered, \d+ refused with 429 in \d+ s\. At most 15 answered in one second \(documented 15\); the first 429 came at /,
    );
    expect(byRate?.svg).toContain('stroke-dasharray="6 4"');
    expect(byRate?.svg).toContain('documented 15 / s</text>');
    expect(byRate?.caption).toMatch(
      /^[\d.]+% refused in the \d+ seconds with at most 15 requests offered; [\d.]+% refused in the \d+ seconds with more\./,
    );
    // Seconds alike are one dot, drawn larger the more seconds it stands for.
    const radii = [...(byRate?.svg.matchAll(/<circle cx="[\d.]+" cy="[\d.]+" r="([\d.]+)"/g) ?? [])].map((m) =>
      Number(m[1]),
    );
    expect(radii.length).toBeLessThan(result.timeline.filter((row) => row.offered > 0).length);
    expect(Math.max(...radii)).toBeGreaterThan(Math.min(...radii));
    expect(latency?.svg).toMatch(/stroke="#1f77b4" stroke-width="2"\/>/);
    expect(latency?.svg).toMatch(/stroke="#ff7f0e" stroke-width="2" stroke-dasharray/);
    expect(latency?.caption).toMatch(
      /^Answers took [\d.]+ ms at the median and [\d.]+ ms at p95 \(createRun, \d+ answers\); 429s came back in [\d.]+ ms at the median\.$/,
    );
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('max-width: 1200px');
    expect(html).toContain('figure svg { display: block; width: 100%; height: auto; }');
    for (const chart of charts) expect(html).toContain(`<figcaption>${chart.caption}</figcaption>`);
    // A finding with nothing to count says so in a sentence of its own.
    const sentences = findings({
      ...result,
      budgets: { sharedRefused: { yes: 0, no: 0 }, otherUnaffected: { yes: 0, no: 0 } },
    });
    expect(sentences).toContain(
      'Run, run/stream and chat completions refused together, as one budget: not tested, no budget probe was recorded.',
    );
    expect(sentences.join(' ')).not.toMatch(/together no|: no budget probes/);
  });

  test('the CLI writes the report and prints the finding; a missing file is refused with the k6 command', async () => {
    const dir = workdir();
    const { stdout } = await run(process.execPath, [
      ...TYPESCRIPT_NODE,
      'scripts/load-report.ts',
      SAMPLE,
      '--out-dir',
      dir,
      '--name',
      'x',
    ]);
    expect(stdout).toContain('rate limit: 2/s and 2/min observed (documented 15/s, 60/min); first 429 at 0.03 s.');
    expect(existsSync(join(dir, 'x.html'))).toBe(true);
    const errors: string[] = [];
    const real = console.error;
    console.error = (...parts: unknown[]) => void errors.push(parts.map(String).join(' '));
    try {
      expect(await loadReport([join(dir, 'nope.ndjson')])).toBe(2);
      expect(await loadReport([])).toBe(2);
    } finally {
      console.error = real;
    }
    expect(errors[0]).toBe(
      `load:report: ${join(dir, 'nope.ndjson')} does not exist. Write it with: k6 run --out json=${join(dir, 'nope.ndjson')} load/rate-limit.ts (npm run load:rate-limit does).\nRun \`npm run load:report -- --help\` for usage.`,
    );
    expect(errors[1]).toMatch(/^load:report: expected the k6 output file, such as reports\/load\/rate-limit\.ndjson/);
  });

  test('a line that is not JSON is refused with its number', async () => {
    const dir = workdir();
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'bad.ndjson');
    writeFileSync(path, `${readFileSync(SAMPLE, 'utf8')}not json\n`);
    await expect(buildReport({ input: path, outDir: workdir(), name: 'r', documented: DOCUMENTED })).rejects.toThrow(
      "Line 18 is not JSON; expected k6's --out json output (one JSON object a line).",
    );
  });

  test('timestamps keep their sub-millisecond part and their zone', () => {
    const parse = createTimestampParser();
    expect(parse('2025-01-15T10:00:00.123456789+01:00')).toBeCloseTo(Date.UTC(2025, 0, 15, 9, 0, 0) + 123.456789, 6);
    expect(parse('2025-01-15T09:00:00Z')).toBe(Date.UTC(2025, 0, 15, 9, 0, 0));
    expect(parse('2025-01-15T09:00:01.5Z')).toBe(Date.UTC(2025, 0, 15, 9, 0, 1) + 500);
    expect(() => parse('yesterday at noon')).toThrow('"yesterday at noon" is not an RFC 3339 time as k6 writes it.');
  });

  test('percentiles stay within 1% of the exact ones', () => {
    const histogram = new Histogram();
    const values = Array.from({ length: 10_000 }, (_, index) => 1 + ((index * 7919) % 10_000) / 10);
    for (const value of values) histogram.add(value);
    const sorted = [...values].sort((a, b) => a - b);
    for (const p of [50, 90, 95, 99]) {
      const exact = sorted[Math.ceil((p / 100) * sorted.length) - 1] ?? 0;
      expect(Math.abs(histogram.percentile(p) - exact) / exact).toBeLessThan(0.01);
    }
    expect(histogram.max).toBe(1000.9);
  });
});
