// The calls of the rate-limit contract: each one sent once through the suite's transport (never
// retried, since a 429 is the answer under test; on a connection of its own, since its send time
// is what the windows count), with the time it left and the time its answer came, and every 429
// checked against the contract like any other answer.

import type { Violation } from '../check/check-names.ts';
import { checkResponse } from '../check/check-response.ts';
import { fails, type Strictness } from '../check/pending.ts';
import { type OperationCall, prepareCall } from '../client/operation-call.ts';
import type { Target } from '../client/target.ts';
import { sendOnce } from '../client/transport.ts';
import type { OperationId } from '../generated/validators.js';
import type { Clock } from '../lib/clock.ts';

/** One call and its answer. */
export interface Sent {
  operationId: OperationId;
  status: number;
  headers: Record<string, string>;
  body: string;
  curl: string;
  /** Clock times: when it left, and when its answer had arrived. */
  sentAt: number;
  answeredAt: number;
}

/** A broken promise the run found, with the call that shows it. */
export type RateLimitFinding = Violation & { operationId: OperationId; status: number; curl: string };

/** What the calls need: the target, the one clock, how strictly assumptions are held, how answers are quoted. */
export interface CallSettings {
  target: Target;
  clock: Clock;
  strictness: Strictness;
  check: { strict: boolean; redactValues: boolean };
}

/** Sends the run's calls, counts them, and keeps the findings of every 429 it saw. */
export class RateLimitCaller {
  readonly failures: RateLimitFinding[] = [];
  readonly pending: RateLimitFinding[] = [];
  readonly counts = { answersSent: 0, answersAccepted: 0, other: 0 };
  /** Each operation whose 429 was checked, once. */
  readonly refusedOn = new Set<OperationId>();
  #lastAnswerAt = Number.NEGATIVE_INFINITY;
  #next = new Map<string, number>();

  readonly settings: CallSettings;
  constructor(settings: CallSettings) {
    this.settings = settings;
  }

  /** When the latest answer call left (accepted or refused). */
  get lastAnswerAt(): number {
    return this.#lastAnswerAt;
  }

  /**
   * Waits for the next slot of `lane`, `gapMs` after the one before, so that no two calls of a lane
   * share a gap. The slot is taken at once: callers waiting side by side get successive slots.
   */
  async paced(lane: string, gapMs: number): Promise<void> {
    const { clock } = this.settings;
    const slot = Math.max(clock.now(), this.#next.get(lane) ?? Number.NEGATIVE_INFINITY);
    this.#next.set(lane, slot + gapMs);
    const wait = slot - clock.now();
    if (wait > 0) await clock.sleep(wait);
  }

  /** Sends one call; `answers` says whether it is an answer endpoint's (counted against that budget). */
  async send(call: Omit<OperationCall, 'key'>, answers: boolean): Promise<Sent> {
    const { target, clock } = this.settings;
    const prepared = prepareCall(target, { ...call, key: 'main' });
    const sentAt = clock.now();
    if (answers) {
      this.counts.answersSent += 1;
      this.#lastAnswerAt = Math.max(this.#lastAnswerAt, sentAt);
    } else this.counts.other += 1;
    const answer = await sendOnce({ ...prepared.request, wide: true }, target.limits);
    const sent: Sent = {
      operationId: call.operationId,
      status: answer.status,
      headers: answer.headers,
      body: answer.body,
      curl: prepared.curl,
      sentAt,
      answeredAt: clock.now(),
    };
    if (answers && answer.status !== 429) this.counts.answersAccepted += 1;
    if (answer.status === 429) this.#checkRefusal(sent);
    return sent;
  }

  /** Records a finding of a rate-limit check, failing or pending as the run holds the API. */
  record(violation: Violation, sent: Sent): void {
    const finding: RateLimitFinding = {
      ...violation,
      operationId: sent.operationId,
      status: sent.status,
      curl: sent.curl,
    };
    (fails(violation, this.settings.strictness) ? this.failures : this.pending).push(finding);
  }

  /** A 429 against the contract (body, headers), once per operation and broken promise. */
  #checkRefusal(sent: Sent): void {
    this.refusedOn.add(sent.operationId);
    const violations = checkResponse(
      { operationId: sent.operationId, status: sent.status, headers: sent.headers, body: sent.body },
      this.settings.check,
    );
    const seen = [...this.failures, ...this.pending];
    for (const v of violations) {
      if (seen.some((f) => f.operationId === sent.operationId && f.check === v.check && f.pointer === v.pointer))
        continue;
      this.record(v, sent);
    }
  }
}
