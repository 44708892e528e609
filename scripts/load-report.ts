// npm run load:report -- <k6 --out json file> [--out-dir reports/load] [--name rate-limit-report]
//                        [--per-second N] [--per-minute N] [--stats]   (default: the documented answers budget)
// Reads k6's NDJSON output as a stream and writes the rate-limit characterization (Markdown, HTML,
// SVG charts). --stats adds one JSON line with lines read, seconds taken and peak memory.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { rateBudgets } from '../contracts/generated/validators.js';
import { buildReport } from '../load/report/build-report.ts';
import { runWhenStarted } from './cli-entry.ts';

const USAGE =
  'Usage: npm run load:report -- <k6 --out json file (.json, .ndjson or .gz)> [--out-dir reports/load] ' +
  `[--name rate-limit-report] [--per-second ${rateBudgets.answers.perSecond}] [--per-minute ${rateBudgets.answers.perMinute}] [--stats]`;

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} must be a whole number above 0; got "${text}".`);
  return value;
}

/** Runs the command; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const started = process.hrtime.bigint();
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'out-dir': { type: 'string', default: 'reports/load' },
      name: { type: 'string', default: 'rate-limit-report' },
      // The documented answers budget (x-rate-limit-budgets), which the rate-limit script probes.
      'per-second': { type: 'string', default: String(rateBudgets.answers.perSecond) },
      'per-minute': { type: 'string', default: String(rateBudgets.answers.perMinute) },
      stats: { type: 'boolean', default: false },
    },
  });
  const input = positionals[0];
  if (input === undefined || positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  if (!existsSync(input)) {
    console.error(
      `${input} does not exist. Write it with: k6 run --out json=${input} load/rate-limit.ts (npm run load:rate-limit does).`,
    );
    return 2;
  }
  const { result, stats, files } = await buildReport({
    input,
    outDir: values['out-dir'],
    name: values.name,
    documented: {
      perSecond: positiveInteger('per-second', values['per-second']),
      perMinute: positiveInteger('per-minute', values['per-minute']),
    },
  });
  const { observed, documented, first429 } = result;
  console.log(
    `rate limit: ${observed.perSecond}/s and ${observed.perMinute}/min observed (documented ${documented.perSecond}/s, ${documented.perMinute}/min); ` +
      (first429 === null ? 'no 429.' : `first 429 at ${Math.round(first429.second * 100) / 100} s.`),
  );
  console.log(`wrote ${files.join(', ')}`);
  if (values.stats) {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      JSON.stringify({
        stats: {
          lines: stats.lines,
          points: stats.points,
          bytes: stats.bytes,
          seconds,
          maxRssKb: process.resourceUsage().maxRSS,
        },
      }),
    );
  }
  return 0;
}

runWhenStarted(import.meta.url, main);
