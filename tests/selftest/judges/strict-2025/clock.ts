// Timestamps in the docs' format (microseconds, "Z"). The clock is strictly increasing so
// "newest first" orderings never tie, even for records created in the same millisecond.
let lastMicros = 0;

export interface Stamp {
  micros: number;
  iso: string;
}

export function stamp(): Stamp {
  const micros = Math.max(Date.now() * 1000, lastMicros + 1);
  lastMicros = micros;
  const seconds = new Date(Math.floor(micros / 1000)).toISOString().slice(0, 19);
  return { micros, iso: `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}Z` };
}
