import { operationIds } from '../../contracts/check/operation-path.ts';
import type { components } from '../../contracts/generated/api.ts';
import type { OperationId } from '../../contracts/generated/validators.js';
import { type Called, call, DEFAULTS } from './helpers/mock-client.ts';
import { expect, test, type WorkerMock, workerMock } from './helpers/mock-test.ts';

type Thread = components['schemas']['Thread'];
type Message = components['schemas']['Message'];

// Every route, its success and the errors the mock produces without injection; each response
// must keep the contract. The last test proves the table reaches every operation.
let mock: WorkerMock;
const seen = new Map<OperationId, Set<number>>();

test.beforeAll(async () => {
  mock = await workerMock();
});

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const USER = { role: 'user', content: 'Wie lang ist die Kündigungsfrist in der Probezeit?' };

async function thread(assistant: string = DEFAULTS.streamingAssistant, messages: object[] = [USER]): Promise<Thread> {
  const created = (await call(mock.url, 'POST', '/v1/threads', { json: { assistant_id: assistant } })).json<Thread>();
  for (const m of messages)
    expect((await call(mock.url, 'POST', `/v1/threads/${created.id}/messages`, { json: m })).status).toBe(201);
  return created;
}

function record(op: OperationId, res: Called): void {
  if (!seen.has(op)) seen.set(op, new Set());
  seen.get(op)?.add(res.status);
}

interface Case {
  op: OperationId;
  want: number;
  code?: string;
  request: () => Promise<Called>;
}

const chatBody = (extra: object = {}) => ({ assistant_id: DEFAULTS.streamingAssistant, messages: [USER], ...extra });

const FILE_USER = { 'user-id': 'mock-routes-user' };

/** A thread with an answered question; resolves to the thread and its assistant message id. */
async function answered(): Promise<{ thread: Thread; answer: string }> {
  const created = await thread();
  const run = await call(mock.url, 'POST', `/v1/threads/${created.id}/run`, { json: {} });
  return { thread: created, answer: run.json<{ id: string }>().id };
}

/** An uploaded text file of FILE_USER, processed (the mock takes 100 ms). */
async function uploadedFile(): Promise<string> {
  const signed = await call(mock.url, 'GET', '/v1/files/signed-url?filename=routes.txt', { headers: FILE_USER });
  const { file_url, file_id } = signed.json<{ file_url: string; file_id: string }>();
  const put = await fetch(file_url, { method: 'PUT', body: 'Kündigungsfrist: zwei Wochen.' });
  expect(put.status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 150));
  return file_id;
}

const cases: Array<[string, Case]> = [
  [
    'lists the assistants of the tenant',
    { op: 'listAssistants', want: 200, request: () => call(mock.url, 'GET', '/v1/assistants') },
  ],
  [
    'refuses a call without a key',
    {
      op: 'listAssistants',
      want: 401,
      code: 'unauthorized',
      request: () => call(mock.url, 'GET', '/v1/assistants', { key: null }),
    },
  ],
  [
    'gets an assistant',
    {
      op: 'getAssistant',
      want: 200,
      request: () => call(mock.url, 'GET', `/v1/assistants/${DEFAULTS.licenceAssistant}`),
    },
  ],
  [
    'answers assistant_not_found for an unknown assistant',
    {
      op: 'getAssistant',
      want: 404,
      code: 'assistant_not_found',
      request: () => call(mock.url, 'GET', `/v1/assistants/${UNKNOWN}`),
    },
  ],
  [
    'answers assistant_not_found for another tenant asking for an assistant',
    {
      op: 'getAssistant',
      want: 404,
      code: 'assistant_not_found',
      request: () =>
        call(mock.url, 'GET', `/v1/assistants/${DEFAULTS.streamingAssistant}`, { key: DEFAULTS.otherTenantKey }),
    },
  ],
  [
    'refuses a non-uuid assistant id',
    {
      op: 'getAssistant',
      want: 422,
      code: 'validation_error',
      request: () => call(mock.url, 'GET', '/v1/assistants/abc'),
    },
  ],
  [
    'creates a thread',
    {
      op: 'createThread',
      want: 201,
      request: () =>
        call(mock.url, 'POST', '/v1/threads', {
          json: { assistant_id: DEFAULTS.streamingAssistant, user_id: UNKNOWN, title: 't' },
        }),
    },
  ],
  [
    'refuses a thread for an assistant of another tenant',
    {
      op: 'createThread',
      want: 403,
      code: 'assistant_not_available',
      request: () =>
        call(mock.url, 'POST', '/v1/threads', {
          key: DEFAULTS.otherTenantKey,
          json: { assistant_id: DEFAULTS.streamingAssistant },
        }),
    },
  ],
  [
    'refuses a thread without assistant_id',
    {
      op: 'createThread',
      want: 422,
      code: 'validation_error',
      request: () => call(mock.url, 'POST', '/v1/threads', { json: {} }),
    },
  ],
  [
    'refuses a body over 1 MiB',
    {
      op: 'createThread',
      want: 413,
      code: 'bad_request',
      request: () =>
        call(mock.url, 'POST', '/v1/threads', {
          json: { assistant_id: DEFAULTS.streamingAssistant, title: 'x'.repeat(1024 * 1024) },
        }),
    },
  ],
  [
    'lists threads',
    {
      op: 'listThreads',
      want: 200,
      request: async () => {
        await thread();
        return call(mock.url, 'GET', '/v1/threads?limit=2&include_deleted=true');
      },
    },
  ],
  [
    'refuses a limit over 100',
    {
      op: 'listThreads',
      want: 422,
      code: 'validation_error',
      request: () => call(mock.url, 'GET', '/v1/threads?limit=101'),
    },
  ],
  [
    'gets a thread',
    { op: 'getThread', want: 200, request: async () => call(mock.url, 'GET', `/v1/threads/${(await thread()).id}`) },
  ],
  [
    'answers thread_not_found for an unknown thread',
    {
      op: 'getThread',
      want: 404,
      code: 'thread_not_found',
      request: () => call(mock.url, 'GET', `/v1/threads/${UNKNOWN}`),
    },
  ],
  [
    'refuses a non-uuid thread id',
    {
      op: 'getThread',
      want: 422,
      code: 'validation_error',
      request: () => call(mock.url, 'GET', '/v1/threads/not-a-uuid'),
    },
  ],
  [
    'deletes a thread with an empty body',
    {
      op: 'deleteThread',
      want: 204,
      request: async () => call(mock.url, 'DELETE', `/v1/threads/${(await thread()).id}`),
    },
  ],
  [
    'answers thread_not_found when deleting an unknown thread',
    {
      op: 'deleteThread',
      want: 404,
      code: 'thread_not_found',
      request: () => call(mock.url, 'DELETE', `/v1/threads/${UNKNOWN}`),
    },
  ],
  [
    'refuses to delete a non-uuid thread',
    {
      op: 'deleteThread',
      want: 422,
      code: 'validation_error',
      request: () => call(mock.url, 'DELETE', '/v1/threads/1'),
    },
  ],
  [
    'creates a message',
    {
      op: 'createMessage',
      want: 201,
      request: async () => call(mock.url, 'POST', `/v1/threads/${(await thread()).id}/messages`, { json: USER }),
    },
  ],
  [
    'refuses a tool message without its call',
    {
      op: 'createMessage',
      want: 400,
      code: 'tool_message_has_no_matching_tool_call',
      request: async () =>
        call(mock.url, 'POST', `/v1/threads/${(await thread()).id}/messages`, {
          json: { role: 'tool', content: 'r', tool_call_id: 'call_x' },
        }),
    },
  ],
  [
    'answers thread_not_found for a message to an unknown thread',
    {
      op: 'createMessage',
      want: 404,
      code: 'thread_not_found',
      request: () => call(mock.url, 'POST', `/v1/threads/${UNKNOWN}/messages`, { json: USER }),
    },
  ],
  [
    'refuses empty content',
    {
      op: 'createMessage',
      want: 422,
      code: 'message_content_empty',
      request: async () =>
        call(mock.url, 'POST', `/v1/threads/${(await thread()).id}/messages`, { json: { role: 'user', content: ' ' } }),
    },
  ],
  [
    'refuses a message body over 1 MiB',
    {
      op: 'createMessage',
      want: 413,
      code: 'bad_request',
      request: () =>
        call(mock.url, 'POST', `/v1/threads/${UNKNOWN}/messages`, {
          json: { role: 'user', content: 'x'.repeat(1024 * 1024 + 1) },
        }),
    },
  ],
  [
    'lists messages',
    {
      op: 'listMessages',
      want: 200,
      request: async () => call(mock.url, 'GET', `/v1/threads/${(await thread()).id}/messages?limit=1`),
    },
  ],
  [
    'answers thread_not_found listing an unknown thread',
    {
      op: 'listMessages',
      want: 404,
      code: 'thread_not_found',
      request: () => call(mock.url, 'GET', `/v1/threads/${UNKNOWN}/messages`),
    },
  ],
  [
    'refuses a cursor it did not issue',
    {
      op: 'listMessages',
      want: 422,
      code: 'validation_error',
      request: async () => call(mock.url, 'GET', `/v1/threads/${(await thread()).id}/messages?cursor=forged`),
    },
  ],
  [
    'deletes a message',
    {
      op: 'deleteMessage',
      want: 204,
      request: async () => {
        const t = await thread();
        const m = (await call(mock.url, 'GET', `/v1/threads/${t.id}/messages`)).json<{ items: Message[] }>().items[0];
        return call(mock.url, 'DELETE', `/v1/threads/${t.id}/messages/${m?.id}`);
      },
    },
  ],
  [
    'answers thread_not_found for an unknown message',
    {
      op: 'deleteMessage',
      want: 404,
      code: 'thread_not_found',
      request: async () => call(mock.url, 'DELETE', `/v1/threads/${(await thread()).id}/messages/${UNKNOWN}`),
    },
  ],
  [
    'refuses a non-uuid message id',
    {
      op: 'deleteMessage',
      want: 422,
      code: 'validation_error',
      request: () => call(mock.url, 'DELETE', `/v1/threads/${UNKNOWN}/messages/7`),
    },
  ],
  [
    'runs a thread',
    {
      op: 'createRun',
      want: 200,
      request: async () => call(mock.url, 'POST', `/v1/threads/${(await thread()).id}/run`, { json: {} }),
    },
  ],
  [
    'runs a thread with no body at all',
    {
      op: 'createRun',
      want: 200,
      request: async () => call(mock.url, 'POST', `/v1/threads/${(await thread()).id}/run`),
    },
  ],
  [
    'answers a tool call when the run configures tools',
    {
      op: 'createRun',
      want: 200,
      request: async () =>
        call(mock.url, 'POST', `/v1/threads/${(await thread()).id}/run`, {
          json: { tools: [{ type: 'function', function: { name: 'lookup' } }] },
        }),
    },
  ],
  [
    // Message Validation (/docs/validation/messages): "The messages array must contain at least
    // one message", and "All violations return an HTTP 422".
    'refuses a run of a thread without messages',
    {
      op: 'createRun',
      want: 422,
      code: 'unprocessable_entity',
      request: async () =>
        call(mock.url, 'POST', `/v1/threads/${(await thread(DEFAULTS.streamingAssistant, [])).id}/run`, { json: {} }),
    },
  ],
  [
    // Create a run: "The thread must contain at least one user message" (no status on the page:
    // the mock answers 422, as the 2026 pages answer the stack rules; the older reading was 400).
    'refuses a run without a user message',
    {
      op: 'createRun',
      want: 422,
      code: 'unprocessable_entity',
      request: async () => {
        const t = await thread(DEFAULTS.streamingAssistant, [{ role: 'system', content: 's' }]);
        return call(mock.url, 'POST', `/v1/threads/${t.id}/run`, { json: {} });
      },
    },
  ],
  [
    'refuses another tenant running a thread whose assistant it lacks',
    {
      op: 'createRun',
      want: 403,
      code: 'assistant_not_available',
      request: async () =>
        call(mock.url, 'POST', `/v1/threads/${(await thread()).id}/run`, { key: DEFAULTS.otherTenantKey, json: {} }),
    },
  ],
  [
    'answers thread_not_found running an unknown thread',
    {
      op: 'createRun',
      want: 404,
      code: 'thread_not_found',
      request: () => call(mock.url, 'POST', `/v1/threads/${UNKNOWN}/run`, { json: {} }),
    },
  ],
  [
    'refuses a run without the required licence',
    {
      op: 'createRun',
      want: 422,
      code: 'request_metadata_missing_or_incomplete',
      request: async () =>
        call(mock.url, 'POST', `/v1/threads/${(await thread(DEFAULTS.licenceAssistant)).id}/run`, { json: {} }),
    },
  ],
  [
    'refuses a run body over 1 MiB',
    {
      op: 'createRun',
      want: 413,
      code: 'bad_request',
      request: () =>
        call(mock.url, 'POST', `/v1/threads/${UNKNOWN}/run`, {
          body: ' '.repeat(1024 * 1024 + 1),
          headers: { 'content-type': 'application/json' },
        }),
    },
  ],
  [
    'streams a run as NDJSON',
    {
      op: 'createRunStream',
      want: 200,
      request: async () => call(mock.url, 'POST', `/v1/threads/${(await thread()).id}/run/stream`, { json: {} }),
    },
  ],
  [
    'refuses to stream an assistant that does not stream',
    {
      op: 'createRunStream',
      want: 422,
      code: 'engine_does_not_support_streaming',
      request: async () =>
        call(mock.url, 'POST', `/v1/threads/${(await thread(DEFAULTS.licenceAssistant)).id}/run/stream`, { json: {} }),
    },
  ],
  [
    // Message Validation: "The last message must have role user or tool", a 422 (the older pages' 400).
    'refuses to stream a thread that ends on an assistant message',
    {
      op: 'createRunStream',
      want: 422,
      code: 'incorrect_stack_ending',
      request: async () => {
        const t = await thread();
        await call(mock.url, 'POST', `/v1/threads/${t.id}/run`, { json: {} });
        return call(mock.url, 'POST', `/v1/threads/${t.id}/run/stream`, { json: {} });
      },
    },
  ],
  [
    'answers thread_not_found streaming an unknown thread',
    {
      op: 'createRunStream',
      want: 404,
      code: 'thread_not_found',
      request: () => call(mock.url, 'POST', `/v1/threads/${UNKNOWN}/run/stream`, { json: {} }),
    },
  ],
  [
    'refuses another tenant streaming a thread whose assistant it lacks',
    {
      op: 'createRunStream',
      want: 403,
      code: 'assistant_not_available',
      request: async () =>
        call(mock.url, 'POST', `/v1/threads/${(await thread()).id}/run/stream`, {
          key: DEFAULTS.otherTenantKey,
          json: {},
        }),
    },
  ],
  [
    'refuses a stream body over 1 MiB',
    {
      op: 'createRunStream',
      want: 413,
      code: 'bad_request',
      request: () => call(mock.url, 'POST', `/v1/threads/${UNKNOWN}/run/stream`, { body: ' '.repeat(1024 * 1024 + 1) }),
    },
  ],
  [
    'answers a chat completion without a thread',
    {
      op: 'createChatCompletion',
      want: 200,
      request: () => call(mock.url, 'POST', '/v1/chat/completions', { json: chatBody() }),
    },
  ],
  [
    'answers a chat completion after the messages of a thread',
    {
      op: 'createChatCompletion',
      want: 200,
      request: async () =>
        call(mock.url, 'POST', `/v1/chat/completions?thread_id=${(await thread()).id}`, { json: chatBody() }),
    },
  ],
  [
    'refuses chat messages without a user message',
    {
      op: 'createChatCompletion',
      want: 422,
      code: 'unprocessable_entity',
      request: () =>
        call(mock.url, 'POST', '/v1/chat/completions', {
          json: chatBody({ messages: [{ role: 'system', content: 's' }] }),
        }),
    },
  ],
  [
    'refuses a chat completion with an assistant of another tenant',
    {
      op: 'createChatCompletion',
      want: 403,
      code: 'assistant_not_available',
      request: () => call(mock.url, 'POST', '/v1/chat/completions', { key: DEFAULTS.otherTenantKey, json: chatBody() }),
    },
  ],
  [
    'answers resource_not_found for an unknown thread_id',
    {
      op: 'createChatCompletion',
      want: 404,
      code: 'resource_not_found',
      request: () => call(mock.url, 'POST', `/v1/chat/completions?thread_id=${UNKNOWN}`, { json: chatBody() }),
    },
  ],
  [
    'refuses a chat completion with an empty message list',
    {
      op: 'createChatCompletion',
      want: 422,
      code: 'validation_error',
      request: () => call(mock.url, 'POST', '/v1/chat/completions', { json: chatBody({ messages: [] }) }),
    },
  ],
  [
    'refuses a chat body over 1 MiB',
    {
      op: 'createChatCompletion',
      want: 413,
      code: 'bad_request',
      request: () =>
        call(mock.url, 'POST', '/v1/chat/completions', { json: chatBody({ user_id: 'x'.repeat(1024 * 1024) }) }),
    },
  ],
  [
    'streams a chat completion',
    {
      op: 'createChatCompletionStream',
      want: 200,
      request: () => call(mock.url, 'POST', '/v1/chat/completions/stream', { json: chatBody() }),
    },
  ],
  [
    'refuses a chat stream ending on an assistant message',
    {
      op: 'createChatCompletionStream',
      want: 422,
      code: 'incorrect_stack_ending',
      request: () =>
        call(mock.url, 'POST', '/v1/chat/completions/stream', {
          json: chatBody({ messages: [USER, { role: 'assistant', content: 'a' }] }),
        }),
    },
  ],
  [
    'refuses a chat stream for an assistant that does not stream',
    {
      op: 'createChatCompletionStream',
      want: 422,
      code: 'engine_does_not_support_streaming',
      request: () =>
        call(mock.url, 'POST', '/v1/chat/completions/stream', {
          json: chatBody({ assistant_id: DEFAULTS.licenceAssistant }),
        }),
    },
  ],
  [
    'answers resource_not_found streaming after an unknown thread',
    {
      op: 'createChatCompletionStream',
      want: 404,
      code: 'resource_not_found',
      request: () => call(mock.url, 'POST', `/v1/chat/completions/stream?thread_id=${UNKNOWN}`, { json: chatBody() }),
    },
  ],
  [
    'refuses a chat stream with an assistant of another tenant',
    {
      op: 'createChatCompletionStream',
      want: 403,
      code: 'assistant_not_available',
      request: () =>
        call(mock.url, 'POST', '/v1/chat/completions/stream', { key: DEFAULTS.otherTenantKey, json: chatBody() }),
    },
  ],
  [
    'refuses a chat stream body over 1 MiB',
    {
      op: 'createChatCompletionStream',
      want: 413,
      code: 'bad_request',
      request: () => call(mock.url, 'POST', '/v1/chat/completions/stream', { body: 'x'.repeat(1024 * 1024 + 1) }),
    },
  ],
  [
    'stores feedback on an assistant message',
    {
      op: 'upsertFeedback',
      want: 200,
      request: async () => {
        const { thread: t, answer } = await answered();
        return call(mock.url, 'POST', `/v1/threads/${t.id}/messages/${answer}/feedback`, {
          json: { feedback: 'positive' },
        });
      },
    },
  ],
  [
    'refuses positive feedback with a comment',
    {
      op: 'upsertFeedback',
      want: 400,
      code: 'invalid_input',
      request: async () => {
        const { thread: t, answer } = await answered();
        return call(mock.url, 'POST', `/v1/threads/${t.id}/messages/${answer}/feedback`, {
          json: { feedback: 'positive', comment: 'gut' },
        });
      },
    },
  ],
  [
    'deletes feedback',
    {
      op: 'deleteFeedback',
      want: 204,
      request: async () => {
        const { thread: t, answer } = await answered();
        return call(mock.url, 'DELETE', `/v1/threads/${t.id}/messages/${answer}/feedback`);
      },
    },
  ],
  [
    'answers message_not_found deleting the feedback of an unknown message',
    {
      op: 'deleteFeedback',
      want: 404,
      code: 'message_not_found',
      request: async () => {
        const t = await thread();
        return call(mock.url, 'DELETE', `/v1/threads/${t.id}/messages/${UNKNOWN}/feedback`);
      },
    },
  ],
  [
    'lists the negative feedback reasons',
    {
      op: 'listNegativeFeedbackReasons',
      want: 200,
      request: () => call(mock.url, 'GET', '/v1/feedback/negative/reasons'),
    },
  ],
  [
    'refuses the reasons without a key',
    {
      op: 'listNegativeFeedbackReasons',
      want: 401,
      code: 'unauthorized',
      request: () => call(mock.url, 'GET', '/v1/feedback/negative/reasons', { key: null }),
    },
  ],
  [
    'answers an upload URL on the storage origin',
    {
      op: 'getUploadUrl',
      want: 200,
      request: () => call(mock.url, 'GET', '/v1/files/signed-url?filename=a.pdf', { headers: FILE_USER }),
    },
  ],
  [
    'refuses an upload URL without the user-id header',
    {
      op: 'getUploadUrl',
      want: 422,
      code: 'validation_error',
      request: () => call(mock.url, 'GET', '/v1/files/signed-url?filename=a.pdf'),
    },
  ],
  [
    "lists the user's files",
    { op: 'listFiles', want: 200, request: () => call(mock.url, 'GET', '/v1/files', { headers: FILE_USER }) },
  ],
  [
    'refuses a limit over 100',
    {
      op: 'listFiles',
      want: 422,
      code: 'validation_error',
      request: () => call(mock.url, 'GET', '/v1/files?limit=101', { headers: FILE_USER }),
    },
  ],
  [
    "answers a processed file's status",
    {
      op: 'getFileStatus',
      want: 200,
      request: async () => call(mock.url, 'GET', `/v1/files/${await uploadedFile()}/status`, { headers: FILE_USER }),
    },
  ],
  [
    'answers attachment_document_does_not_exist for an unknown file',
    {
      op: 'getFileStatus',
      want: 404,
      code: 'attachment_document_does_not_exist',
      request: () => call(mock.url, 'GET', `/v1/files/${UNKNOWN}/status`, { headers: FILE_USER }),
    },
  ],
  [
    "answers a processed file's text as text/plain",
    {
      op: 'getFileContent',
      want: 200,
      request: async () => call(mock.url, 'GET', `/v1/files/${await uploadedFile()}`, { headers: FILE_USER }),
    },
  ],
  [
    "refuses another user's file",
    {
      op: 'getFileContent',
      want: 404,
      code: 'attachment_document_does_not_exist',
      request: async () =>
        call(mock.url, 'GET', `/v1/files/${await uploadedFile()}`, { headers: { 'user-id': 'someone-else' } }),
    },
  ],
  [
    'deletes a file',
    {
      op: 'deleteFile',
      want: 204,
      request: async () => call(mock.url, 'DELETE', `/v1/files/${await uploadedFile()}`, { headers: FILE_USER }),
    },
  ],
  [
    'refuses to delete a file of another tenant',
    {
      op: 'deleteFile',
      want: 404,
      code: 'attachment_document_does_not_exist',
      request: async () =>
        call(mock.url, 'DELETE', `/v1/files/${await uploadedFile()}`, {
          key: DEFAULTS.otherTenantKey,
          headers: FILE_USER,
        }),
    },
  ],
  [
    "lists the tenant's keys",
    { op: 'listApiKeys', want: 200, request: () => call(mock.url, 'GET', '/v1/tenants/my-api-keys') },
  ],
  [
    'refuses the keys for an invalid key',
    {
      op: 'listApiKeys',
      want: 401,
      code: 'unauthorized',
      request: () => call(mock.url, 'GET', '/v1/tenants/my-api-keys', { key: 'not-a-key' }),
    },
  ],
];

test.describe.configure({ mode: 'serial' });
test.describe('every route keeps the contract', () => {
  for (const [name, c] of cases) {
    test(`${c.op}: ${name} (${c.want}${c.code ? ` ${c.code}` : ''})`, async () => {
      const res = await c.request();
      record(c.op, res);
      expect(res.status, res.body.slice(0, 300)).toBe(c.want);
      expect(res.problems).toEqual([]);
      if (c.code) expect(res.json<{ error_code: string }>().error_code).toBe(c.code);
    });
  }

  test('the table reaches every operation of the contract with a success and an error', () => {
    for (const op of operationIds) {
      const statuses = [...(seen.get(op) ?? [])];
      expect(
        statuses.some((s) => s < 300),
        `${op} has a success case`,
      ).toBe(true);
      expect(
        statuses.some((s) => s >= 400),
        `${op} has an error case`,
      ).toBe(true);
    }
  });
});
