// For each break: the assumptions the nested run's ledger must mark contradicted, exactly. A break
// of a documented promise contradicts none (it is named as a violation instead); one that answers
// against an x-assumed reading contradicts that statement and nothing else. Breaks not listed: none.
import type { BreakName } from './reference-server/index.ts';

/** Ids of the statements a break contradicts. */
export const breakContradictions: Partial<Record<BreakName, string[]>> = {
  // 400 for thread_not_found: the status read from the order of the docs' error list is wrong.
  'unknown-thread-wrong-status': ['#/components/schemas/ThreadNotFoundError/properties/error_code'],
  // A code the status does not list: that each list of codes is closed is one assumption.
  'unknown-thread-wrong-code': ['error-code-sets'],
  'stream-unknown-thread-wrong-code': ['error-code-sets'],
  'retry-after-missing': ['#/components/headers/RetryAfter'],
  // The zone is part of the microseconds-with-zone pattern that only the docs' example shows.
  'created-at-no-zone': ['#/components/schemas/AnswerTimestamp'],
  'run-mistyped-field': ['#/components/schemas/RunMetaData'],
};
