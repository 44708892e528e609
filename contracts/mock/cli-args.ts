// The mock's command line (read as every command's, contracts/lib/command-line.ts), turned into MockOptions plus where to listen.
// A bad flag is a CliUsageError whose message says what was expected and what to do.

import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CommandLine, readCommandLine, UsageError } from '../lib/command-line.ts';
import { DEFAULT_CONFIG_URL } from './config/mock-config.ts';
import { DEFAULT_RATE_LIMITS } from './limits/rate-limiter.ts';
import { type MockOptions, resolveOptions } from './options.ts';

/** A mistake on the command line; the CLI prints it and exits 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/** What the command line asks for. */
export interface CliSettings {
  help: boolean;
  host: string;
  port: number;
  quiet: boolean;
  options: MockOptions;
}

/** Where the mock listens unless told otherwise (--host, --port or MOCK_PORT). */
export const DEFAULT_LISTEN = { host: '127.0.0.1', port: 4010 } as const;

/** The help text; every default in it is the one resolveOptions and readCli use. */
export function usage(): string {
  const defaults = resolveOptions();
  const { answers, other } = DEFAULT_RATE_LIMITS;
  return `Usage: npm run mock -- [flags]    (or: agents-api-suite mock [flags])

Starts the mock agents API and prints its URL, keys and assistants. Stop it with Ctrl+C.

  --port N              port to listen on (default: MOCK_PORT or ${DEFAULT_LISTEN.port}; 0 picks a free one)
  --host HOST           address to listen on (default: ${DEFAULT_LISTEN.host})
  --config FILE         tenants and rate limits as JSON (default: ${relative(process.cwd(), fileURLToPath(DEFAULT_CONFIG_URL))})
  --no-rate-limit       switch the rate limits off (default on: run, run/stream and chat completions
                        ${answers.perSecond}/s and ${answers.perMinute}/min per tenant, other calls ${other.perSecond}/s and ${other.perMinute}/min)
  --latency-ms N        fixed latency of the answer-generating endpoints, in ms (default: ${defaults.latency})
  --latency-p50 N       median latency in ms; with --latency-p95, a log-normal distribution
  --latency-p95 N       95th percentile latency in ms
  --seed N              seed of the latency distribution and the fault rate (default: ${defaults.seed})
  --fault-rate R        share (0..1) of answer-generating calls answered with a documented 5xx (default: none)
  --timeout-ms N        answer api_timeout_error after N ms when the drawn latency is longer
  --max-threads N       threads kept before the least recently used is forgotten (default: ${defaults.maxThreads})
  --quiet               print only the URL line
  --help                print this help

Per request, a Prefer header injects a documented error: Prefer: code=503, Prefer: error=api_timeout_error.`;
}

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  config: { type: 'string' },
  'no-rate-limit': { type: 'boolean' },
  'latency-ms': { type: 'string' },
  'latency-p50': { type: 'string' },
  'latency-p95': { type: 'string' },
  seed: { type: 'string' },
  'fault-rate': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'max-threads': { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

function whole(name: string, raw: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new CliUsageError(`Expected ${name} to be a whole number from ${min} to ${max}. Got "${raw}".`);
  }
  return value;
}

function share(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1)
    throw new CliUsageError(`Expected ${name} to be a number from 0 to 1. Got "${raw}".`);
  return value;
}

/** Reads argv (without node and the script) and the environment. */
export function readCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliSettings {
  let values: CommandLine<typeof FLAGS>['values'];
  let help: boolean;
  try {
    ({ values, help } = readCommandLine(argv, FLAGS));
  } catch (error) {
    if (error instanceof UsageError) throw new CliUsageError(error.message);
    throw error;
  }
  const port =
    values.port !== undefined
      ? whole('--port', values.port, 0, 65535)
      : whole('MOCK_PORT', env.MOCK_PORT || undefined, 0, 65535);
  const options: MockOptions = {};
  if (values.config !== undefined) options.config = values.config;
  if (values['no-rate-limit']) options.rateLimit = false;
  const fixed = whole('--latency-ms', values['latency-ms'], 0);
  const p50 = whole('--latency-p50', values['latency-p50'], 1);
  const p95 = whole('--latency-p95', values['latency-p95'], 1);
  if (fixed !== undefined && (p50 !== undefined || p95 !== undefined))
    throw new CliUsageError(
      'Expected either --latency-ms or --latency-p50 with --latency-p95. Got both; pass one of them.',
    );
  if ((p50 === undefined) !== (p95 === undefined))
    throw new CliUsageError(
      'Expected --latency-p50 and --latency-p95 together. Got only one; pass both, for example --latency-p50 800 --latency-p95 2500.',
    );
  if (p50 !== undefined && p95 !== undefined) {
    if (p95 < p50)
      throw new CliUsageError(`Expected --latency-p95 to be at least --latency-p50. Got p50 ${p50}, p95 ${p95}.`);
    options.latency = { p50Ms: p50, p95Ms: p95 };
  } else if (fixed !== undefined) options.latency = fixed;
  const seed = whole('--seed', values.seed, 0, 2 ** 32 - 1);
  if (seed !== undefined) options.seed = seed;
  const rate = share('--fault-rate', values['fault-rate']);
  const timeoutMs = whole('--timeout-ms', values['timeout-ms'], 1);
  if (rate !== undefined || timeoutMs !== undefined)
    options.faults = { ...(rate !== undefined ? { rate } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
  const maxThreads = whole('--max-threads', values['max-threads'], 1);
  if (maxThreads !== undefined) options.maxThreads = maxThreads;
  return {
    help,
    host: values.host ?? DEFAULT_LISTEN.host,
    port: port ?? DEFAULT_LISTEN.port,
    quiet: values.quiet === true,
    options,
  };
}
