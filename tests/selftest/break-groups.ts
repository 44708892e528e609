// Which breaks share a nested run. A nested run costs about 6 s of CPU before its first request
// (the bin, Playwright's runner and a worker), and each failed test in it starts a new worker
// (about 2 s more), so the self-test puts several breaks on one reference server and runs the
// union of their --grep once; each break must still be named by its own naming (break-namings.ts)
// and the ledger must contradict exactly the union of theirs.
//
// `npm test` runs one group, `sampleGroup`: a broken promise of each kind. The catalog's groups,
// `breakGroups`, which between them hold every break a hand-written test catches, run in
// `npm run test:full` (nightly): checking all 25 in `npm test` cost about 70 of its 280
// CPU-seconds (docs/decisions/0091-npm-test-break-sample.md).
//
// The grouping rule, for the sample as for the catalog: breaks share a run only when
//   1. neither one's run names the other's promise (else a group could pass on the wrong break's
//      account): `keptApart` lists the pairs measured to do so;
//   2. their contradicted assumptions are disjoint (break-ledger.ts), so that the group's exact
//      ledger still accounts for each of them;
//   3. they need the same settings (CONTRACT_STRICT=1 for a break that contradicts only an
//      assumption, the FUZZ_* budget of a generated one);
//   4. at most one is a generated-* break: the generated test stops at its first failure and names
//      one check.
// Masking the other way (one break failing a test before it reaches another's assertion) cannot
// pass unnoticed: the group's test then fails, naming the break it no longer sees.
// `break-groups.spec.ts` holds both tables to rules 1 to 4; `npm run test:full` also runs every
// break alone and every group without each of its breaks (live-mode-single.spec.ts), which must
// not name the missing one: the measurement behind rule 1, kept current.
import { breakContradictions } from './break-ledger.ts';
import { breakNamings } from './break-namings.ts';
import { type BreakName, breakNames } from './reference-server/index.ts';

/** Breaks that one nested run checks together. */
export interface BreakGroup {
  /** What the group's breaks have in common, for the test title. */
  name: string;
  breaks: BreakName[];
}

/**
 * The catalog's groups (`npm run test:full`): every break a hand-written test catches, once. The
 * generated-* breaks are checked in process in `npm test`, and each in a nested run in test:full.
 */
export const breakGroups: BreakGroup[] = [
  {
    name: 'broken answers, a key not enforced, tenant reads',
    breaks: [
      'run-missing-field',
      'run-mistyped-field',
      'created-at-no-zone',
      'run-wrong-content-type',
      'unknown-thread-wrong-code',
      'key-not-enforced',
      'validation-error-detail-string',
      'stream-bad-chunk',
      'cross-tenant-read',
      'chat-foreign-thread',
    ],
  },
  {
    name: 'run rules not enforced, keys per operation, lifecycle',
    breaks: [
      'run-wrong-thread-id',
      'stream-unknown-thread-wrong-code',
      'stream-key-not-enforced',
      'thread-read-without-key',
      'rule-no-user-message-not-enforced',
      'tool-rule-not-enforced',
      'stack-ending-not-enforced',
      'metadata-not-enforced',
      'streaming-not-enforced',
      'cross-tenant-delete',
      'deleted-thread-served',
      'message-listed-late',
    ],
  },
  {
    name: 'assumptions only, held to them (CONTRACT_STRICT=1)',
    breaks: ['run-wrong-status', 'unknown-thread-wrong-status', 'retry-after-missing'],
  },
];

/**
 * The group of `npm test`: one broken promise of each kind the hand-written tests judge, so that
 * every change is tried end to end against each kind; the catalog's other breaks wait for test:full.
 */
export const sampleGroup: BreakGroup & { kinds: Record<string, BreakName> } = (() => {
  const kinds: Record<string, BreakName> = {
    "the answer's schema": 'run-missing-field',
    'an error code': 'unknown-thread-wrong-code',
    'an error body': 'validation-error-detail-string',
    'a key required': 'key-not-enforced',
    "one tenant's data": 'cross-tenant-read',
    'the stream': 'stream-bad-chunk',
    'a run rule': 'rule-no-user-message-not-enforced',
    'a deleted thread': 'deleted-thread-served',
  };
  return { name: 'one broken promise of each kind', breaks: Object.values(kinds), kinds };
})();

/** Every group the self-test runs: the catalog's (`npm run test:full`) and the sample (`npm test`). */
export const allGroups: BreakGroup[] = [...breakGroups, sampleGroup];

/** The breaks the self-test checks in process rather than in a nested run of their own (rule 4). */
export const inProcessBreaks: BreakName[] = breakNames.filter((name) => name.startsWith('generated-'));

/**
 * Those `npm test` checks: for each check of the generated tests, the first break of the catalog it
 * names, as the sample of nested runs takes a broken promise of each kind; `npm run test:full`
 * checks every one. All 26 cost about 6 CPU-seconds, these 9 about 2 (decision 0095).
 */
export const inProcessSample: BreakName[] = inProcessBreaks.filter(
  (name, i) => inProcessBreaks.findIndex((other) => breakNamings[other].check === breakNamings[name].check) === i,
);

/**
 * The breaks the rate-limit contract names, in process against the reference server with its
 * limiter on (rate-limit-breaks.spec.ts): a contract run never provokes a 429, so no nested run does.
 */
export const rateLimitBreaks: BreakName[] = breakNames.filter((name) => breakNamings[name].contract === 'rate-limit');

const ANSWER_BREAKS: BreakName[] = [
  'run-missing-field',
  'run-mistyped-field',
  'created-at-no-zone',
  'run-wrong-content-type',
];

/**
 * Pairs that must not share a run (rule 1), measured by running each break alone under the union
 * of every --grep: [the break, a promise its run names too, why].
 */
export const keptApart: Array<[BreakName, BreakName, string]> = [
  ['key-not-enforced', 'stream-key-not-enforced', 'every operation answers without a key, run/stream too'],
  ['key-not-enforced', 'thread-read-without-key', 'every operation answers without a key, GET a thread too'],
  [
    'stream-unknown-thread-wrong-code',
    'unknown-thread-wrong-code',
    'the run/stream test\'s title holds the run test\'s ("... thread_not_found on run")',
  ],
  ...ANSWER_BREAKS.flatMap(
    (name): Array<[BreakName, BreakName, string]> => [
      [name, 'metadata-not-enforced', 'the metadata test runs first, and the broken answer fails it'],
      [name, 'stack-ending-not-enforced', 'the stack-ending test runs first, and the broken answer fails it'],
      [name, 'run-wrong-thread-id', 'the answer check fails the test before its thread_id assertion'],
    ],
  ),
];

/** The --grep of a group's nested run: the union of its breaks' own. */
export function groupGrep(breaks: readonly BreakName[]): string {
  return breaks.map((name) => `(${breakNamings[name].grep})`).join('|');
}

/** The settings of a group's nested run: its breaks' own (rule 3 makes them equal), strict when assumed. */
export function groupEnv(breaks: readonly BreakName[]): Record<string, string> {
  const strict = breaks.some((name) => breakNamings[name].basis === 'assumed');
  return Object.assign(
    {},
    ...breaks.map((name) => breakNamings[name].env ?? {}),
    strict ? { CONTRACT_STRICT: '1' } : {},
  );
}

/** The assumptions a group's ledger must contradict, exactly: the union of its breaks'. */
export function groupContradictions(breaks: readonly BreakName[]): string[] {
  return [...new Set(breaks.flatMap((name) => breakContradictions[name] ?? []))].sort();
}
