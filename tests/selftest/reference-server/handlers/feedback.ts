// Feedback on an assistant message (create or overwrite, delete) and the negative reasons. Positive
// feedback carries no reason or comment (the page's rule, answered 400 invalid_input here, as is
// feedback on any other message); a message the thread does not hold is 404 message_not_found.
import { readJson } from '../body-readings.ts';
import { type Context, threadFor, threadIdParam } from '../context.ts';
import { ApiError, sendEmpty, sendJson } from '../http-io.ts';
import { liveMessages, type MessageRecord, timestamp } from '../store.ts';
import { checkObjectBody } from '../validate.ts';

const REASONS = [
  { id: '5b2a9e6c-1d3f-4a8b-9c7e-2f4d6a8b0c1e', reason: 'Falsch', description: 'Die Antwort ist sachlich falsch.' },
  {
    id: '8c3d0f7a-2e4b-4c9d-8a1f-3b5e7c9d1f2a',
    reason: 'Zu allgemein',
    description: 'Die Antwort trifft die Frage nicht.',
  },
];

function assistantMessage(ctx: Context): MessageRecord {
  const thread = threadFor(ctx, threadIdParam(ctx));
  const message = liveMessages(thread).find((m) => m.id === ctx.params.message_id);
  if (!message) throw new ApiError('message_not_found');
  if (message.role !== 'assistant')
    throw new ApiError('invalid_input', { detail: 'Feedback can only be given on assistant messages' });
  return message;
}

/** upsertFeedback: 200 with {created_at, feedback, message_id}; a second call overwrites. */
export function upsertFeedback(ctx: Context): void {
  const body = checkObjectBody(readJson(ctx.req, ctx.bodyText, true, ctx.readings), (c) =>
    c
      .oneOf('feedback', ['positive', 'negative'], { required: true })
      .string('reason_id', { nullable: true })
      .string('comment', { nullable: true }),
  );
  const message = assistantMessage(ctx);
  const reason = typeof body.reason_id === 'string' ? body.reason_id : null;
  const comment = typeof body.comment === 'string' && body.comment.trim() !== '' ? body.comment : null;
  if (body.feedback === 'positive' && (reason !== null || comment !== null))
    throw new ApiError('invalid_input', { detail: 'Positive feedback must not include a reason or comment' });
  if (reason !== null && !REASONS.some((r) => r.id === reason))
    throw new ApiError('invalid_input', { detail: 'Unknown reason_id' });
  const created_at = timestamp();
  ctx.store.feedback.set(message.id, { feedback: String(body.feedback), created_at });
  sendJson(ctx.res, 200, { created_at, feedback: body.feedback, message_id: message.id });
}

/** deleteFeedback: 204, also where none was given. */
export function deleteFeedback(ctx: Context): void {
  ctx.store.feedback.delete(assistantMessage(ctx).id);
  sendEmpty(ctx.res, 204);
}

/** listNegativeFeedbackReasons: the reasons a negative feedback may name. */
export function listNegativeFeedbackReasons(ctx: Context): void {
  sendJson(ctx.res, 200, REASONS);
}
