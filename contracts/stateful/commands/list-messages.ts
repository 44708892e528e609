// Listing a thread's messages: a cursor walk (with a drawn limit, or none) whose pages must hold
// what the API accepted, newest first, each message read back as it was written.
import fc from 'fast-check';
import type { Model } from '../model.ts';
import { listingStep, type PlannedStep } from '../planned-step.ts';
import { checkedThread, type GeneratedCommand, pick } from './command.ts';

export class ListMessages implements GeneratedCommand {
  readonly data: { thread: number; limit?: number | undefined };
  constructor(data: { thread: number; limit?: number | undefined }) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    return model.thread(this.data.thread, true) !== undefined;
  }

  plan(model: Model): PlannedStep {
    const thread = checkedThread(model.thread(this.data.thread, true));
    return listingStep(
      thread,
      'own-steps',
      'The listing must hold what the API accepted, newest first.',
      this.data.limit,
    );
  }

  toString(): string {
    return `list-messages(thread ${this.data.thread}${this.data.limit === undefined ? '' : `, limit ${this.data.limit}`})`;
  }
}

/** A page size for a walk: none (the default), or a small one so that a short thread takes several pages. */
export const drawnLimit = fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined, freq: 3 });

/** A listing of one of the sequence's threads (now and then a deleted one). */
export function listMessages(): fc.Arbitrary<ListMessages> {
  return fc.record({ thread: pick, limit: drawnLimit }).map((data) => new ListMessages(data));
}
