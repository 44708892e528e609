// The tables of break-groups.ts keep the grouping rule: every break is checked once in the
// catalog's groups, the sample of `npm test` takes a break of each kind from them, and breaks that
// interfere, or whose ledgers or settings differ, never share a nested run.
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import {
  allGroups,
  breakGroups,
  inProcessBreaks,
  inProcessSample,
  keptApart,
  rateLimitBreaks,
  sampleGroup,
} from './break-groups.ts';
import { breakContradictions } from './break-ledger.ts';
import { breakNamings } from './break-namings.ts';
import { breakNames } from './reference-server/index.ts';

test('every break is checked once: in one group, or in process', () => {
  const placed = [...breakGroups.flatMap((g) => g.breaks), ...inProcessBreaks, ...rateLimitBreaks];
  expect(placed.slice().sort()).toEqual(breakNames.slice().sort());
});

test("npm test's sample takes one break of each kind, each of them a catalog group's", () => {
  expect(new Set(sampleGroup.breaks).size).toBe(Object.keys(sampleGroup.kinds).length);
  const grouped = breakGroups.flatMap((g) => g.breaks);
  expect(sampleGroup.breaks.filter((b) => !grouped.includes(b))).toEqual([]);
});

test("npm test's in-process sample holds, for each check the catalog's generated-* breaks name, one of them", () => {
  for (const check of new Set(inProcessBreaks.map((b) => breakNamings[b].check))) {
    const sampled = inProcessSample.filter((b) => breakNamings[b].check === check);
    expect(sampled, String(check)).toHaveLength(1);
  }
  expect(inProcessSample.filter((b) => !inProcessBreaks.includes(b))).toEqual([]);
});

test('breaks whose runs name each other never share a group (rule 1)', () => {
  const together = keptApart.filter(([one, other]) =>
    allGroups.some((g) => g.breaks.includes(one) && g.breaks.includes(other)),
  );
  expect(together).toEqual([]);
});

test("a group's breaks contradict different assumptions (rule 2)", () => {
  for (const { name, breaks } of allGroups) {
    const all = breaks.flatMap((b) => breakContradictions[b] ?? []);
    expect(all.length, `${name}: ${all.join(', ')}`).toBe(new Set(all).size);
  }
});

test("a group's breaks need the same settings (rule 3) and at most one is generated (rule 4)", () => {
  for (const { name, breaks } of allGroups) {
    const settings = new Set(
      breaks.map((b) => JSON.stringify({ basis: breakNamings[b].basis ?? 'docs', env: breakNamings[b].env ?? {} })),
    );
    expect([...settings], name).toHaveLength(1);
    expect(breaks.filter((b) => b.startsWith('generated-')).length, name).toBeLessThanOrEqual(1);
  }
});
