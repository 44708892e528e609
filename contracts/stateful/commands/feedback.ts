// Feedback on a message (Create or update feedback): positive or negative, with or without a
// comment, on one of the thread's messages or an id it does not hold. The page's rules: feedback
// goes on assistant messages, and positive feedback includes no reason or comment.
import fc from 'fast-check';
import type { Refusal, Verdict } from '../../check/step-verdict.ts';
import type { Model, ModelMessage, ModelThread } from '../model.ts';
import type { PlannedStep } from '../planned-step.ts';
import { filesOf, nowAndThen, refusal } from '../user-files.ts';
import { threadDeleted, validationRefusal } from '../verdict.ts';
import { ACCEPT, checkedThread, type GeneratedCommand, pick } from './command.ts';

/** What is sent: the feedback and whether it carries a comment. */
export type FeedbackKind = 'positive' | 'negative' | 'negative-with-comment' | 'positive-with-comment';

/** What a feedback command draws. */
export interface FeedbackData {
  thread: number;
  message: number;
  kind: FeedbackKind;
  comment: string;
  /** A uuid to send instead of a message's id. */
  unknownId: string | undefined;
}

/** A message id the thread does not hold: 404 message_not_found. */
export function unknownMessage(op: 'upsertFeedback' | 'deleteFeedback'): Refusal[] {
  return refusal(op, 'message_not_found', 'the thread holds no message with this id');
}

/**
 * A deleted thread's answer: the thread gone (thread_not_found, or the newer pages'
 * thread_is_deactivated), or its messages with it (404 message_not_found).
 */
export function feedbackThreadMissing(op: 'upsertFeedback' | 'deleteFeedback'): Refusal[] {
  return [...threadDeleted(op), ...unknownMessage(op)];
}

/**
 * Why feedback on `target` may be refused, and whether it may be accepted: on a run's answer it
 * must be; on an assistant message the sequence wrote itself the docs do not say (the page speaks
 * of the assistant's answers), so both; on any other role it must be refused.
 */
export function feedbackTarget(
  op: 'upsertFeedback' | 'deleteFeedback',
  target: ModelMessage | undefined,
): { mayAccept: boolean; refusals: Refusal[] } {
  if (target === undefined) return { mayAccept: false, refusals: unknownMessage(op) };
  const offAssistant = [
    ...refusal(op, 'invalid_input', 'feedback goes on assistant messages'),
    validationRefusal(op, [], 'feedback goes on assistant messages'),
  ];
  if (target.turn.role !== 'assistant') return { mayAccept: false, refusals: [...offAssistant, ...unknownMessage(op)] };
  if (target.label.startsWith('a')) return ACCEPT;
  return { mayAccept: true, refusals: [...offAssistant, ...unknownMessage(op)] };
}

/** A thread to take, with a message to name (or an unknown id to send instead). */
export function namesAMessage(
  model: Readonly<Model>,
  data: { thread: number; unknownId: string | undefined },
): boolean {
  const thread = model.thread(data.thread, true);
  return thread !== undefined && (data.unknownId !== undefined || thread.messages.length > 0);
}

/** The message a feedback command names, and the path it sends. */
export function feedbackPath(
  thread: ModelThread,
  message: number,
  unknownId: string | undefined,
): { target: ModelMessage | undefined; path: PlannedStep['step']['path'] } {
  const target = unknownId === undefined ? thread.messages[message % Math.max(1, thread.messages.length)] : undefined;
  return {
    target,
    path: { thread_id: { ref: thread.label }, message_id: target ? { ref: target.label } : (unknownId ?? '') },
  };
}

export class GiveFeedback implements GeneratedCommand {
  readonly data: FeedbackData;
  constructor(data: FeedbackData) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    return namesAMessage(model, this.data);
  }

  plan(model: Model): PlannedStep {
    const { data } = this;
    const thread = checkedThread(model.thread(data.thread, true));
    const { target, path } = feedbackPath(thread, data.message, data.unknownId);
    const feedback = data.kind.startsWith('positive') ? ('positive' as const) : ('negative' as const);
    const body = { feedback, ...(data.kind.endsWith('with-comment') ? { comment: data.comment } : {}) };
    let verdict: Verdict = thread.deleted
      ? { mayAccept: false, refusals: feedbackThreadMissing('upsertFeedback') }
      : feedbackTarget('upsertFeedback', target);
    if (data.kind === 'positive-with-comment')
      verdict = {
        mayAccept: false,
        refusals: [
          ...verdict.refusals,
          ...refusal('upsertFeedback', 'invalid_input', 'positive feedback must not include a reason or comment'),
          validationRefusal('upsertFeedback', [], 'positive feedback must not include a reason or comment'),
        ],
      };
    return {
      step: { operationId: 'upsertFeedback', path, body: { text: JSON.stringify(body) } },
      verdict,
      onAccept(m) {
        if (target) filesOf(m).feedback.set(target.label, feedback);
        return undefined;
      },
    };
  }

  toString(): string {
    const { data } = this;
    return `feedback(thread ${data.thread}, ${data.unknownId === undefined ? `message ${data.message}` : 'unknown message'}, ${data.kind})`;
  }
}

/** Comments a reader would write: never blank, so that "with a comment" is what is sent. */
const COMMENTS = ['Die Quelle fehlt.', 'Zu allgemein.', 'Die Frist stimmt nicht.', 'Missing the statute.'];

/** Feedback on one of the sequence's messages; now and then positive with a comment, or on an unknown id. */
export function giveFeedback(): fc.Arbitrary<GiveFeedback> {
  return fc
    .record({
      thread: pick,
      message: pick,
      kind: fc.constantFrom<FeedbackKind>('positive', 'negative', 'negative-with-comment', 'positive-with-comment'),
      comment: fc.constantFrom(...COMMENTS),
      unknownId: nowAndThen(fc.uuid({ version: 4 })),
    })
    .map((data) => new GiveFeedback(data));
}
