// A step with the other tenant's key on one of the sequence's threads (or creating a thread for
// the main tenant's assistant): refused, and (checked by a listing with the main key) changing nothing.
import fc from 'fast-check';
import { type Body, validBody } from '../bodies.ts';
import type { Model } from '../model.ts';
import { bodyStep, listingStep, type PlannedStep } from '../planned-step.ts';
import { refusalOf, threadMissing, validationRefusal } from '../verdict.ts';
import { ownBodyVerdict } from './body-rules.ts';
import { checkedThread, type GeneratedCommand, pick, runCallLeft, spendRunCall } from './command.ts';

/** The operations taken with the other tenant's key. */
export type OtherTenantOperation =
  | 'listMessages'
  | 'createMessage'
  | 'createRun'
  | 'createRunStream'
  | 'deleteMessage'
  | 'deleteThread'
  | 'createThread';

/** What an other-tenant command draws. */
export interface OtherTenantData {
  /** Which live thread, cycled; for createThread, which of the main tenant's assistants. */
  thread: number;
  op: OtherTenantOperation;
  /** A valid body of the operation (sent for a message or a run). */
  body: Body;
}

const runs = (op: OtherTenantOperation) => op === 'createRun' || op === 'createRunStream';

export class OtherTenant implements GeneratedCommand {
  readonly data: OtherTenantData;
  constructor(data: OtherTenantData) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    const { op } = this.data;
    if (runs(op) && !runCallLeft(model)) return false;
    return model.world.otherTenant && (op === 'createThread' || model.thread(this.data.thread) !== undefined);
  }

  plan(model: Model): PlannedStep {
    const { data } = this;
    const op = data.op;
    if (runs(op)) spendRunCall(model);
    if (op === 'createThread') {
      const assistant = model.world.assistants[data.thread % model.world.assistants.length];
      return {
        step: {
          operationId: 'createThread',
          key: 'other',
          body: { text: JSON.stringify({ assistant_id: assistant?.id }) },
        },
        verdict: {
          mayAccept: false,
          tenant: true,
          // Not available to this tenant (the older page), or not found (the newer pages): neither reveals it.
          refusals: [
            refusalOf('createThread', 'assistant_not_available', 'the assistant belongs to another tenant', 403),
            refusalOf('createThread', 'assistant_not_found', 'the assistant belongs to another tenant', 404),
          ],
        },
        onAccept: () => undefined,
      };
    }
    const thread = checkedThread(model.thread(data.thread));
    const path: Record<string, string | { ref: string }> = { thread_id: { ref: thread.label } };
    if (op === 'deleteMessage')
      path.message_id = thread.messages[0] ? { ref: thread.messages[0].label } : '00000000-0000-4000-8000-000000000000';
    const built =
      op === 'createMessage' || op === 'createRun' || op === 'createRunStream'
        ? bodyStep(op, data.body.kind === 'valid' ? data.body : { kind: 'none' }, (value) => ownBodyVerdict(op, value))
        : undefined;
    const body = built?.body;
    return {
      step: { operationId: op, key: 'other', path, ...(body ? { body } : {}) },
      // A refusal of the body alone is allowed too (a 422, or a rule of the body): checking the body
      // before looking up the thread reveals nothing of it.
      verdict: {
        mayAccept: false,
        tenant: true,
        refusals: [
          ...threadMissing(op, true),
          ...(body ? [validationRefusal(op, [], 'the body was validated first')] : []),
          ...(built?.verdict.refusals ?? []),
        ],
      },
      onAccept: () => undefined,
      next: () => listingStep(thread, 'other-tenant', "A step with another tenant's key must change nothing."),
    };
  }

  toString(): string {
    return `other-tenant ${this.data.op}(thread ${this.data.thread})`;
  }
}

/** A step of any operation with the other tenant's key. */
export function otherTenant(): fc.Arbitrary<OtherTenant> {
  return fc
    .record({
      thread: pick,
      op: fc.constantFrom<OtherTenantOperation>(
        'listMessages',
        'createMessage',
        'createRun',
        'createRunStream',
        'deleteMessage',
        'deleteThread',
        'createThread',
      ),
      message: validBody('createMessage'),
      run: validBody('createRun'),
    })
    .map(
      ({ message, run, ...rest }) =>
        new OtherTenant({ ...rest, body: { kind: 'valid', value: rest.op === 'createMessage' ? message : run } }),
    );
}
