// Rate Limits guide: two windows (RPS and RPM) per tenant; answer-generation endpoints
// (/run, /run/stream, /chat/completions, /chat/completions/stream) share one budget
// (tier 0: 15 RPS / 60 RPM), all other endpoints share another (60 RPS / 180 RPM).
// Sliding windows over request timestamps; refused requests do not use up budget.

export type Bucket = 'answer' | 'other';

const LIMITS: Record<Bucket, { perSecond: number; perMinute: number }> = {
  answer: { perSecond: 15, perMinute: 60 },
  other: { perSecond: 60, perMinute: 180 },
};

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class RateLimiter {
  private readonly log = new Map<string, number[]>();

  private readonly enabled: boolean;
  constructor(enabled: boolean) {
    this.enabled = enabled;
  }

  take(tenantId: string, bucket: Bucket, nowMs: number): RateDecision {
    if (!this.enabled) return { allowed: true, headers: {} };
    const key = `${tenantId}:${bucket}`;
    const times = (this.log.get(key) ?? []).filter((t) => nowMs - t < 60_000);
    const lastSecond = times.filter((t) => nowMs - t < 1_000);
    const limit = LIMITS[bucket];
    const allowed = lastSecond.length < limit.perSecond && times.length < limit.perMinute;
    if (allowed) times.push(nowMs);
    this.log.set(key, times);

    const usedSecond = lastSecond.length + (allowed ? 1 : 0);
    // Header names as a Kong-style gateway sends them (the service's 429 is "rate_limit_gateway").
    const headers: Record<string, string> = {
      'x-ratelimit-limit-second': String(limit.perSecond),
      'x-ratelimit-remaining-second': String(Math.max(0, limit.perSecond - usedSecond)),
      'x-ratelimit-limit-minute': String(limit.perMinute),
      'x-ratelimit-remaining-minute': String(Math.max(0, limit.perMinute - times.length)),
    };
    if (!allowed) {
      // Seconds until both windows have room again, rounded up, at least 1.
      let waitMs = 0;
      const oldestSecond = lastSecond[0];
      if (lastSecond.length >= limit.perSecond && oldestSecond !== undefined)
        waitMs = Math.max(waitMs, oldestSecond + 1_000 - nowMs);
      const freeing = times[times.length - limit.perMinute];
      if (times.length >= limit.perMinute && freeing !== undefined) waitMs = Math.max(waitMs, freeing + 60_000 - nowMs);
      headers['retry-after'] = String(Math.max(1, Math.ceil(waitMs / 1000)));
    }
    return { allowed, headers };
  }
}
