// Deleting feedback (Delete feedback): on a message that holds some, one that holds none, or an id
// the thread does not hold.
import fc from 'fast-check';
import { ANY_CODE, ANY_REFUSAL, type Verdict } from '../../check/step-verdict.ts';
import type { Model } from '../model.ts';
import type { PlannedStep } from '../planned-step.ts';
import { filesOf, nowAndThen } from '../user-files.ts';
import { checkedThread, type GeneratedCommand, pick } from './command.ts';
import { feedbackPath, feedbackTarget, feedbackThreadMissing, namesAMessage, unknownMessage } from './feedback.ts';

export class DeleteFeedback implements GeneratedCommand {
  readonly data: { thread: number; message: number; unknownId: string | undefined };
  constructor(data: DeleteFeedback['data']) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    return namesAMessage(model, this.data);
  }

  plan(model: Model): PlannedStep {
    const { data } = this;
    const thread = checkedThread(model.thread(data.thread, true));
    const { target, path } = feedbackPath(thread, data.message, data.unknownId);
    const held = target !== undefined && filesOf(model).feedback.has(target.label);
    let verdict: Verdict = thread.deleted
      ? { mayAccept: false, refusals: feedbackThreadMissing('deleteFeedback') }
      : feedbackTarget('deleteFeedback', target);
    // Removing feedback a message does not hold: the page does not say; done already, or any refusal
    // under any code (the strict-2025 judge answers 404 resource_not_found).
    if (!thread.deleted && target !== undefined && !held && verdict.mayAccept)
      verdict = {
        mayAccept: true,
        refusals: [
          ...verdict.refusals,
          ...unknownMessage('deleteFeedback'),
          {
            status: ANY_REFUSAL,
            code: ANY_CODE,
            why: 'the page does not say what removing feedback the message does not hold answers',
          },
        ],
      };
    return {
      step: { operationId: 'deleteFeedback', path },
      verdict,
      onAccept(m) {
        if (target) filesOf(m).feedback.delete(target.label);
        return undefined;
      },
    };
  }

  toString(): string {
    const { data } = this;
    return `delete-feedback(thread ${data.thread}, ${data.unknownId === undefined ? `message ${data.message}` : 'unknown message'})`;
  }
}

/** Deleting feedback on one of the sequence's messages (now and then an unknown id). */
export function deleteFeedback(): fc.Arbitrary<DeleteFeedback> {
  return fc
    .record({
      thread: pick,
      message: pick,
      unknownId: nowAndThen(fc.uuid({ version: 4 })),
    })
    .map((data) => new DeleteFeedback(data));
}
