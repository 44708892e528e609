// The route table: every documented operation under /v1, with what it accepts (path, query,
// header and body schemas), its rate-limit budget and its handler. Order matters only where
// a fixed segment and a parameter compete (/v1/files/signed-url before /v1/files/{file_id}).
import { chatCompletion, runThread } from './answer-handlers.ts';
import { getAssistant, listAssistants, listNegativeReasons, myApiKeys } from './catalog-handlers.ts';
import type { Route } from './context.ts';
import { deleteFeedback, upsertFeedback } from './feedback-handlers.ts';
import { deleteFile, fileContent, fileStatus, listFiles, signedUrl } from './file-handlers.ts';
import { createMessage, deleteMessage, listMessages } from './message-handlers.ts';
import { chatSchema, feedbackSchema, messageSchema, runSchema, threadCreateSchema } from './request-schemas.ts';
import { bool, type Field, int, opt, req, type Schema, str, uuid } from './schema.ts';
import { createThread, deleteThread, getThread, listThreads } from './thread-handlers.ts';

const thread: Record<string, Schema> = { thread_id: uuid };
const message: Record<string, Schema> = { thread_id: uuid, message_id: uuid };
// The files pages give file_id no format, so an unknown or odd id is simply "not available".
const file: Record<string, Schema> = { file_id: str({ minLength: 1 }) };
const endUser: Record<string, Field> = { 'user-id': req(str({ minLength: 1 })) };
// "limit … Default 100"; 100 is also taken as the maximum (the files API's documented cap).
const cursorPaging: Record<string, Field> = { limit: opt(int(1, 100)), cursor: opt(str()) };

export const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: '/v1/assistants', bucket: 'other', handle: listAssistants },
  {
    method: 'GET',
    pattern: '/v1/assistants/:assistant_id',
    bucket: 'other',
    path: { assistant_id: uuid },
    handle: getAssistant,
  },

  { method: 'POST', pattern: '/v1/threads', bucket: 'other', body: threadCreateSchema, handle: createThread },
  {
    method: 'GET',
    pattern: '/v1/threads',
    bucket: 'other',
    query: { ...cursorPaging, user_id: opt(uuid), include_deleted: opt(bool) },
    handle: listThreads,
  },
  { method: 'GET', pattern: '/v1/threads/:thread_id', bucket: 'other', path: thread, handle: getThread },
  { method: 'DELETE', pattern: '/v1/threads/:thread_id', bucket: 'other', path: thread, handle: deleteThread },

  {
    method: 'POST',
    pattern: '/v1/threads/:thread_id/messages',
    bucket: 'other',
    path: thread,
    body: messageSchema,
    handle: createMessage,
  },
  {
    method: 'GET',
    pattern: '/v1/threads/:thread_id/messages',
    bucket: 'other',
    path: thread,
    query: cursorPaging,
    handle: listMessages,
  },
  {
    method: 'DELETE',
    pattern: '/v1/threads/:thread_id/messages/:message_id',
    bucket: 'other',
    path: message,
    handle: deleteMessage,
  },

  {
    method: 'POST',
    pattern: '/v1/threads/:thread_id/run',
    bucket: 'answer',
    path: thread,
    body: runSchema,
    handle: (ctx) => runThread(ctx, false),
  },
  {
    method: 'POST',
    pattern: '/v1/threads/:thread_id/run/stream',
    bucket: 'answer',
    path: thread,
    body: runSchema,
    handle: (ctx) => runThread(ctx, true),
  },
  {
    method: 'POST',
    pattern: '/v1/chat/completions',
    bucket: 'answer',
    query: { thread_id: opt(uuid) },
    body: chatSchema,
    handle: (ctx) => chatCompletion(ctx, false),
  },
  {
    method: 'POST',
    pattern: '/v1/chat/completions/stream',
    bucket: 'answer',
    query: { thread_id: opt(uuid) },
    body: chatSchema,
    handle: (ctx) => chatCompletion(ctx, true),
  },

  {
    method: 'POST',
    pattern: '/v1/threads/:thread_id/messages/:message_id/feedback',
    bucket: 'other',
    path: message,
    body: feedbackSchema,
    handle: upsertFeedback,
  },
  {
    method: 'DELETE',
    pattern: '/v1/threads/:thread_id/messages/:message_id/feedback',
    bucket: 'other',
    path: message,
    handle: deleteFeedback,
  },
  { method: 'GET', pattern: '/v1/feedback/negative/reasons', bucket: 'other', handle: listNegativeReasons },

  {
    method: 'GET',
    pattern: '/v1/files/signed-url',
    bucket: 'other',
    headers: endUser,
    query: { filename: req(str({ minLength: 1, maxLength: 255 })), persist: opt(bool) },
    handle: signedUrl,
  },
  {
    method: 'GET',
    pattern: '/v1/files',
    bucket: 'other',
    headers: endUser,
    query: { page: opt(int(1)), limit: opt(int(1, 100)) },
    handle: listFiles,
  },
  {
    method: 'GET',
    pattern: '/v1/files/:file_id/status',
    bucket: 'other',
    path: file,
    headers: endUser,
    handle: fileStatus,
  },
  { method: 'GET', pattern: '/v1/files/:file_id', bucket: 'other', path: file, headers: endUser, handle: fileContent },
  {
    method: 'DELETE',
    pattern: '/v1/files/:file_id',
    bucket: 'other',
    path: file,
    headers: endUser,
    handle: deleteFile,
  },

  { method: 'GET', pattern: '/v1/tenants/my-api-keys', bucket: 'other', handle: myApiKeys },
];

function matchPattern(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const segment = got[i] ?? '';
    if (part.startsWith(':')) {
      if (segment === '') return null;
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        params[part.slice(1)] = segment;
      }
    } else if (part !== segment) {
      return null;
    }
  }
  return params;
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'wrong-method'; allow: string[] }
  | { kind: 'none' };

export function findRoute(method: string, path: string): RouteMatch {
  const allow: string[] = [];
  for (const route of ROUTES) {
    const params = matchPattern(route.pattern, path);
    if (!params) continue;
    if (route.method === method) return { kind: 'found', route, params };
    if (!allow.includes(route.method)) allow.push(route.method);
  }
  return allow.length > 0 ? { kind: 'wrong-method', allow } : { kind: 'none' };
}
