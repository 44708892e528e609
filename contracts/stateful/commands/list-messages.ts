// Listing a thread's messages: the listing must hold what the API accepted, newest first.
import fc from 'fast-check';
import type { Model } from '../model.ts';
import { listingStep, type PlannedStep } from '../planned-step.ts';
import { checkedThread, type GeneratedCommand, pick } from './command.ts';

export class ListMessages implements GeneratedCommand {
  readonly data: { thread: number };
  constructor(data: { thread: number }) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    return model.thread(this.data.thread, true) !== undefined;
  }

  plan(model: Model): PlannedStep {
    const thread = checkedThread(model.thread(this.data.thread, true));
    return listingStep(thread, 'own-steps', 'The listing must hold what the API accepted, newest first.');
  }

  toString(): string {
    return `list-messages(thread ${this.data.thread})`;
  }
}

/** A listing of one of the sequence's threads (now and then a deleted one). */
export function listMessages(): fc.Arbitrary<ListMessages> {
  return fc.record({ thread: pick }).map((data) => new ListMessages(data));
}
