// The generated tests against reference servers that read the open points differently
// (reading-matrix.ts): no false alarm under any combination, and every planted generated-* break
// still caught and named under each combination that does not mask it (docs/decisions/0050).
// The sweeps run in `npm run test:full` (@full); `npm test` checks the matrix itself.
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { breakNamings } from './break-namings.ts';
import { describeOutcome, runGeneratedAgainst } from './generated-in-process.ts';
import {
  breakMasks,
  describeReadings,
  masks,
  missingPairs,
  type ReadingCombination,
  readingCombinations,
} from './reading-matrix.ts';
import {
  type BreakName,
  breakNames,
  type ReadingPoint,
  readingChoices,
  startReferenceServer,
} from './reference-server/index.ts';

test.describe.configure({ mode: 'parallel' });

const SEEDS = 20;
/** Sequences per seed: half a live run's 25, so that 13 combinations x 20 seeds fit in CI (about 20 s on two cores). */
const SEQUENCES = 12;
/** Catching a break: seeds 1, 2, ... until the first failure. */
const CATCH_SEEDS = 10;
/** Tests the combinations are split over, so that two workers run them side by side. */
const GROUPS = 4;

test('the matrix holds every pair of readings of any two points, and the masks name real readings', () => {
  const all = readingCombinations.map((c) => c.readings);
  expect(missingPairs(all), 'pairs no combination holds').toEqual([]);
  expect(readingCombinations.slice(0, 3).map((c) => c.name)).toEqual(['standard', 'strict', 'lenient']);
  expect(readingCombinations.length - 3, 'extra combinations').toBeLessThanOrEqual(14);
  for (const [name, list] of Object.entries(breakMasks)) {
    expect(name.startsWith('generated-') && breakNames.includes(name as BreakName), name).toBe(true);
    for (const mask of list ?? [])
      for (const [point, value] of Object.entries(mask))
        expect(readingChoices[point as ReadingPoint] as readonly string[], `${name}: ${point}`).toContain(value);
  }
});

/** The false alarms of one combination over the seeds: one line each. */
async function falseAlarms(combination: ReadingCombination): Promise<string[]> {
  const server = await startReferenceServer({ readings: combination.readings });
  try {
    const alarms: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const alarm = describeOutcome(await runGeneratedAgainst(server, { seed, numRuns: SEQUENCES, maxCommands: 16 }));
      if (alarm) alarms.push(`${combination.name} ${alarm}`);
    }
    return alarms;
  } finally {
    await server.close();
  }
}

for (let group = 0; group < GROUPS; group++) {
  const combinations = readingCombinations.filter((_, i) => i % GROUPS === group);
  test(`the generated tests raise no false alarm under ${combinations.map((c) => c.name).join(', ')}`, {
    tag: '@full',
  }, async () => {
    test.setTimeout(180_000);
    const found: string[] = [];
    for (const combination of combinations) {
      const alarms = await falseAlarms(combination);
      if (alarms.length > 0) found.push(`${combination.name} (${describeReadings(combination.readings)}):`, ...alarms);
    }
    expect(found, `False alarms against correct servers:\n${found.join('\n')}`).toEqual([]);
  });
}

/** What catching a break under one combination came to: the seed and check of the first failure, or none. */
async function firstFailure(name: BreakName, combination: ReadingCombination): Promise<string | undefined> {
  const server = await startReferenceServer({ breaks: [name], readings: combination.readings });
  const want = breakNamings[name].check;
  try {
    for (let seed = 1; seed <= CATCH_SEEDS; seed++) {
      const result = await runGeneratedAgainst(server, { seed, numRuns: 60, maxCommands: 24, endOnFailure: true });
      if (result.failure?.check === want) return undefined;
      const outcome = describeOutcome(result);
      if (outcome) return `${combination.name}: expected [${want}], the first failure is ${outcome}`;
    }
    return `${combination.name}: not caught in seeds 1 to ${CATCH_SEEDS}`;
  } finally {
    await server.close();
  }
}

for (const name of breakNames.filter((n) => n.startsWith('generated-'))) {
  test(`${name} is caught and named under every combination that does not mask it`, { tag: '@full' }, async () => {
    test.setTimeout(180_000);
    expect(breakNamings[name].check, 'break-namings.ts names its check').toBeDefined();
    const missed: string[] = [];
    for (const combination of readingCombinations) {
      if (masks(combination.readings, name)) continue;
      const miss = await firstFailure(name, combination);
      if (miss) missed.push(miss);
    }
    expect(missed, `${name} (check: ${breakNamings[name].check}) missed:\n${missed.join('\n')}`).toEqual([]);
  });
}
