// The deadlines and size caps of every request the suite sends (docs/decisions/0060): a broken or
// hostile API can neither hang a run nor fill its memory. Read once from the environment.
import { positiveInteger, TargetConfigError } from './env-settings.ts';

/** Deadlines (from the moment a request is sent) and caps (decoded bytes) of one exchange. */
export interface TransportLimits {
  /** Until the response headers arrive (LIVE_REQUEST_TIMEOUT_MS). */
  headersTimeoutMs: number;
  /** Until the whole body has arrived, so that a drip ends too (LIVE_BODY_TIMEOUT_MS). */
  bodyTimeoutMs: number;
  /** A body that is not NDJSON (MAX_RESPONSE_BYTES). */
  maxBodyBytes: number;
  /** One NDJSON line (MAX_NDJSON_LINE_BYTES). */
  maxLineBytes: number;
  /** A whole NDJSON stream (MAX_STREAM_BYTES). */
  maxStreamBytes: number;
}

const MiB = 1024 * 1024;

/**
 * The defaults. A body: 16 MiB holds the largest documented answer, a listing of 100 messages of
 * 30,000 characters (9 MB at 3 bytes a character), with room. A line carries one chunk of an
 * answer: 1 MiB. A stream: an answer of 30,000 characters in chunks of a few characters is about
 * 2 MB of lines; 16 MiB leaves room. A live model may think for a minute before the headers.
 */
export const LIMIT_DEFAULTS = {
  live: { headersTimeoutMs: 60_000, bodyTimeoutMs: 120_000 },
  mock: { headersTimeoutMs: 15_000, bodyTimeoutMs: 30_000 },
  maxBodyBytes: 16 * MiB,
  maxLineBytes: 1 * MiB,
  maxStreamBytes: 16 * MiB,
} as const;

/** The environment variable behind each limit, for messages that say how to change it. */
export const LIMIT_SETTINGS: Record<keyof TransportLimits, string> = {
  headersTimeoutMs: 'LIVE_REQUEST_TIMEOUT_MS',
  bodyTimeoutMs: 'LIVE_BODY_TIMEOUT_MS',
  maxBodyBytes: 'MAX_RESPONSE_BYTES',
  maxLineBytes: 'MAX_NDJSON_LINE_BYTES',
  maxStreamBytes: 'MAX_STREAM_BYTES',
};

/**
 * Reads the limits. The body deadline counts from the same moment as the headers deadline, so it is
 * never shorter: when only one of the two is set, the other follows it; both set the other way round
 * is a mistake.
 */
export function transportLimits(env: NodeJS.ProcessEnv, live: boolean): TransportLimits {
  const times = live ? LIMIT_DEFAULTS.live : LIMIT_DEFAULTS.mock;
  const read = (key: keyof TransportLimits, fallback: number) => positiveInteger(env, LIMIT_SETTINGS[key], fallback);
  const set = (key: keyof TransportLimits) => (env[LIMIT_SETTINGS[key]] ?? '') !== '';
  let headersTimeoutMs = read('headersTimeoutMs', times.headersTimeoutMs);
  let bodyTimeoutMs = read('bodyTimeoutMs', times.bodyTimeoutMs);
  if (bodyTimeoutMs < headersTimeoutMs) {
    if (set('headersTimeoutMs') && set('bodyTimeoutMs'))
      throw new TargetConfigError(
        `Expected LIVE_BODY_TIMEOUT_MS (${bodyTimeoutMs}), the time to the whole answer, to be at least LIVE_REQUEST_TIMEOUT_MS (${headersTimeoutMs}), the time to its headers. Raise LIVE_BODY_TIMEOUT_MS or lower LIVE_REQUEST_TIMEOUT_MS.`,
      );
    if (set('bodyTimeoutMs')) headersTimeoutMs = bodyTimeoutMs;
    else bodyTimeoutMs = headersTimeoutMs;
  }
  return {
    headersTimeoutMs,
    bodyTimeoutMs,
    maxBodyBytes: read('maxBodyBytes', LIMIT_DEFAULTS.maxBodyBytes),
    maxLineBytes: read('maxLineBytes', LIMIT_DEFAULTS.maxLineBytes),
    maxStreamBytes: read('maxStreamBytes', LIMIT_DEFAULTS.maxStreamBytes),
  };
}
