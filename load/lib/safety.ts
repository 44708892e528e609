// Guards that keep a load test from hurting anyone: a non-loopback target must be named on purpose,
// and rates, durations and VUs have hard caps that no setting can lift.
import { ConfigError } from './env.ts';

/** Hard limits for every script. The documented budget is 15 RPS / 60 RPM; these leave room above it. */
export const CAPS = {
  /** Offered requests per second in any scenario. */
  ratePerSecond: 50,
  /** Length of one scenario, in seconds. */
  scenarioSeconds: 600,
  /** Length of a whole test, in seconds. */
  testSeconds: 1200,
  /** VUs of one scenario. */
  vus: 50,
} as const;

/** Where the requests go. */
export interface Target {
  baseUrl: string;
  host: string;
  loopback: boolean;
}

// k6 has no WHATWG URL, so the base URL is read with a pattern that also accepts [::1].
const URL_PATTERN = /^(https?):\/\/(\[[0-9a-fA-F:.]+\]|[^/:?#\s]+)(?::(\d{1,5}))?(\/[^?#\s]*)?$/;

/** True for localhost, 127.0.0.0/8 and ::1. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** Parses BASE_URL; the trailing slash is dropped so that paths join cleanly. */
export function parseTarget(baseUrl: string): Target {
  const match = URL_PATTERN.exec(baseUrl.trim());
  if (match === null) {
    throw new ConfigError(`BASE_URL must be an http(s) URL such as http://127.0.0.1:4010; got "${baseUrl}".`);
  }
  const host = (match[2] ?? '').toLowerCase();
  return { baseUrl: baseUrl.trim().replace(/\/+$/, ''), host, loopback: isLoopback(host) };
}

/** Refuses a non-loopback target unless LOAD_CONFIRM_TARGET names its host. */
export function assertTargetAllowed(target: Target, confirmed: string | undefined): void {
  if (target.loopback) return;
  if (confirmed !== undefined && confirmed.trim().toLowerCase() === target.host) return;
  const got = confirmed === undefined ? 'it is not set' : `it is "${confirmed}"`;
  throw new ConfigError(
    `Refusing to load-test ${target.baseUrl}: it is not a loopback address and LOAD_CONFIRM_TARGET does not name it (${got}). ` +
      `A load test spends the tenant's real rate-limit budget; to confirm, set LOAD_CONFIRM_TARGET=${target.host}.`,
  );
}

/** Refuses a plan whose total length passes the cap. */
export function assertTestLength(seconds: number): void {
  if (seconds > CAPS.testSeconds) {
    throw new ConfigError(
      `The scenarios add up to ${Math.round(seconds)}s, above the cap of ${CAPS.testSeconds}s for one test. Shorten the durations.`,
    );
  }
}
