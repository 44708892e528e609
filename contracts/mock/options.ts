// The options of one mock instance, and their defaults resolved in one place: tests, the CLI
// and the bench all start the same mock with different knobs.
import { type Clock, realClock } from '../lib/clock.ts';
import { checkConfig, DEFAULT_CONFIG_URL, loadConfigFile, type MockConfig } from './config/mock-config.ts';
import { TenantDirectory } from './config/tenant-directory.ts';
import type { FaultOptions } from './http/faults.ts';
import type { LatencyOptions } from './limits/latency.ts';
import { DEFAULT_RATE_LIMITS, type RateLimits, type WindowLimits } from './limits/rate-limiter.ts';

/** How to build a mock. Every field is optional; the defaults are what the contract suite expects. */
export interface MockOptions {
  /** A config file path, or the config itself. Default: contracts/mock/config/default.json. */
  config?: string | URL | MockConfig;
  /** false switches limits off (throughput runs); an object overrides the documented defaults. */
  rateLimit?: false | { answers?: Partial<WindowLimits>; other?: Partial<WindowLimits> };
  /** Latency of the answer-generating endpoints: fixed ms, or a p50/p95 distribution. Default 0. */
  latency?: LatencyOptions;
  /** Per-process faults: a fault rate and an upstream timeout. Default none. */
  faults?: FaultOptions;
  /** The time source; tests pass a fake one to drive the rate limiter. */
  clock?: Clock;
  /** Threads kept before the least recently used is forgotten. Default 10,000. */
  maxThreads?: number;
  /** Messages kept per thread (the newest). Default 500. */
  maxMessagesPerThread?: number;
  /** Seed of the latency distribution and the fault rate. Default 1. */
  seed?: number;
  /**
   * The storage origin that upload URLs name: its port (default 0, a free one, on the API's
   * address) and the origin URLs show when a proxy stands in front of it (default its own).
   */
  storage?: { port?: number; publicOrigin?: string };
  /** How long an uploaded file is PROCESSING before it is PROCESSED. Default 10 ms. */
  fileProcessingMs?: number;
  /** Told of unexpected failures (answered 500 api_error). Default: a line on standard error. */
  onInternalError?: (error: unknown, op?: string) => void;
}

/** The options with every default filled in and the config loaded. */
export interface ResolvedOptions {
  tenants: TenantDirectory;
  /** The limits in force, or false when switched off. */
  rateLimit: false | RateLimits;
  /** The limits a Prefer-injected 429 reports, also when limiting is off. */
  nominalLimits: RateLimits;
  latency: LatencyOptions;
  faults: FaultOptions;
  clock: Clock;
  maxThreads: number;
  maxMessagesPerThread: number;
  seed: number;
  storage: { port: number; publicOrigin?: string };
  fileProcessingMs: number;
  onInternalError: (error: unknown, op?: string) => void;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`Expected ${name} to be a whole number, 1 or more. Got ${value}.`);
  return value;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`Expected ${name} to be 0 or more. Got ${value}.`);
  return value;
}

function storagePort(value: number | undefined): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0 || value > 65_535)
    throw new RangeError(`Expected the storage port to be a whole number from 0 to 65535. Got ${value}.`);
  return value;
}

/** An origin such as http://127.0.0.1:4011, without a path. */
function publicOrigin(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || value.replace(/\/$/, '') !== url.origin)
    throw new RangeError(
      `Expected the storage's public origin as http(s)://host:port, without a path. Got "${value}".`,
    );
  return url.origin;
}

function merge(base: RateLimits, override: MockConfig['rateLimit']): RateLimits {
  return {
    answers: { ...base.answers, ...override?.answers },
    other: { ...base.other, ...override?.other },
  };
}

function defaultOnInternalError(error: unknown, op?: string): void {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`mock: unexpected failure${op ? ` in ${op}` : ''}, answered 500 api_error: ${text}\n`);
}

/** Loads the config and fills in the defaults; throws with a message that says what to fix. */
export function resolveOptions(options: MockOptions = {}): ResolvedOptions {
  const source = options.config ?? DEFAULT_CONFIG_URL;
  const config = typeof source === 'string' || source instanceof URL ? loadConfigFile(source) : checkConfig(source);
  const label = typeof source === 'string' ? source : source instanceof URL ? source.pathname : 'object';
  const nominalLimits = merge(merge(DEFAULT_RATE_LIMITS, config.rateLimit), options.rateLimit || undefined);
  return {
    tenants: new TenantDirectory(config, label),
    rateLimit: options.rateLimit === false ? false : nominalLimits,
    nominalLimits,
    latency: options.latency ?? 0,
    faults: options.faults ?? {},
    clock: options.clock ?? realClock,
    maxThreads: positiveInteger('maxThreads', options.maxThreads, 10_000),
    maxMessagesPerThread: positiveInteger('maxMessagesPerThread', options.maxMessagesPerThread, 500),
    seed: options.seed ?? 1,
    storage: {
      port: storagePort(options.storage?.port),
      ...(options.storage?.publicOrigin === undefined
        ? {}
        : { publicOrigin: publicOrigin(options.storage.publicOrigin) }),
    },
    fileProcessingMs: nonNegative('fileProcessingMs', options.fileProcessingMs, 10),
    onInternalError: options.onInternalError ?? defaultOnInternalError,
  };
}
