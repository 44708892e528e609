// The targets the benchmark holds its figures to (issue 24 and the issues before it). A bench
// measures: a missed target is printed, and fails the run only under --gate.

export const TARGETS = {
  /** `npm test` from a fresh clone on an idle two-core machine. */
  npmTestSeconds: 120,
  /** The contract suite against the mock, generated tests included. */
  mockSuiteSeconds: 5,
  /** Validating one run response with the precompiled validator (and less than JSON.parse of it). */
  validateMicroseconds: 5,
  /** Generated steps per second against the mock. */
  generatedStepsPerSecond: 1_000,
} as const;

/** "meets" or "MISSES", for a figure that must stay at or under (`atMost`) or reach (`atLeast`) its target. */
export function verdict(value: number, target: { atMost: number } | { atLeast: number }): 'meets' | 'MISSES' {
  const met = 'atMost' in target ? value <= target.atMost : value >= target.atLeast;
  return met ? 'meets' : 'MISSES';
}
