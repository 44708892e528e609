// POST /v1/threads/{thread_id}/run and /run/stream. The rules are checked in the documented
// order (docs/decisions/0001, "Run rules"), encoded once in contracts/rules/; the answer is
// stored in the thread as an assistant message, so the next run sees it.
import { randomUUID } from 'node:crypto';
import type { components } from '../../generated/api.ts';
import { mockRefuses } from '../../rules/rule-catalog.ts';
import { runRequestBreaks } from '../../rules/run-request.ts';
import { composeAnswer } from '../answer/compose-answer.ts';
import { timestamp } from '../clock.ts';
import { ApiError, ruleError } from '../http/api-error.ts';
import { jsonAnswer, streamAnswer } from './answer-reply.ts';
import type { Handler } from './call.ts';
import { threadOf } from './thread-access.ts';

type Message = components['schemas']['Message'];
type RunRequest = components['schemas']['RunRequest'];

function run(streaming: boolean): Handler {
  return (call, state) => {
    const stored = threadOf(call, state);
    const assistant = call.tenant.assistant(stored.thread.assistant_id);
    if (!assistant)
      throw new ApiError(
        'assistant_not_available',
        `Assistant ${stored.thread.assistant_id} is not available to your tenant.`,
      );
    const request = (call.body ?? {}) as RunRequest;
    // The request's rules first (streaming, metadata), then the thread's, in the shared order;
    // of the open points, only those the catalog says the mock refuses (a tool_choice that names
    // no configured tool is answered with that name, tools on run/stream are ignored).
    const broken =
      runRequestBreaks(assistant.public, request, streaming).find((b) => mockRefuses(b.rule)) ??
      stored.conversation.runBreak();
    if (broken) throw ruleError(broken);

    const answer = composeAnswer(assistant, stored.conversation, request, !streaming);
    const message: Message = {
      id: randomUUID(),
      thread_id: stored.thread.id,
      role: 'assistant',
      content: answer.content,
      created_at: timestamp(state.clock.now()),
    };
    if (answer.tool_calls) message.tool_calls = answer.tool_calls;
    state.store.append(stored, message);
    return streaming
      ? streamAnswer(answer, message.id, stored.thread.id, message.created_at)
      : jsonAnswer(answer, message.id, stored.thread.id, message.created_at);
  };
}

export const createRun = run(false);
export const createRunStream = run(true);
