// Creating a thread: for one of the tenant's assistants with any kind of body, or for an assistant
// the tenant does not have (the body's generated assistant_id), which must be refused.
import fc from 'fast-check';
import { statusOf } from '../../error-status.ts';
import { answerId } from '../answers.ts';
import { anyBody, type Body, shapeBody, validBody } from '../bodies.ts';
import type { Model } from '../model.ts';
import { bodyStep, type PlannedStep } from '../planned-step.ts';
import { ACCEPT, describeBody, type GeneratedCommand, MAX_THREADS, pick } from './command.ts';

/** What a create-thread command draws. */
export interface CreateThreadData {
  /** Which of the tenant's assistants, cycled. */
  assistant: number;
  /** Keep the body's generated assistant_id, one the tenant does not have. */
  unknownAssistant: boolean;
  body: Body;
}

export class CreateThread implements GeneratedCommand {
  readonly data: CreateThreadData;
  constructor(data: CreateThreadData) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    return model.threads.filter((t) => !t.deleted).length < MAX_THREADS && model.threads.length < 2 * MAX_THREADS;
  }

  plan(model: Model): PlannedStep {
    const { data } = this;
    const label = model.label('t');
    const assistant = model.world.assistants[data.assistant % model.world.assistants.length];
    if (!assistant) throw new Error('The target lists no assistants; the generated tests need one.');
    const shaped = shapeBody(data.body, (value) =>
      data.unknownAssistant ? value : { ...value, assistant_id: assistant.id },
    );
    const unavailable = {
      status: statusOf('createThread', 'assistant_not_available') ?? 403,
      code: 'assistant_not_available',
      why: "the assistant is not one of the tenant's",
    };
    const built = bodyStep('createThread', shaped, () =>
      data.unknownAssistant || shaped.kind === 'invalid' ? { mayAccept: false, refusals: [unavailable] } : ACCEPT,
    );
    return {
      step: { operationId: 'createThread', ...(built.body ? { body: built.body } : {}), label },
      verdict: built.verdict,
      onAccept(m, body) {
        m.addThread({ label, id: answerId(body), assistant });
        return undefined;
      },
    };
  }

  toString(): string {
    return `create-thread(${describeBody(this.data.body)})`;
  }
}

/** A thread for one of the tenant's assistants, with any kind of body. */
export function createThread(): fc.Arbitrary<CreateThread> {
  return fc
    .record({ assistant: pick, unknownAssistant: fc.constant(false), body: anyBody('createThread') })
    .map((data) => new CreateThread(data));
}

/** A thread for an assistant the tenant does not have, with an otherwise valid body. */
export function createThreadOfUnknownAssistant(): fc.Arbitrary<CreateThread> {
  return fc
    .record({
      assistant: pick,
      unknownAssistant: fc.constant(true),
      body: validBody('createThread').map((value): Body => ({ kind: 'valid', value })),
    })
    .map((data) => new CreateThread(data));
}
