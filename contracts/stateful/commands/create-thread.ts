// Creating a thread: for one of the tenant's assistants with any kind of body, or for an assistant
// the tenant does not have (the body's generated assistant_id), which must be refused.
import fc from 'fast-check';
import { answerId } from '../answers.ts';
import { anyBody, type Body, shapeBody, validBody } from '../bodies.ts';
import type { Model } from '../model.ts';
import { bodyStep, type PlannedStep } from '../planned-step.ts';
import { noteWrite } from '../read-back-model.ts';
import { refusalOf } from '../verdict.ts';
import { ACCEPT, describeBody, type GeneratedCommand, MAX_THREADS, pick } from './command.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
    const mine = (value: Record<string, unknown>) =>
      data.unknownAssistant ? value : { ...value, assistant_id: assistant.id };
    // An invalid body gets the tenant's assistant too, unless its break is the assistant_id itself.
    const shaped = shapeBody(data.body, mine, (value) => (UUID.test(String(value.assistant_id)) ? mine(value) : value));
    // An assistant the tenant does not have: not available to it (the older page), or not found (the newer pages).
    const unknown = [
      refusalOf('createThread', 'assistant_not_available', "the assistant is not one of the tenant's", 403),
      refusalOf('createThread', 'assistant_not_found', "the assistant is not one of the tenant's", 404),
    ];
    // A body that must be refused as invalid is refused for its assistant only when that is not the tenant's.
    const built = bodyStep('createThread', shaped, (value, raw) =>
      (value ?? (raw as { assistant_id?: unknown } | undefined))?.assistant_id === assistant.id
        ? ACCEPT
        : { mayAccept: false, refusals: unknown },
    );
    return {
      step: { operationId: 'createThread', ...(built.body ? { body: built.body } : {}), label },
      verdict: built.verdict,
      onAccept(m, body, _raw, window) {
        const user = (body as { user_id?: unknown } | undefined)?.user_id;
        // A valid body's title must read back as sent (an invalid one's is the API's reading).
        const title = shaped.kind === 'valid' ? (shaped.value.title as string | null | undefined) : undefined;
        m.addThread({
          label,
          id: answerId(body),
          assistant,
          userId: typeof user === 'string' ? user.toLowerCase() : null,
          ...(shaped.kind === 'valid' ? { title: title ?? null } : {}),
          ...(window ? { window } : {}),
        });
        return noteWrite(m, label, body, window);
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
