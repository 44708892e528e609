// Feedback on assistant messages (create or overwrite, delete) and the negative reasons. The
// message is found through its thread, the caller's own (thread-access.ts); feedback on any other
// message, and positive feedback with a reason or a comment, is invalid_input.
import type { components } from '../../generated/api.ts';
import { timestamp } from '../clock.ts';
import { canonicalUuid } from '../config/tenant-directory.ts';
import { ApiError } from '../http/api-error.ts';
import type { Call, Handler, MockState } from './call.ts';
import { threadOf } from './thread-access.ts';

type FeedbackRequest = components['schemas']['FeedbackRequest'];
type NegativeFeedbackReason = components['schemas']['NegativeFeedbackReason'];
type Message = components['schemas']['Message'];

/** The reasons a negative feedback may name (the first is the documented example). */
export const NEGATIVE_REASONS: readonly NegativeFeedbackReason[] = Object.freeze([
  {
    id: 'd4e5f6a7-8901-bcde-f012-456789012345',
    reason: 'Falsche Information',
    description: 'Die Antwort enthielt sachlich falsche oder veraltete Informationen.',
  },
  {
    id: '6a1f7c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b',
    reason: 'Unvollständig',
    description: 'Die Antwort ließ wesentliche Punkte der Frage offen.',
  },
  {
    id: '9b8c7d6e-5f4a-4b3c-9d2e-1f0a9b8c7d6e',
    reason: 'Quellen fehlen',
    description: 'Die Antwort nannte keine oder unpassende Quellen.',
  },
]);

/** The assistant message the path names, in the caller's thread. */
function assistantMessage(call: Call, state: MockState): Message {
  const stored = threadOf(call, state);
  const id = canonicalUuid(String(call.path.message_id));
  const message = stored.messages.find((m) => m.message.id === id)?.message;
  if (!message)
    throw new ApiError(
      'message_not_found',
      `Message ${id} not found in thread ${stored.thread.id}. List its messages with GET /v1/threads/${stored.thread.id}/messages.`,
    );
  if (message.role !== 'assistant')
    throw new ApiError(
      'invalid_input',
      `Feedback goes on assistant messages; message ${id} is a ${message.role} message.`,
    );
  return message;
}

export const upsertFeedback: Handler = (call, state) => {
  const message = assistantMessage(call, state);
  const body = call.body as FeedbackRequest;
  const reasonId = body.reason_id ?? null;
  const comment = body.comment ?? null;
  if (body.feedback === 'positive' && (reasonId !== null || (comment !== null && comment.trim() !== '')))
    throw new ApiError('invalid_input', 'Positive feedback must not include a reason or comment.');
  if (reasonId !== null && !NEGATIVE_REASONS.some((r) => r.id === canonicalUuid(reasonId)))
    throw new ApiError(
      'invalid_input',
      `reason_id ${reasonId} is none of the reasons of GET /v1/feedback/negative/reasons.`,
    );
  const answer = { created_at: timestamp(state.clock.now()), feedback: body.feedback, message_id: message.id };
  state.feedback.put(message.id, { answer, reasonId, comment });
  return { status: 200, json: answer };
};

/** Removing feedback that is not there leaves the same state: 204 as well. */
export const deleteFeedback: Handler = (call, state) => {
  state.feedback.remove(assistantMessage(call, state).id);
  return { status: 204, empty: true };
};

export const listNegativeFeedbackReasons: Handler = () => ({ status: 200, json: NEGATIVE_REASONS });
