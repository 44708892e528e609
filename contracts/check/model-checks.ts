// The generated tests' checks: each generated step's answer is judged against the model's verdict
// (step-verdict.ts), and the listing after a step against the messages the model holds. Each check
// here has its id, title and judges; tenant-isolation, which steps with another tenant's key are
// judged by, is in auth-checks.ts with the rest of that promise. judgeStep and judgeListing run
// them for the generated tests and drift. The judges' conditions exclude each other, so exactly
// one check names an answer the docs do not allow (tests/unit/generated-verdict.spec.ts shows it).
import { isDeepStrictEqual } from 'node:util';
import { tenantIsolation } from './auth-checks.ts';
import type { NamedCheck, Violation } from './named-check.ts';
import { firstDifference } from './read-back-content.ts';
import type { ResponseCheckId } from './response-checks.ts';
import {
  describeAccepted,
  describeDifference,
  type ListingAfter,
  type ListingReading,
  readListing,
  readStep,
  type StepReading,
  type Verdict,
} from './step-verdict.ts';

/** A check of generated steps: what it finds in a step's reading, or in a listing's, as a message. */
interface ModelCheck extends NamedCheck {
  judgeStep?(reading: StepReading): string | undefined;
  judgeListing?(reading: ListingReading, why: string, after: ListingAfter): string | undefined;
}

const crashed = (r: StepReading) =>
  `${r.expected}; a 5xx is never a documented answer to this request.${r.broke} ${r.got}`;
/** A refusal the verdict does not list, or lists with its code under another status (pending). */
const refusal = (r: StepReading): r is Extract<StepReading, { kind: 'refused' | 'status-differs' }> =>
  r.kind === 'refused' || r.kind === 'status-differs';
/** The request breaks a documented constraint (not only an assumption): the docs demand a refusal. */
const documentedInvalid = (r: StepReading) => r.verdict.invalid !== undefined && r.verdict.invalid.assumed !== true;
/** A validation_error for data that keeps the contract's schemas (for any step, another tenant's too). */
const validRefusedAsInvalid = (r: StepReading) => refusal(r) && r.validation && !r.verdict.invalid;
/**
 * A refusal the verdict does not list (other than a validation_error of valid data), for a step
 * that is neither another tenant's nor allowed a success.
 */
const refusedOtherwise = (r: StepReading) =>
  refusal(r) && !validRefusedAsInvalid(r) && !r.verdict.tenant && !r.verdict.mayAccept;

/** No 5xx for a request the docs allow. */
export const serverError = {
  id: 'server-error',
  title: 'Server error for a request the docs allow',
  /** A request the docs allow answered 5xx (live, the generated tests retry once first). */
  judgeStep: (r: StepReading) => (r.kind === 'crashed' && !documentedInvalid(r) ? crashed(r) : undefined),
} as const;

/** A request the contract and the rules allow is accepted. */
export const positiveDataAcceptance = {
  id: 'positive-data-acceptance',
  title: 'API rejected a request the contract and the rules allow',
  /** A valid request refused by a validation_error, or a request whose success the docs allow refused otherwise than they say. */
  judgeStep(r: StepReading): string | undefined {
    if (validRefusedAsInvalid(r))
      return `${r.expected}: the request keeps the contract's schemas, so a validation_error refuses valid data. ${r.got}`;
    // The docs allow a success: a refusal other than the open readings' is a valid request refused.
    if (refusal(r) && !r.verdict.tenant && r.verdict.mayAccept)
      return `${r.expected}: the request keeps every documented constraint and rule.${r.broke} ${r.got}`;
    return undefined;
  },
} as const;

/** A request that breaks the contract is refused. */
export const negativeDataRejection = {
  id: 'negative-data-rejection',
  title: 'API accepted a request that breaks the contract',
  /** A request that breaks a documented constraint accepted, answered 5xx, or refused otherwise than the docs allow. */
  judgeStep(r: StepReading): string | undefined {
    if (!documentedInvalid(r)) return undefined;
    if (r.kind === 'crashed') return crashed(r);
    if (r.kind === 'accepted' && !r.verdict.tenant) return describeAccepted(r);
    return refusedOtherwise(r) ? `${r.expected}.${r.broke} ${r.got}` : undefined;
  },
} as const;

/** A request the docs allow is answered as the documented rules say. */
export const ruleMismatch = {
  id: 'rule-mismatch',
  title: "API's verdict differs from the documented rules",
  /** A request that breaks a documented rule accepted, or refused otherwise than the rules say. */
  judgeStep(r: StepReading): string | undefined {
    if (documentedInvalid(r) || r.verdict.tenant) return undefined;
    if (r.kind === 'accepted') return describeAccepted(r);
    return refusedOtherwise(r) ? `${r.expected}.${r.broke} ${r.got}` : undefined;
  },
} as const;

/** The messages listed are the answers given, newest first. */
export const storedAnswer = {
  id: 'stored-answer',
  title: 'Stored messages differ from the answers given',
  /** A listing newest first, holding what the API accepted (an ordering fault whatever step came before). */
  judgeListing(r: ListingReading, why: string, after: ListingAfter): string | undefined {
    if (r.kind === 'not-newest-first')
      return `Expected the messages newest first (created_at never rising down the list). ${why}`;
    if (r.kind === 'out-of-order')
      return `Expected the ${r.want.length} messages newest first (${r.want.join(', ')}). Got them as ${r.got.join(', ')}. ${why}`;
    // After another tenant's step, other messages are tenant-isolation's finding (auth-checks.ts).
    return after === 'own-steps' ? describeDifference(r, why) : undefined;
  },
} as const;

/** What was written reads back as written (how a read differs: read-back.ts). */
export const readBack = {
  id: 'read-back',
  title: 'Read-back differs from what was written',
  /** A read (get a thread, a listed thread or message, a write's answered id) that differs from what was written. */
  judgeRead: (fault: string | undefined, why: string): string | undefined =>
    fault === undefined ? undefined : `${fault}. ${why}`,
} as const;

/** A cursor walk keeps the documented paging, and a listing's filters give exactly their subset. */
export const paging = {
  id: 'paging',
  title: 'Listing pages or filters differ from the documented paging',
  /** A walk whose pages break the paging (read-back.ts: pagesDiffer), or whose items the filters do not take. */
  judgeWalk: (fault: string | undefined, walk: string, why: string): string | undefined =>
    fault === undefined ? undefined : `${fault} ${walk}. ${why}`,
} as const;

/** The read-back family's checks: the generated tests' reads against what they wrote. */
export const READ_BACK_CHECKS = [readBack, paging] as const;

/** One line of a run/stream answer, as far as coherence reads it. */
export interface StreamLine {
  message_id?: unknown;
  thread_id?: unknown;
}

/** What a streamed run answered, joined: its one message id, the deltas' content, its tool calls. */
export interface StreamedAnswer {
  id: string | undefined;
  content: string;
  tool_calls: unknown[];
}

/**
 * A streamed answer is one message of the path's thread, and the thread stores what was streamed
 * (Stream a run: each line names the message and the thread; the deltas, joined, are the answer,
 * which the platform keeps as the conversation's history, as a plain run's).
 */
export const streamCoherence = {
  id: 'stream-coherence',
  title: 'Streamed answer differs from itself or from the stored message',
  /** Every line names one message id, and the thread in the path. */
  judgeLines(lines: StreamLine[], threadId: string): string | undefined {
    const first = lines[0]?.message_id;
    const other = lines.findIndex((l) => l.message_id !== first);
    if (typeof first !== 'string' || other >= 0)
      return `Expected every line of the stream to carry one message_id, the streamed message's. Got line ${Math.max(other, 0) + 1} of ${lines.length} with ${JSON.stringify(lines[Math.max(other, 0)]?.message_id)} beside ${JSON.stringify(first)}.`;
    const foreign = lines.findIndex((l) => l.thread_id !== threadId);
    if (foreign >= 0)
      return `Expected every line of the stream to carry the thread_id of the path, ${threadId}. Got line ${foreign + 1} of ${lines.length} with ${JSON.stringify(lines[foreign]?.thread_id)}.`;
    return undefined;
  },
  /**
   * The message the thread stores under the streamed id holds the joined deltas and the stream's
   * tool calls (as JSON values: none, null and [] alike), as an assistant message. A listing without
   * that id is stored-answer's finding, judged before this one.
   */
  judgeStored(streamed: StreamedAnswer, items: unknown[]): string | undefined {
    const stored = items.find((item) => (item as { id?: unknown } | null)?.id === streamed.id) as
      | { role?: unknown; content?: unknown; tool_calls?: unknown }
      | undefined;
    if (stored === undefined) return undefined;
    const calls = (value: unknown) => (Array.isArray(value) ? value : []);
    const what = `the message stored for the streamed answer ${streamed.id}`;
    if (stored.role !== 'assistant')
      return `Expected ${what} to be an assistant message, as a plain run's. Got role ${JSON.stringify(stored.role)}.`;
    if ((stored.content ?? '') !== streamed.content)
      return `Expected ${what} to hold the stream's deltas joined (${streamed.content.length} characters). Got ${typeof stored.content === 'string' ? `${stored.content.length} characters, differing from character ${firstDifference(stored.content, streamed.content) + 1}` : JSON.stringify(stored.content)}.`;
    if (!isDeepStrictEqual(calls(stored.tool_calls), streamed.tool_calls))
      return `Expected ${what} to hold the ${streamed.tool_calls.length} tool call(s) the stream carried. Got ${calls(stored.tool_calls).length} that differ.`;
    return undefined;
  },
} as const;

/** The generated tests' own checks (they name tenant-isolation too), with the read-back family and stream coherence. */
export const MODEL_CHECKS = [
  serverError,
  positiveDataAcceptance,
  negativeDataRejection,
  ruleMismatch,
  storedAnswer,
  ...READ_BACK_CHECKS,
  streamCoherence,
] as const satisfies readonly ModelCheck[];

/** The checks that judge a generated step's answer, and those that judge a listing after one. */
export const STEP_CHECKS = [
  serverError,
  positiveDataAcceptance,
  negativeDataRejection,
  ruleMismatch,
  tenantIsolation,
] as const;
export const LISTING_CHECKS = [storedAnswer, tenantIsolation] as const;

/** The id of a check the generated tests name. */
export type GeneratedCheckId =
  | (typeof STEP_CHECKS | typeof LISTING_CHECKS | typeof READ_BACK_CHECKS)[number]['id']
  | typeof streamCoherence.id;

/** The checks the generated tests name, for a header: their own, and tenant-isolation. */
export const GENERATED_CHECKS: GeneratedCheckId[] = [...MODEL_CHECKS, tenantIsolation].map((check) => check.id);

/** A broken promise found in one generated step. */
export interface Finding {
  /** A generated check; a response check when the answer broke the contract itself. */
  check: GeneratedCheckId | ResponseCheckId;
  message: string;
  /** The contract checker's violations, when the answer broke the contract itself. */
  violations?: Violation<ResponseCheckId>[];
  /**
   * Only a status the contract reads broke (the right code under another 4xx): the assumption
   * behind it, pending unless the run holds the API to it (contracts/check/pending.ts).
   */
  pending?: { id: string; text: string };
}

/** Judges one answer against the verdict; undefined when the docs allow it. */
export function judgeStep(verdict: Verdict, answer: { status: number; body: string }): Finding | undefined {
  const reading = readStep(verdict, answer);
  if (reading === undefined) return undefined;
  for (const check of STEP_CHECKS) {
    const message = check.judgeStep(reading);
    if (message === undefined) continue;
    return reading.kind === 'status-differs'
      ? { check: check.id, message, pending: reading.assumption }
      : { check: check.id, message };
  }
  throw new Error(`No check names the ${reading.kind} answer of a step: ${reading.expected}. ${reading.got}`);
}

/** Judges a listing of a thread against the model's messages (newest first), after the model's own steps or another tenant's. */
export function judgeListing(
  items: Array<{ id?: unknown; created_at?: unknown }>,
  want: string[],
  why: string,
  after: ListingAfter,
): Finding | undefined {
  const reading = readListing(items, want);
  if (reading === undefined) return undefined;
  for (const check of LISTING_CHECKS) {
    const message = check.judgeListing(reading, why, after);
    if (message !== undefined) return { check: check.id, message };
  }
  throw new Error(`No check names a listing that ${reading.kind}.`);
}
