// The check of statements about an operation's behaviour across calls (`x-assumed` on the
// operation itself, scope `operation`, such as "the answer is stored as a message with the run's
// id"): no single response shows one, so the test that checks it across calls records what it
// saw (contracts/ledger/behaviour.ts) and the assumption ledger names a disagreement here.
import type { BrokenPromise, NamedCheck } from './named-check.ts';

/** What a test saw across calls agrees with the operation's behaviour statement. */
export const behaviour = {
  id: 'behaviour',
  title: 'Behaviour differs from the assumption',
  /** What a test saw across calls: a broken promise, in the test's own words, when it disagreed with the statement. */
  judge(seen: { agreed: boolean; message: string }): BrokenPromise | undefined {
    return seen.agreed ? undefined : { message: seen.message, assumptions: [] };
  },
} as const;

/** The behaviour family. */
export const BEHAVIOUR_CHECKS = [behaviour] as const satisfies readonly NamedCheck[];
