// POST /v1/chat/completions and its stream: a run without server-side state. The messages of
// the optional ?thread_id= precede the given ones; nothing is stored.
import { randomUUID } from 'node:crypto';
import type { components } from '../../generated/api.ts';
import { attachmentIdentity, identitiesOf } from '../../rules/attachments.ts';
import { Conversation } from '../../rules/conversation.ts';
import { isMessageValidation } from '../../rules/rule-catalog.ts';
import { composeAnswer } from '../answer/compose-answer.ts';
import { timestamp } from '../clock.ts';
import { canonicalUuid } from '../config/tenant-directory.ts';
import { ApiError, ruleError } from '../http/api-error.ts';
import { jsonAnswer, streamAnswer } from './answer-reply.ts';
import { checkAttachments } from './attachments.ts';
import type { Call, Handler, MockState } from './call.ts';
import { threadAttachments } from './messages.ts';
import { requireMetaData } from './required-meta-data.ts';

type ChatCompletionRequest = components['schemas']['ChatCompletionRequest'];

/** The conversation of the optional thread; an unknown one is the documented 404 resource_not_found. */
function priorConversation(call: Call, state: MockState): { threadId: string | null; conversation: Conversation } {
  if (call.query.thread_id === undefined) return { threadId: null, conversation: new Conversation() };
  const id = canonicalUuid(String(call.query.thread_id));
  const stored = state.store.get(id);
  if (!stored || stored.deleted || stored.thread.tenant_id !== call.tenant.id) {
    throw new ApiError(
      'resource_not_found',
      `Thread ${id} given as thread_id not found. Omit thread_id, or create the thread first.`,
    );
  }
  return { threadId: stored.thread.id, conversation: stored.conversation.clone() };
}

function chat(streaming: boolean): Handler {
  return (call, state) => {
    const request = call.body as ChatCompletionRequest;
    const assistant = call.tenant.assistant(request.assistant_id);
    if (!assistant)
      throw new ApiError(
        'assistant_not_available',
        `Assistant ${request.assistant_id} is not available to your tenant. List yours with GET /v1/assistants.`,
      );
    const { threadId, conversation } = priorConversation(call, state);
    if (streaming && !assistant.public.streaming) {
      throw new ApiError(
        'engine_does_not_support_streaming',
        `Assistant ${assistant.public.id} does not stream. Use POST /v1/chat/completions instead.`,
      );
    }
    requireMetaData(assistant.public, request.meta_data);
    const owner = request.user_id === undefined ? null : canonicalUuid(request.user_id);
    const prior = threadId === null ? undefined : state.store.get(threadId);
    const earlier = identitiesOf(prior ? threadAttachments(prior) : [], owner);
    request.messages.forEach((message, index) => {
      checkAttachments(call, state, message, earlier, owner, ['messages', index]);
      for (const a of message.attachments ?? []) earlier.add(attachmentIdentity(a, owner));
      // A Message Validation rule is 422 (at the message, for a validation_error); chat documents
      // no tool-message code, so another message rule is its generic bad_request.
      const broken = conversation.admits(message);
      if (broken && isMessageValidation(broken.rule)) throw ruleError(broken, ['body', 'messages', index]);
      if (broken) throw new ApiError('bad_request', `messages[${index}]: ${broken.detail}`);
      // The key stands in for a message id, which a chat message does not have.
      conversation.add(message, `${threadId ?? ''}#${index}#${message.content}`);
    });
    const broken = conversation.runBreak(true);
    if (broken) throw ruleError(broken);

    const answer = composeAnswer(assistant, conversation, request, !streaming);
    const createdAt = timestamp(state.clock.now());
    return streaming
      ? streamAnswer(answer, randomUUID(), threadId, createdAt)
      : jsonAnswer(answer, randomUUID(), threadId, createdAt);
  };
}

export const createChatCompletion = chat(false);
export const createChatCompletionStream = chat(true);
