// npm run probe:stream -- [--count 10] [--per-minute 10] [--max-seconds 120] [--out-dir reports/load]
//                        [--name stream-probe]
// Streams run/stream answers at a paced, bounded rate and times each NDJSON line as it arrives,
// which k6 cannot (it buffers the body). Settings as for the load scripts: BASE_URL (default the
// mock on 127.0.0.1:4010), API_KEY, LOAD_CONFIRM_TARGET for any target that is not loopback,
// ASSISTANT_ID, RUN_META_DATA, CONTRACT_STRICT, and the deadlines and caps of every request
// (LIVE_REQUEST_TIMEOUT_MS, LIVE_BODY_TIMEOUT_MS, MAX_*_BYTES: docs/limits.md). Writes <name>.txt,
// <name>.json and <name>.svg.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { TargetConfigError } from '../contracts/client/env-settings.ts';
import { TransportError } from '../contracts/client/transport.ts';
import { ConfigError } from '../load/lib/env.ts';
import { ProbeStopped, probeConfig, runProbe } from '../load/probe/stream-probe.ts';
import { probeChart, summarize, textSummary } from '../load/probe/stream-summary.ts';
import { runWhenStarted } from './cli-entry.ts';

const USAGE =
  'Usage: npm run probe:stream -- [--count 10] [--per-minute 10] [--max-seconds 120] [--out-dir reports/load] [--name stream-probe]';

function number(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new ConfigError(`--${name} must be a number; got "${text}". ${USAGE}`);
  return value;
}

/** Runs the command; resolves to the exit code (1 when a stream broke the contract or failed). */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parse = () =>
    parseArgs({
      args: argv,
      options: {
        count: { type: 'string', default: '10' },
        'per-minute': { type: 'string', default: '10' },
        'max-seconds': { type: 'string', default: '120' },
        'out-dir': { type: 'string', default: env.REPORT_DIR ?? 'reports/load' },
        name: { type: 'string', default: 'stream-probe' },
      },
    });
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse());
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    const config = probeConfig(env);
    const plan = {
      count: number('count', values.count),
      perMinute: number('per-minute', values['per-minute']),
      maxSeconds: number('max-seconds', values['max-seconds']),
    };
    const run = await runProbe(config, plan, (line) => console.error(line));
    const summary = summarize(run);
    const text = textSummary(summary);
    mkdirSync(values['out-dir'], { recursive: true });
    const base = join(values['out-dir'], values.name);
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
        `Cannot reach ${env.BASE_URL ?? 'http://127.0.0.1:4010'}: start the mock (npm run mock) or set BASE_URL.`,
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
