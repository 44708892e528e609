// A pairwise covering array, small and deterministic, no dependency: rows over columns of
// `counts[p]` values each in which every two values of any two columns meet in some row. A greedy
// pass builds one (AETG, Cohen et al. 1997), then a seeded local search drops rows while it can
// repair the pairs a dropped row leaves uncovered. Rows given as fixed count, and are kept as they are.

import { seededRandom as seeded } from '../../contracts/lib/seeded-random.ts';

/** A row: the value index of each column. */
export type Row = number[];

function bump(seen: Int32Array, i: number, by: number): void {
  seen[i] = (seen[i] ?? 0) + by;
}

/** Numbers every pair (p = a, q = b), p < q. */
class Pairs {
  readonly size: number;
  readonly #offset: number[][] = [];
  readonly counts: readonly number[];
  constructor(counts: readonly number[]) {
    this.counts = counts;
    let n = 0;
    for (const [p, vp] of counts.entries()) {
      this.#offset[p] = [];
      for (let q = p + 1; q < counts.length; q++) {
        (this.#offset[p] as number[])[q] = n;
        n += vp * (counts[q] ?? 0);
      }
    }
    this.size = n;
  }
  index(p: number, a: number, q: number, b: number): number {
    if (p > q) return this.index(q, b, p, a);
    return (this.#offset[p]?.[q] ?? 0) + a * (this.counts[q] ?? 0) + b;
  }
  /** How often each pair occurs in the rows. */
  tally(rows: readonly Row[]): Int32Array {
    const seen = new Int32Array(this.size);
    for (const row of rows)
      for (let p = 0; p < row.length; p++)
        for (let q = p + 1; q < row.length; q++) bump(seen, this.index(p, row[p] ?? 0, q, row[q] ?? 0), 1);
    return seen;
  }
}

/** The pairs (p, a, q, b) that no row holds. */
export function uncoveredPairs(
  counts: readonly number[],
  rows: readonly Row[],
): Array<[number, number, number, number]> {
  const pairs = new Pairs(counts);
  const seen = pairs.tally(rows);
  const out: Array<[number, number, number, number]> = [];
  for (let p = 0; p < counts.length; p++)
    for (let q = p + 1; q < counts.length; q++)
      for (let a = 0; a < (counts[p] ?? 0); a++)
        for (let b = 0; b < (counts[q] ?? 0); b++) if (seen[pairs.index(p, a, q, b)] === 0) out.push([p, a, q, b]);
  return out;
}

/** AETG: each new row is the best of `candidates` drawn ones, each greedy column by column in a drawn order. */
function greedy(pairs: Pairs, fixed: readonly Row[], random: () => number, candidates: number): Row[] {
  const { counts } = pairs;
  const seen = pairs.tally(fixed);
  let open = seen.reduce((n, c) => n + (c === 0 ? 1 : 0), 0);
  const rows: Row[] = [];
  const gainOf = (row: Row, set: readonly number[], p: number, a: number) =>
    set.reduce((g, q) => g + (seen[pairs.index(p, a, q, row[q] ?? 0)] === 0 ? 1 : 0), 0);
  while (open > 0) {
    let best: { row: Row; gain: number } | undefined;
    for (let c = 0; c < candidates; c++) {
      const order = counts.map((_, p) => p);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
      }
      const row: Row = counts.map(() => 0);
      const set: number[] = [];
      let gain = 0;
      for (const p of order) {
        let choice = 0;
        let most = -1;
        for (let a = 0; a < (counts[p] ?? 0); a++) {
          const g = gainOf(row, set, p, a) + random() / 2;
          if (g > most) [choice, most] = [a, g];
        }
        row[p] = choice;
        gain += Math.floor(most);
        set.push(p);
      }
      if (best === undefined || gain > best.gain) best = { row, gain };
    }
    if (!best || best.gain === 0) break;
    rows.push(best.row);
    for (let p = 0; p < best.row.length; p++)
      for (let q = p + 1; q < best.row.length; q++) {
        const i = pairs.index(p, best.row[p] ?? 0, q, best.row[q] ?? 0);
        if (seen[i] === 0) open -= 1;
        bump(seen, i, 1);
      }
  }
  return rows;
}

/**
 * Simulated annealing over the cells of `rows` (the fixed rows stay): a cell takes another value
 * when that uncovers no more pairs than it covers, or now and then when it does (less often as
 * the search cools). Answers whether every pair got covered within `steps`; rows change in place.
 */
function repair(pairs: Pairs, fixed: readonly Row[], rows: Row[], random: () => number, steps: number): boolean {
  const { counts } = pairs;
  const seen = pairs.tally([...fixed, ...rows]);
  let open = seen.reduce((n, c) => n + (c === 0 ? 1 : 0), 0);
  let temperature = 1;
  for (let step = 0; step < steps && open > 0; step++) {
    const row = rows[Math.floor(random() * rows.length)] ?? [];
    const p = Math.floor(random() * counts.length);
    const from = row[p] ?? 0;
    let to = Math.floor(random() * ((counts[p] ?? 1) - 1));
    if (to >= from) to += 1;
    let delta = 0;
    for (let q = 0; q < counts.length; q++) {
      if (q === p) continue;
      if (seen[pairs.index(p, from, q, row[q] ?? 0)] === 1) delta += 1;
      if (seen[pairs.index(p, to, q, row[q] ?? 0)] === 0) delta -= 1;
    }
    if (delta <= 0 || random() < Math.exp(-delta / temperature)) {
      for (let q = 0; q < counts.length; q++) {
        if (q === p) continue;
        bump(seen, pairs.index(p, from, q, row[q] ?? 0), -1);
        bump(seen, pairs.index(p, to, q, row[q] ?? 0), 1);
      }
      row[p] = to;
      open += delta;
    }
    temperature = Math.max(0.05, temperature * 0.9999);
  }
  return open === 0;
}

/** Rows that, with `fixed`, hold every pair of values of any two columns. */
export function pairwiseRows(
  counts: readonly number[],
  fixed: readonly Row[] = [],
  options: { seed?: number; candidates?: number; repairSteps?: number } = {},
): Row[] {
  const pairs = new Pairs(counts);
  const random = seeded(options.seed ?? 1);
  let rows = greedy(pairs, fixed, random, options.candidates ?? 20);
  // Drop the row that covers fewest pairs alone, and repair; stop at the first repair that fails.
  while (rows.length > 1) {
    const seen = pairs.tally([...fixed, ...rows]);
    const alone = rows.map((row) =>
      row.reduce(
        (n, a, p) => n + row.slice(p + 1).filter((b, i) => seen[pairs.index(p, a, p + 1 + i, b)] === 1).length,
        0,
      ),
    );
    const drop = alone.indexOf(Math.min(...alone));
    const trial = rows.filter((_, i) => i !== drop).map((row) => [...row]);
    if (!repair(pairs, fixed, trial, random, options.repairSteps ?? 200_000)) break;
    rows = trial;
  }
  return rows;
}
