// The combinations of readings the self-test runs the generated tests against: the three presets
// and a pairwise covering set (every two values of any two points meet in some combination), so
// that a false alarm that needs two readings at once is found without running all 2^16 * 3^6.
// And the readings under which a planted generated-* break cannot be seen at all.
import { pairwiseRows, type Row, uncoveredPairs } from './pairwise.ts';
import type { BreakName } from './reference-server/breaks.ts';
import {
  lenientReadings,
  type ReadingPoint,
  type Readings,
  readingChoices,
  readingPoints,
  standardReadings,
  strictReadings,
} from './reference-server/readings.ts';

/** One combination of the matrix. */
export interface ReadingCombination {
  name: string;
  readings: Readings;
}

const counts = readingPoints.map((p) => readingChoices[p].length);

function toRow(readings: Readings): Row {
  return readingPoints.map((p) => (readingChoices[p] as readonly string[]).indexOf(readings[p]));
}

function fromRow(row: Row): Readings {
  return Object.fromEntries(readingPoints.map((p, i) => [p, readingChoices[p][row[i] ?? 0]])) as Readings;
}

/** The pairs of readings no combination holds, as "point=value & point=value" (none: pairwise covering). */
export function missingPairs(combinations: readonly Readings[]): string[] {
  return uncoveredPairs(counts, combinations.map(toRow)).map(([p, a, q, b]) => {
    const [one, other] = [readingPoints[p] as ReadingPoint, readingPoints[q] as ReadingPoint];
    return `${one}=${readingChoices[one][a]} & ${other}=${readingChoices[other][b]}`;
  });
}

/** Combinations that, with `given`, hold every pair of readings of any two points (pairwise.ts). */
export function pairwiseReadings(given: readonly Readings[]): Readings[] {
  // Seed and steps chosen once: they give 10 combinations, which is as few as the search finds.
  return pairwiseRows(counts, given.map(toRow), { seed: 3, repairSteps: 50_000 }).map(fromRow);
}

const presets: ReadingCombination[] = [
  { name: 'standard', readings: standardReadings },
  { name: 'strict', readings: strictReadings },
  { name: 'lenient', readings: lenientReadings },
];

/** The matrix: the presets, then the pairwise set that covers what they leave. */
export const readingCombinations: ReadingCombination[] = [
  ...presets,
  ...pairwiseReadings(presets.map((c) => c.readings)).map((readings, i) => ({ name: `pairwise-${i + 1}`, readings })),
];

/** The points where a combination differs from the standard readings, as "point=value" (or "standard"). */
export function describeReadings(readings: Readings): string {
  const changed = readingPoints.filter((p) => readings[p] !== standardReadings[p]).map((p) => `${p}=${readings[p]}`);
  return changed.length === 0 ? 'standard' : changed.join(', ');
}

/**
 * Readings under which a generated-* break cannot be seen: a correct refusal answers before the
 * broken path is reached, for every request that would reach it.
 */
export const breakMasks: Partial<Record<BreakName, Array<Partial<Readings>>>> = {
  // `tools: []` is refused (422 too_short at body.tools) before the run reaches the 500.
  'generated-empty-tools-server-error': [{ emptyLists: 'refuse' }],
  // The unnamed property is refused (422 extra_forbidden) in body validation, before the run reaches the 500.
  'generated-extra-field-server-error': [{ extraFields: 'refuse' }],
};

/** Whether these readings mask the break (they hold every reading of one of its masks). */
export function masks(readings: Readings, name: BreakName): boolean {
  return (breakMasks[name] ?? []).some((mask) =>
    Object.entries(mask).every(([point, value]) => readings[point as ReadingPoint] === value),
  );
}
