// Feedback on assistant messages (create or overwrite, delete) and the negative reasons.
import { type Ctx, json, noContent, pathUuid, type Route } from './context.ts';
import { errors } from './errors.ts';
import { NEGATIVE_REASONS } from './fixtures.ts';
import { bodyObject } from './http.ts';
import { type Message, now } from './store.ts';
import { findThread } from './threads.ts';
import { enumOf, Issues, opt, req, str, uuid } from './validate.ts';

function assistantMessage(ctx: Ctx, iss: Issues): Message {
  const threadId = pathUuid(ctx, 'thread_id', iss);
  const messageId = pathUuid(ctx, 'message_id', iss);
  return lookup(ctx, threadId, messageId, iss);
}

function lookup(ctx: Ctx, threadId: string | undefined, messageId: string | undefined, iss: Issues): Message {
  iss.throwIfAny();
  const m = findThread(ctx, threadId ?? '').messages.find((x) => x.id === messageId);
  if (!m) throw errors.messageNotFound();
  if (m.role !== 'assistant') throw errors.invalidInput('Feedback can only be given on assistant messages.');
  return m;
}

export const feedbackRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v1/threads/{thread_id}/messages/{message_id}/feedback',
    body: true,
    handler: (ctx) => {
      const iss = new Issues();
      const threadId = pathUuid(ctx, 'thread_id', iss);
      const messageId = pathUuid(ctx, 'message_id', iss);
      const body = bodyObject(ctx.body, iss, true);
      const feedback =
        body && req(body, 'feedback', ['body'], iss, (v, l, i) => enumOf(v, ['positive', 'negative'] as const, l, i));
      // The reason is one of GET /v1/feedback/negative/reasons, by id; "reason" is accepted as an alias.
      const reasonKey = body && body.reason_id == null && body.reason != null ? 'reason' : 'reason_id';
      const reasonId = body && opt(body, reasonKey, ['body'], iss, uuid);
      const comment = body && opt(body, 'comment', ['body'], iss, str);
      const m = lookup(ctx, threadId, messageId, iss);
      const hasComment = typeof comment === 'string' && comment.trim() !== '';
      if (feedback === 'positive' && (reasonId || hasComment))
        throw errors.invalidInput('Positive feedback must not include a reason or comment.');
      if (reasonId && !NEGATIVE_REASONS.some((r) => r.id === reasonId))
        throw errors.invalidInput('Unknown negative feedback reason.');
      m.feedback = {
        feedback: feedback ?? 'positive',
        reasonId: reasonId ?? null,
        comment: hasComment ? comment : null,
        createdAt: now(),
      };
      return json(200, { created_at: m.feedback.createdAt, feedback: m.feedback.feedback, message_id: m.id });
    },
  },
  {
    method: 'DELETE',
    path: '/v1/threads/{thread_id}/messages/{message_id}/feedback',
    handler: (ctx) => {
      // Removing feedback that is not there leaves the same state: 204 as well.
      delete assistantMessage(ctx, new Issues()).feedback;
      return noContent();
    },
  },
  { method: 'GET', path: '/v1/feedback/negative/reasons', handler: () => json(200, NEGATIVE_REASONS) },
];
