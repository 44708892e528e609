// Reading one of the sequence's threads back: its attributes as the create body sent them, its
// created_at inside the create's time window, and its last_updated_at moving with the writes.
import fc from 'fast-check';
import type { Model } from '../model.ts';
import type { PlannedStep } from '../planned-step.ts';
import { judgeThreadRead } from '../read-back-model.ts';
import { threadDeleted } from '../verdict.ts';
import { ACCEPT, checkedThread, type GeneratedCommand, pick } from './command.ts';

export class GetThread implements GeneratedCommand {
  readonly data: { thread: number };
  constructor(data: { thread: number }) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    return model.thread(this.data.thread, true) !== undefined;
  }

  plan(model: Model): PlannedStep {
    const thread = checkedThread(model.thread(this.data.thread, true));
    return {
      step: { operationId: 'getThread', path: { thread_id: { ref: thread.label } } },
      verdict: thread.deleted ? { mayAccept: false, refusals: threadDeleted('getThread') } : ACCEPT,
      onAccept(m, body) {
        if (body === undefined || m.world.planning) return undefined;
        return judgeThreadRead(thread, body as Record<string, unknown>, 'A thread must read back as it was written.');
      },
    };
  }

  toString(): string {
    return `get-thread(thread ${this.data.thread})`;
  }
}

/** Reading one of the sequence's threads (now and then a deleted one). */
export function getThread(): fc.Arbitrary<GetThread> {
  return fc.record({ thread: pick }).map((data) => new GetThread(data));
}
