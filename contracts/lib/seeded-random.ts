// A seeded generator, so that a latency distribution or a fault rate gives the same sequence on
// every run with the same --seed: a load result can then be reproduced and compared.

/** Uniform numbers in [0, 1). */
export type Random = () => number;

/** mulberry32: tiny, fast and good enough for jitter; not for anything secret. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box-Muller); `1 - u` keeps the logarithm away from zero. */
export function normal(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
