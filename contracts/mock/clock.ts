// The mock's timestamps. Time itself comes from the suite's one Clock (contracts/lib/clock.ts).

/**
 * RFC 3339 UTC with microseconds, the form the docs show: `2025-03-15T09:13:02.654321Z`.
 * `toISOString` stops at milliseconds, so the three finer digits are appended by hand.
 */
export function timestamp(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.floor((ms - whole) * 1000);
  // Under load many timestamps fall in one millisecond; its ISO text is made once.
  if (whole !== lastWhole) {
    lastWhole = whole;
    lastPrefix = new Date(whole).toISOString().slice(0, -1);
  }
  return `${lastPrefix}${micros < 10 ? '00' : micros < 100 ? '0' : ''}${micros}Z`;
}

let lastWhole = Number.NaN;
let lastPrefix = '';
