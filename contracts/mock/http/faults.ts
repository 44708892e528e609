// Injected faults, always with the documented bodies: per request by the Prefer header, per
// process by configuration (a fault rate, an upstream timeout). The configured ones touch only
// the answer-generating endpoints, the ones that depend on a model upstream.
import type { OperationId, IndexedOperation as OperationSpec } from '../../generated/validators.js';
import type { Random } from '../../lib/seeded-random.ts';
import type { RateLimits } from '../limits/rate-limiter.ts';
import { ApiError, DETAILS, statusOf, validationError } from './api-error.ts';
import { readPreference } from './prefer.ts';
import { issue } from './validation-issues.ts';

/** Per-process faults. */
export interface FaultOptions {
  /** The share of answer-generating calls, 0..1, answered with a documented 5xx error. */
  rate?: number;
  /** Answer api_timeout_error after this many ms when the drawn run latency is longer. */
  timeoutMs?: number;
}

/** The headers of a 429, as the rate limiter sends them. */
export function rateLimitHeaders(retryAfter: number, limit: number): Record<string, string> {
  return {
    'retry-after': String(retryAfter),
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(retryAfter),
  };
}

/** Decides and builds injected faults. */
export class FaultInjector {
  private readonly options: FaultOptions;
  private readonly random: Random;
  private readonly limits: RateLimits;
  constructor(options: FaultOptions, random: Random, limits: RateLimits) {
    this.options = options;
    this.random = random;
    this.limits = limits;
    const { rate, timeoutMs } = options;
    if (rate !== undefined && !(rate >= 0 && rate <= 1))
      throw new RangeError(`Expected a fault rate from 0 to 1. Got ${rate}. Pass for example --fault-rate 0.05.`);
    if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
      throw new RangeError(
        `Expected a timeout of more than 0 ms. Got ${timeoutMs}. Pass for example --timeout-ms 30000.`,
      );
    }
  }

  get timeoutMs(): number | undefined {
    return this.options.timeoutMs;
  }

  /** Throws what the Prefer header asks for; an undocumented value is a 422 where the operation documents one. */
  fromPrefer(op: OperationId, spec: OperationSpec, header: string | undefined): void {
    const preference = readPreference(op, spec, header);
    if (preference.kind === 'none') return;
    if (preference.kind === 'invalid') {
      // RFC 7240: a preference the server cannot honour is ignored where no error is documented.
      if (statusOf(op, 'validation_error') === undefined) return;
      throw validationError([issue(['header', 'prefer'], preference.message, 'value_error')]);
    }
    const { code, status, raw } = preference;
    if (code === 'validation_error')
      throw new ApiError(code, [issue(['header', 'prefer'], `Injected by Prefer: ${raw}.`, 'injected')], status);
    const headers = status === 429 ? rateLimitHeaders(1, this.limits[spec.budget].perSecond) : {};
    throw new ApiError(code, `${DETAILS[code] ?? code} (injected by Prefer: ${raw})`, status, headers);
  }

  /** Throws a documented 5xx error for the configured share of answer-generating calls. */
  fromRate(spec: OperationSpec): void {
    const rate = this.options.rate ?? 0;
    if (rate === 0 || spec.budget !== 'answers' || this.random() >= rate) return;
    const choices: Array<[string, number]> = [];
    for (const [status, response] of Object.entries(spec.responses)) {
      if (status.startsWith('5')) for (const code of response.errorCodes) choices.push([code, Number(status)]);
    }
    const [code, status] = choices[Math.floor(this.random() * choices.length)] ?? ['api_error', 500];
    throw new ApiError(code, `${DETAILS[code] ?? code} (injected by the fault rate ${rate})`, status);
  }

  /** The upstream timeout, thrown once the configured time has passed. */
  timeout(): ApiError {
    return new ApiError(
      'api_timeout_error',
      `${DETAILS.api_timeout_error} (injected: no answer within ${this.options.timeoutMs} ms)`,
      500,
    );
  }
}
