// npm run load:report -- <k6 --out json file> [flags]   (npm run load:report -- --help)
// Reads k6's NDJSON output as a stream and writes the rate-limit characterization (Markdown, HTML,
// SVG charts). --stats adds one JSON line with lines read, seconds taken and peak memory.
import { existsSync } from 'node:fs';
import { rateBudgets } from '../contracts/generated/rate-budgets.js';
import { runWhenStarted } from '../contracts/lib/cli-entry.ts';
import { readCommandLine, UsageError } from '../contracts/lib/command-line.ts';
import { LOAD_DEFAULTS } from '../load/lib/config.ts';
import { buildReport } from '../load/report/build-report.ts';

/** The flags and their defaults; the rates are the documented answers budget (x-rate-limit-budgets), which the rate-limit script probes. */
const DEFAULTS = {
  'out-dir': LOAD_DEFAULTS.reportDir,
  name: 'rate-limit-report',
  'per-second': String(rateBudgets.answers.perSecond),
  'per-minute': String(rateBudgets.answers.perMinute),
};

const HELP = `npm run load:report -- <k6 output> [flags]

Reads the file k6 wrote with --out json (.json, .ndjson or .gz; npm run load:rate-limit writes
${LOAD_DEFAULTS.reportDir}/rate-limit.ndjson) and writes the rate-limit characterization: <name>.md, <name>.html and
one SVG per chart.

  --out-dir DIR      where the report goes (default: ${DEFAULTS['out-dir']})
  --name NAME        the report's file name (default: ${DEFAULTS.name})
  --per-second N     the documented limit per second to compare with (default: ${DEFAULTS['per-second']})
  --per-minute N     the documented limit per minute to compare with (default: ${DEFAULTS['per-minute']})
  --stats            also print one JSON line: lines read, seconds taken, peak memory
  --help             this help
Exit status: 0 written; 2 on a usage mistake or a missing file.`;

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0)
    throw new UsageError(`Expected --${name} to be a whole number above 0. Got "${text}".`);
  return value;
}

function usageFailure(message: string): number {
  console.error(`load:report: ${message}\nRun \`npm run load:report -- --help\` for usage.`);
  return 2;
}

/** Runs the command; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const started = process.hrtime.bigint();
  let request: Parameters<typeof buildReport>[0];
  let printStats: boolean;
  try {
    const { values, positionals, help } = readCommandLine(
      argv,
      {
        'out-dir': { type: 'string' },
        name: { type: 'string' },
        'per-second': { type: 'string' },
        'per-minute': { type: 'string' },
        stats: { type: 'boolean' },
      },
      { positionals: 1, positionalName: 'k6 output file' },
    );
    if (help) {
      console.log(HELP);
      return 0;
    }
    const input = positionals[0];
    if (input === undefined)
      throw new UsageError(
        `expected the k6 output file, such as ${LOAD_DEFAULTS.reportDir}/rate-limit.ndjson (npm run load:rate-limit writes it).`,
      );
    if (!existsSync(input))
      throw new UsageError(
        `${input} does not exist. Write it with: k6 run --out json=${input} load/rate-limit.ts (npm run load:rate-limit does).`,
      );
    request = {
      input,
      outDir: values['out-dir'] ?? DEFAULTS['out-dir'],
      name: values.name ?? DEFAULTS.name,
      documented: {
        perSecond: positiveInteger('per-second', values['per-second'] ?? DEFAULTS['per-second']),
        perMinute: positiveInteger('per-minute', values['per-minute'] ?? DEFAULTS['per-minute']),
      },
    };
    printStats = values.stats === true;
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error.message);
    throw error;
  }
  const { result, stats, files } = await buildReport(request);
  const { observed, documented, first429 } = result;
  console.log(
    `rate limit: ${observed.perSecond}/s and ${observed.perMinute}/min observed (documented ${documented.perSecond}/s, ${documented.perMinute}/min); ` +
      (first429 === null ? 'no 429.' : `first 429 at ${Math.round(first429.second * 100) / 100} s.`),
  );
  console.log(`wrote ${files.join(', ')}`);
  if (printStats) {
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
