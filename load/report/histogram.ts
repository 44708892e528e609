// Percentiles in bounded memory: values fall into logarithmic buckets 1% wide, so a million
// latencies take a few hundred counters and every percentile is within 1% of the exact one.

const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
// Values below this (in the metric's unit) share the first bucket.
const FLOOR = 0.001;

/** A log-bucketed histogram of non-negative values. */
export class Histogram {
  private readonly buckets = new Map<number, number>();
  count = 0;
  max = 0;
  min = Number.POSITIVE_INFINITY;
  sum = 0;

  add(value: number): void {
    const index = value <= FLOOR ? 0 : Math.floor(Math.log(value / FLOOR) / LOG_GROWTH) + 1;
    this.buckets.set(index, (this.buckets.get(index) ?? 0) + 1);
    this.count += 1;
    this.sum += value;
    if (value > this.max) this.max = value;
    if (value < this.min) this.min = value;
  }

  /** The value below which `p` percent of the values lie (bucket midpoint, clamped to min and max). */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (const index of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(index) ?? 0;
      if (seen >= rank) {
        const middle = index === 0 ? FLOOR : FLOOR * GROWTH ** (index - 0.5);
        return Math.min(this.max, Math.max(this.min, middle));
      }
    }
    return this.max;
  }
}
