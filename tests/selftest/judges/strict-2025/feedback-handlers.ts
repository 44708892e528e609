// Feedback on assistant messages: create or overwrite, delete.
import { ownThread } from './access.ts';
import { NEGATIVE_REASONS } from './catalog.ts';
import type { Ctx, Reply } from './context.ts';
import { refuse } from './errors.ts';
import { feedbackView } from './feedback-store.ts';
import type { MessageRecord } from './message-store.ts';
import type { FeedbackBody } from './request-schemas.ts';

function assistantMessage(ctx: Ctx): MessageRecord {
  const thread = ownThread(ctx, ctx.path.thread_id ?? '');
  const message = ctx.app.messages.find(thread.id, ctx.path.message_id ?? '');
  if (!message) throw refuse.messageNotFound();
  if (message.role !== 'assistant') throw refuse.feedbackInvalid('feedback can only be given on assistant messages');
  return message;
}

export function upsertFeedback(ctx: Ctx): Reply {
  const body = ctx.body as FeedbackBody;
  const message = assistantMessage(ctx);
  const reasonId = body.reason_id ?? null;
  const comment = body.comment ?? null;
  if (body.feedback === 'positive' && (reasonId !== null || comment !== null)) {
    throw refuse.feedbackInvalid('positive feedback must not include a reason or comment');
  }
  if (reasonId !== null && !NEGATIVE_REASONS.some((r) => r.id === reasonId)) {
    throw refuse.feedbackInvalid('reason_id is not one of GET /v1/feedback/negative/reasons');
  }
  const { record, replaced } = ctx.app.feedback.upsert({
    messageId: message.id,
    threadId: message.threadId,
    feedback: body.feedback,
    reasonId,
    comment,
  });
  return { status: replaced ? 200 : 201, json: feedbackView(record) };
}

export function deleteFeedback(ctx: Ctx): Reply {
  const message = assistantMessage(ctx);
  if (!ctx.app.feedback.remove(message.id)) throw refuse.feedbackNotFound();
  return { status: 204 };
}
