// Rate Limits guide: two sliding windows (per second and per minute) per tenant; the answer
// endpoints (/run, /run/stream, /chat/completions, /chat/completions/stream) share one budget,
// every other endpoint shares another. Refused requests do not use up the budget.
export type Bucket = 'answer' | 'other';

export const LIMITS: Record<Bucket, { rps: number; rpm: number }> = {
  answer: { rps: 15, rpm: 60 }, // tier 0 (trial phase)
  other: { rps: 60, rpm: 180 },
};

export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  // Returns null when the request may pass, otherwise the Retry-After value in seconds.
  take(tenantId: string, bucket: Bucket, now = Date.now()): number | null {
    const key = `${tenantId}:${bucket}`;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - 60_000);
    const { rps, rpm } = LIMITS[bucket];
    const lastSecond = recent.filter((t) => t > now - 1000);
    let waitMs = 0;
    if (lastSecond.length >= rps) waitMs = Math.max(waitMs, (lastSecond[lastSecond.length - rps] ?? now) + 1000 - now);
    if (recent.length >= rpm) waitMs = Math.max(waitMs, (recent[recent.length - rpm] ?? now) + 60_000 - now);
    if (waitMs <= 0) recent.push(now);
    this.hits.set(key, recent);
    return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : null;
  }
}
