// The arbitraries of generated commands, weighted so that a short sequence reaches past the
// front door: threads, messages of every role, tool calls and their answers, runs, listings.
// Each kind draws its own data (commands/); this file owns the mix and how a sequence opens.
// The order and weights below are the draw: changing them changes what every seed replays
// (tests/unit/generated-draw.spec.ts pins it).
import fc from 'fast-check';
import { contentBreaks } from '../rules/message-content.ts';
import { type Body, validBody } from './bodies.ts';
import { AddMessage, type AddMessageData, addMessage } from './commands/add-message.ts';
import { attachFile } from './commands/attach-file.ts';
import { badThreadId } from './commands/bad-thread-id.ts';
import { messageTurn } from './commands/body-rules.ts';
import { chatThread } from './commands/chat-thread.ts';
import { type GeneratedCommand, pick } from './commands/command.ts';
import { CreateThread, createThread, createThreadOfUnknownAssistant } from './commands/create-thread.ts';
import { deleteFeedback } from './commands/delete-feedback.ts';
import { deleteFile } from './commands/delete-file.ts';
import { deleteMessage } from './commands/delete-message.ts';
import { deleteThread } from './commands/delete-thread.ts';
import { giveFeedback } from './commands/feedback.ts';
import { feedbackReasons } from './commands/feedback-reasons.ts';
import { fileContent } from './commands/file-content.ts';
import { fileStatus } from './commands/file-status.ts';
import { getThread } from './commands/get-thread.ts';
import { listFiles } from './commands/list-files.ts';
import { listMessages } from './commands/list-messages.ts';
import { listThreads } from './commands/list-threads.ts';
import { otherTenant } from './commands/other-tenant.ts';
import { run } from './commands/run.ts';
import { uploadFile } from './commands/upload-file.ts';
import { openBodyPoints } from './open-body-points.ts';

/**
 * A valid body that holds no open point (no unnamed property, empty list, U+0000, broken Unicode,
 * or tool field off its role) and whose content keeps every Message Validation rule: what every
 * correct API accepts, whichever way it reads those points.
 */
function plainBody(op: 'createThread' | 'createMessage'): fc.Arbitrary<Body> {
  return validBody(op)
    .map((value): Record<string, unknown> => {
      const { tool_calls: _calls, tool_call_id: _id, ...rest } = value;
      return op === 'createMessage' ? rest : value;
    })
    .filter(
      (value) =>
        openBodyPoints(op, value).length === 0 &&
        (op !== 'createMessage' || contentBreaks({ ...messageTurn(value), role: 'user' }).length === 0),
    )
    .map((value): Body => ({ kind: 'valid', value }));
}

/**
 * How every sequence opens: a valid thread for one of the tenant's assistants (with or without
 * user_id and title) and a valid user message, both free of open points, so that most later
 * steps reach the run rules on any correct API.
 */
export function openingCommands(): fc.Arbitrary<GeneratedCommand[]> {
  const thread = fc
    .record({ assistant: pick, unknownAssistant: fc.constant(false), body: plainBody('createThread') })
    .map((data) => new CreateThread(data));
  const question = fc
    .record({
      thread: fc.constant(0),
      role: fc.constant('user' as const),
      calls: fc.constant<AddMessageData['calls']>([]),
      body: plainBody('createMessage'),
    })
    .map((data) => new AddMessage(data));
  return fc.tuple(thread, question).map((list): GeneratedCommand[] => list);
}

/** The command arbitrary; `otherTenant` adds steps taken with the other tenant's key. */
export function commandArbitrary(options: { otherTenant: boolean }): fc.Arbitrary<GeneratedCommand> {
  const kinds: Array<fc.WeightedArbitrary<GeneratedCommand>> = [
    { weight: 1, arbitrary: createThread() },
    { weight: 1, arbitrary: createThreadOfUnknownAssistant() },
    { weight: 14, arbitrary: addMessage() },
    { weight: 5, arbitrary: run() },
    { weight: 2, arbitrary: listMessages() },
    { weight: 1, arbitrary: deleteMessage() },
    { weight: 1, arbitrary: deleteThread() },
    { weight: 1, arbitrary: badThreadId() },
    { weight: 2, arbitrary: giveFeedback() },
    { weight: 1, arbitrary: deleteFeedback() },
    { weight: 1, arbitrary: feedbackReasons() },
    { weight: 2, arbitrary: uploadFile() },
    { weight: 1, arbitrary: fileStatus() },
    { weight: 2, arbitrary: attachFile() },
    { weight: 1, arbitrary: fileContent() },
    { weight: 1, arbitrary: listFiles() },
    { weight: 1, arbitrary: deleteFile() },
    { weight: 1, arbitrary: chatThread() },
    // Reads held to what was written (issue 21): a thread, and the tenant's threads with drawn filters.
    { weight: 1, arbitrary: getThread() },
    { weight: 1, arbitrary: listThreads() },
  ];
  if (options.otherTenant) kinds.push({ weight: 2, arbitrary: otherTenant() });
  return fc.oneof(...kinds);
}
