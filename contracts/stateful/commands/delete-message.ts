// Deleting a message: one the thread holds (accepted), a uuid it does not hold (message_not_found,
// the newer page's code, or thread_not_found, the older pages'), or an id that is not a uuid
// (validation_error).
import fc from 'fast-check';
import type { Verdict } from '../../check/step-verdict.ts';
import { invalidPathId } from '../bodies.ts';
import type { Model } from '../model.ts';
import type { PlannedStep } from '../planned-step.ts';
import { refusalOf, threadDeleted, threadMissing, validationRefusal } from '../verdict.ts';
import { ACCEPT, checkedThread, type GeneratedCommand, pick } from './command.ts';

/** What a delete-message command draws. */
export interface DeleteMessageData {
  /** Which thread, cycled (now and then a deleted one). */
  thread: number;
  /** Which of its messages, cycled. */
  message: number;
  /** A uuid to send instead of a message's id. */
  unknownId: string | undefined;
  /** An id that is not a uuid, sent instead of either. */
  invalidId: string | undefined;
}

export class DeleteMessage implements GeneratedCommand {
  readonly data: DeleteMessageData;
  constructor(data: DeleteMessageData) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    return model.thread(this.data.thread, true) !== undefined;
  }

  plan(model: Model): PlannedStep {
    const { data } = this;
    const thread = checkedThread(model.thread(data.thread, true));
    const target = thread.messages[data.message % Math.max(1, thread.messages.length)];
    const id =
      data.invalidId ??
      (target && data.unknownId === undefined
        ? { ref: target.label }
        : (data.unknownId ?? '00000000-0000-4000-8000-000000000000'));
    const missing = [
      ...threadMissing('deleteMessage'),
      refusalOf('deleteMessage', 'message_not_found', 'the thread holds no message with this id', 404),
    ];
    let verdict: Verdict = thread.deleted
      ? { mayAccept: false, refusals: threadDeleted('deleteMessage') }
      : target && typeof id !== 'string'
        ? ACCEPT
        : { mayAccept: false, refusals: missing };
    if (data.invalidId !== undefined)
      verdict = {
        mayAccept: false,
        refusals: [
          ...verdict.refusals,
          validationRefusal('deleteMessage', ['message_id'], 'the message id is not a uuid'),
        ],
        invalid: { kind: 'bad-format', field: ['message_id'] },
      };
    return {
      step: { operationId: 'deleteMessage', path: { thread_id: { ref: thread.label }, message_id: id } },
      verdict,
      onAccept(m) {
        if (target && typeof id !== 'string') m.removeMessage(thread, target.label);
        return undefined;
      },
    };
  }

  toString(): string {
    return `delete-message(thread ${this.data.thread})`;
  }
}

/** Deleting a message of one of the sequence's threads; now and then by an unknown or a malformed id. */
export function deleteMessage(): fc.Arbitrary<DeleteMessage> {
  return fc
    .record({
      thread: pick,
      message: pick,
      unknownId: fc.option(fc.uuid({ version: 4 }), { freq: 5, nil: undefined }),
      invalidId: fc.option(invalidPathId('deleteMessage', 'message_id'), { freq: 6, nil: undefined }),
    })
    .map((data) => new DeleteMessage(data));
}
