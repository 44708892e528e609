// A chat completion without a thread_id, which the newer pages say still answers with a thread
// of its own, then a message added to that thread: "Cannot add messages to threads created via
// Chat Completions" (Create a message), so it must be refused. An answer without a thread id
// (the older pages' reading) leaves nothing to add a message to.
import fc from 'fast-check';
import { plainText } from '../../arbitraries/text.ts';
import { satisfyingMetaData } from '../../request-meta-data.ts';
import { broken } from '../../rules/rule-catalog.ts';
import type { Model } from '../model.ts';
import type { PlannedStep } from '../planned-step.ts';
import { ruleVerdict } from '../verdict.ts';
import { ACCEPT, type GeneratedCommand, pick, runCallLeft, spendRunCall } from './command.ts';

/** What a chat-thread command draws. */
export interface ChatThreadData {
  /** Which of the tenant's assistants, cycled. */
  assistant: number;
  question: string;
  /** The value of each request metadata field the assistant requires. */
  licence: string;
  /** The message then added to the chat's thread. */
  message: string;
}

export class ChatThread implements GeneratedCommand {
  readonly data: ChatThreadData;
  constructor(data: ChatThreadData) {
    this.data = data;
  }

  check(model: Readonly<Model>): boolean {
    return runCallLeft(model) && model.world.assistants.length > 0;
  }

  plan(model: Model): PlannedStep {
    const { data } = this;
    spendRunCall(model);
    const assistant = model.world.assistants[data.assistant % model.world.assistants.length];
    if (!assistant) throw new Error('The target lists no assistants; the generated tests need one.');
    const meta = satisfyingMetaData(assistant.request_required_fields, data.licence);
    const request = {
      assistant_id: assistant.id,
      messages: [{ role: 'user', content: data.question }],
      ...(meta === undefined ? {} : { meta_data: meta }),
    };
    // The thread the answer names: learnt by this planned step, never kept in the command.
    let thread: string | undefined;
    return {
      step: { operationId: 'createChatCompletion', body: { text: JSON.stringify(request) } },
      verdict: ACCEPT,
      onAccept(_model, body) {
        const id = (body as { thread_id?: unknown } | undefined)?.thread_id;
        thread = typeof id === 'string' ? id : undefined;
        return undefined;
      },
      next: () =>
        thread === undefined
          ? undefined
          : {
              step: {
                operationId: 'createMessage',
                path: { thread_id: thread },
                body: { text: JSON.stringify({ role: 'user', content: data.message }) },
              },
              verdict: ruleVerdict('createMessage', [
                broken('message-on-chat-thread', 'The thread was created by a chat completion.'),
              ]),
              onAccept: () => undefined,
            },
    };
  }

  toString(): string {
    return `chat-thread(assistant ${this.data.assistant})`;
  }
}

/** A chat completion for one of the tenant's assistants, then a message on the thread it answered with. */
export function chatThread(): fc.Arbitrary<ChatThread> {
  return fc
    .record({ assistant: pick, question: plainText(), licence: plainText(), message: plainText() })
    .map((data) => new ChatThread(data));
}
