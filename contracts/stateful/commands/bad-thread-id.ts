// A request on a thread that is not there: an unknown uuid (thread_not_found) or an id that is not
// a uuid (validation_error too). Rules of the body alone may be answered before the lookup.
import fc from 'fast-check';
import type { Verdict } from '../../check/step-verdict.ts';
import { type Body, invalidPathId, validBody } from '../bodies.ts';
import type { Model } from '../model.ts';
import { bodyStep, type PlannedStep } from '../planned-step.ts';
import { threadMissing, validationRefusal } from '../verdict.ts';
import { ownBodyVerdict } from './body-rules.ts';
import { ACCEPT, type GeneratedCommand, runCallLeft, spendRunCall } from './command.ts';

/** What a bad-thread-id command draws. */
export interface BadThreadIdData {
  op: 'listMessages' | 'createMessage' | 'createRun';
  /** The id sent: a uuid no thread has, or (not `valid`) an id that is not a uuid. */
  id: string;
  valid: boolean;
  body: Body;
}

export class BadThreadId implements GeneratedCommand {
  readonly data: BadThreadIdData;
  constructor(data: BadThreadIdData) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    return this.data.op !== 'createRun' || runCallLeft(model);
  }

  plan(model: Model): PlannedStep {
    const { data } = this;
    const op = data.op;
    if (op === 'createRun') spendRunCall(model);
    const refusals = threadMissing(op);
    if (!data.valid) refusals.push(validationRefusal(op, ['thread_id'], 'the thread id is not a uuid'));
    // Rules of the body alone may be answered before the lookup: they say nothing of the thread.
    const built =
      op === 'listMessages' ? { verdict: ACCEPT } : bodyStep(op, data.body, (value) => ownBodyVerdict(op, value));
    const verdict: Verdict = {
      mayAccept: false,
      refusals: [...refusals, ...built.verdict.refusals],
      ...(data.valid ? {} : { invalid: { kind: 'bad-format', field: ['thread_id'] } }),
    };
    return {
      step: {
        operationId: op,
        path: { thread_id: data.id },
        ...('body' in built && built.body ? { body: built.body } : {}),
      },
      verdict,
      onAccept: () => undefined,
    };
  }

  toString(): string {
    return `${this.data.op}(${this.data.valid ? 'unknown' : 'malformed'} thread id)`;
  }
}

/** A listing, message or run on a thread id that is not there; a message carries a valid body. */
export function badThreadId(): fc.Arbitrary<BadThreadId> {
  return fc
    .record({
      op: fc.constantFrom<BadThreadIdData['op']>('listMessages', 'createMessage', 'createRun'),
      valid: fc.boolean(),
      id: fc.uuid({ version: 4 }),
      invalid: invalidPathId('createRun', 'thread_id'),
      message: validBody('createMessage'),
    })
    .map(
      ({ invalid, message, ...rest }) =>
        new BadThreadId({
          ...rest,
          id: rest.valid ? rest.id : invalid,
          body: rest.op === 'createMessage' ? { kind: 'valid', value: message } : { kind: 'none' },
        }),
    );
}
