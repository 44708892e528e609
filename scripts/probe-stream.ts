// npm run probe:stream -- [flags]   (npm run probe:stream -- --help)
// Streams run/stream answers at a paced, bounded rate and times each NDJSON line as it arrives,
// which k6 cannot (it buffers the body), with the load scripts' settings. Writes <name>.txt,
// <name>.json and <name>.svg.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TargetConfigError } from '../contracts/client/env-settings.ts';
import { TransportError } from '../contracts/client/transport.ts';
import { LIMIT_SETTINGS } from '../contracts/client/transport-limits.ts';
import { runWhenStarted } from '../contracts/lib/cli-entry.ts';
import { type CommandLine, readCommandLine, UsageError } from '../contracts/lib/command-line.ts';
import { LOAD_DEFAULTS } from '../load/lib/config.ts';
import { ConfigError } from '../load/lib/env.ts';
import { ProbeStopped, probeConfig, runProbe } from '../load/probe/stream-probe.ts';
import { probeChart, summarize, textSummary } from '../load/probe/stream-summary.ts';

const FLAGS = {
  count: { type: 'string' },
  'per-minute': { type: 'string' },
  'max-seconds': { type: 'string' },
  'out-dir': { type: 'string' },
  name: { type: 'string' },
} as const;

/** The flags' defaults: 10 streams at 10 a minute fit well inside the answers budget. */
const DEFAULTS = { count: '10', 'per-minute': '10', 'max-seconds': '120', name: 'stream-probe' };

function help(): string {
  return `npm run probe:stream -- [flags]

Streams run/stream answers at a paced, bounded rate and times each NDJSON line as it arrives (k6
buffers the body, so it cannot). Target and key as for the load scripts: BASE_URL (default
${LOAD_DEFAULTS.baseUrl}, npm run mock), API_KEY, LOAD_CONFIRM_TARGET for a target that is not loopback,
ASSISTANT_ID, RUN_META_DATA, CONTRACT_STRICT, and the deadlines and caps of every request
(${Object.values(LIMIT_SETTINGS).join(', ')}: docs/limits.md).

  --count N          streams to open (default: ${DEFAULTS.count})
  --per-minute N     streams started per minute (default: ${DEFAULTS['per-minute']})
  --max-seconds N    the probe stops after this long (default: ${DEFAULTS['max-seconds']})
  --out-dir DIR      where <name>.txt, .json and .svg go (default: REPORT_DIR, else ${LOAD_DEFAULTS.reportDir})
  --name NAME        the files' name (default: ${DEFAULTS.name})
  --help             this help
Exit status: 0 every stream answered 200 and kept the contract; 1 one did not, or the probe stopped;
2 on a usage or settings mistake, or when the target cannot be reached.`;
}

function number(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`Expected --${name} to be a number. Got "${text}".`);
  return value;
}

function usageFailure(message: string): number {
  console.error(`probe:stream: ${message}\nRun \`npm run probe:stream -- --help\` for usage.`);
  return 2;
}

/** Runs the command; resolves to the exit code (1 when a stream broke the contract or failed). */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values: CommandLine<typeof FLAGS>['values'];
  let plan: { count: number; perMinute: number; maxSeconds: number };
  try {
    const line = readCommandLine(argv, FLAGS);
    if (line.help) {
      console.log(help());
      return 0;
    }
    values = line.values;
    plan = {
      count: number('count', values.count ?? DEFAULTS.count),
      perMinute: number('per-minute', values['per-minute'] ?? DEFAULTS['per-minute']),
      maxSeconds: number('max-seconds', values['max-seconds'] ?? DEFAULTS['max-seconds']),
    };
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error.message);
    throw error;
  }
  const outDir = values['out-dir'] ?? env.REPORT_DIR ?? LOAD_DEFAULTS.reportDir;
  const name = values.name ?? DEFAULTS.name;
  try {
    const config = probeConfig(env);
    const run = await runProbe(config, plan, (line) => console.error(line));
    const summary = summarize(run);
    const text = textSummary(summary);
    mkdirSync(outDir, { recursive: true });
    const base = join(outDir, name);
    writeFileSync(`${base}.txt`, text);
    writeFileSync(`${base}.json`, `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(`${base}.svg`, `${probeChart(summary)}\n`);
    console.log(text.trimEnd());
    console.log(`wrote ${base}.txt, ${base}.json, ${base}.svg`);
    const clean = summary.violations.length === 0 && summary.streams > 0 && summary.statuses['200'] === summary.streams;
    return clean ? 0 : 1;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof TargetConfigError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof TransportError && error.failure === 'no-response' && /ECONNREFUSED/.test(error.message)) {
      console.error(
        `Cannot reach ${env.BASE_URL ?? LOAD_DEFAULTS.baseUrl}: start the mock (npm run mock) or set BASE_URL.`,
      );
      return 2;
    }
    // The target answered in a way no measurement can use (a deadline, a cap, an absurd Retry-After).
    if (error instanceof TransportError || error instanceof ProbeStopped) {
      console.error(`The probe stopped: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

runWhenStarted(import.meta.url, main);
