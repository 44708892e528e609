// Deleting a thread: accepted once, refused after that (thread_not_found, or the newer pages' thread_is_deactivated).
import fc from 'fast-check';
import type { Model } from '../model.ts';
import type { PlannedStep } from '../planned-step.ts';
import { threadDeleted } from '../verdict.ts';
import { ACCEPT, checkedThread, type GeneratedCommand, pick } from './command.ts';
import { threadListing } from './list-threads.ts';

export class DeleteThread implements GeneratedCommand {
  readonly data: { thread: number };
  constructor(data: { thread: number }) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    return model.thread(this.data.thread, true) !== undefined;
  }

  plan(model: Model): PlannedStep {
    const thread = checkedThread(model.thread(this.data.thread, true));
    let deletedNow = false;
    return {
      step: { operationId: 'deleteThread', path: { thread_id: { ref: thread.label } } },
      verdict: thread.deleted ? { mayAccept: false, refusals: threadDeleted('deleteThread') } : ACCEPT,
      onAccept() {
        deletedNow = !thread.deleted;
        thread.deleted = true;
        return undefined;
      },
      // Deleted, the thread is listed with include_deleted=true (List threads), walked two at a time.
      next: (m) => (deletedNow && !m.world.planning ? threadListing(m, undefined, 'true', 2) : undefined),
    };
  }

  toString(): string {
    return `delete-thread(thread ${this.data.thread})`;
  }
}

/** Deleting one of the sequence's threads (now and then one deleted already). */
export function deleteThread(): fc.Arbitrary<DeleteThread> {
  return fc.record({ thread: pick }).map((data) => new DeleteThread(data));
}
