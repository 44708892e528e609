// Smoke check: starts the judge on free ports and exercises every operation once (plus the main
// refusals). Run with: node --import ./bin/typescript-loader.js tests/selftest/judges/fastapi-2026/selfcheck.ts — exits 1 if anything fails.

import type { Json } from './errors.ts';
import { metaDataSchema, TENANTS } from './fixtures.ts';
import { startJudge } from './index.ts';
import { schemaErrors } from './schema.ts';

const KEY_A = 'judge-key-a';
const KEY_B = 'judge-key-b';
const [A1, A2] = [TENANTS[0]?.assistants[0], TENANTS[0]?.assistants[1]];
const B1 = TENANTS[1]?.assistants[0];
if (!A1 || !A2 || !B1) throw new Error('fixtures changed');
const USER = 'f8e7d6c5-4321-fedc-ba98-765432109876';

let failures = 0;
let passes = 0;
function check(name: string, ok: boolean, info?: unknown): void {
  if (ok) passes++;
  else failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : ` -> ${JSON.stringify(info)?.slice(0, 400)}`}`);
}

interface Res {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}
let base = '';
async function call(
  method: string,
  path: string,
  opts: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Res> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.key !== null) headers['api-key'] = opts.key ?? KEY_A;
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const r = await fetch(path.startsWith('http') ? path : base + path, { method, headers, body, redirect: 'manual' });
  const text = await r.text();
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: r.status, body: parsed, text, headers: r.headers };
}
const code = (r: Res): string | undefined => r.body?.error_code;
const ndjson = (r: Res): any[] =>
  r.text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

const judge = await startJudge({ rateLimits: false });
base = judge.url;
console.log(`judge at ${judge.url}, storage at ${judge.storageUrl}`);
try {
  // Assistants, tenants, authentication
  let r = await call('GET', '/v1/assistants');
  check(
    'list assistants: A sees its two, in order',
    r.status === 200 &&
      r.body.length === 2 &&
      r.body[0].id === A1.id &&
      r.body[1].id === A2.id &&
      r.body[1].streaming === false,
    r.body,
  );
  r = await call('GET', `/v1/assistants/${A2.id}`);
  check(
    'get assistant: required fields',
    r.status === 200 && r.body.request_required_fields.user_data[0] === 'licence',
    r.body,
  );
  r = await call('GET', `/v1/assistants/${B1.id}`);
  check(
    "get other tenant's assistant: 404 assistant_not_found",
    r.status === 404 && code(r) === 'assistant_not_found',
    r.body,
  );
  r = await call('GET', '/v1/assistants/not-a-uuid');
  check(
    'get assistant with bad id: 422 loc path',
    r.status === 422 && r.body.detail[0].loc.join() === 'path,assistant_id',
    r.body,
  );
  r = await call('GET', '/v1/assistants', { key: null });
  check('no api-key: 401 unauthorized', r.status === 401 && code(r) === 'unauthorized', r.body);
  r = await call('GET', '/v1/assistants', { key: 'wrong' });
  check('wrong api-key: 401', r.status === 401, r.body);
  r = await call('GET', '/v1/tenants/my-api-keys');
  check('tenants/my-api-keys', r.status === 200 && r.body.api_keys[0].api_key === KEY_A, r.body);
  r = await call('GET', '/v1/nothing-here');
  check('unknown route: 404 Not Found', r.status === 404 && r.body.detail === 'Not Found', r.body);

  // Threads
  r = await call('POST', '/v1/threads', {
    body: { assistant_id: A1.id, user_id: USER, title: 'Fragen zur Elternzeit' },
  });
  check('create thread: 201', r.status === 201 && r.body.assistant_id === A1.id && r.body.user_id === USER, r.body);
  const t1 = r.body.id as string;
  r = await call('POST', '/v1/threads', { body: { assistant_id: B1.id } });
  check("create thread with B's assistant: 404", r.status === 404 && code(r) === 'assistant_not_found', r.body);
  r = await call('POST', '/v1/threads', { body: { user_id: 5 } });
  check('create thread invalid: 422 both fields', r.status === 422 && r.body.detail.length === 2, r.body);
  await call('POST', '/v1/threads', { body: { assistant_id: A1.id } });
  r = await call('GET', '/v1/threads?limit=1');
  check(
    'list threads page 1 has cursor',
    r.status === 200 && r.body.items.length === 1 && typeof r.body.cursor === 'string',
    r.body,
  );
  r = await call('GET', `/v1/threads?limit=1&cursor=${r.body.cursor}`);
  check('list threads page 2 is the older thread', r.status === 200 && r.body.items[0]?.id === t1, r.body);
  r = await call('GET', `/v1/threads?user_id=${USER}`);
  check('list threads by user_id', r.status === 200 && r.body.items.length === 1, r.body);
  r = await call('GET', '/v1/threads?limit=0');
  check(
    'list threads limit=0: 422 loc query',
    r.status === 422 && r.body.detail[0].loc.join() === 'query,limit',
    r.body,
  );
  r = await call('GET', `/v1/threads/${t1}`);
  check('get thread', r.status === 200 && r.body.id === t1, r.body);
  r = await call('GET', `/v1/threads/${t1}`, { key: KEY_B });
  check('get thread as tenant B: 404 thread_not_found', r.status === 404 && code(r) === 'thread_not_found', r.body);

  // Messages and runs
  r = await call('POST', `/v1/threads/${t1}/messages`, {
    body: { role: 'user', content: 'Welche Kündigungsfristen gelten während der Probezeit? Kontakt: max@example.com' },
  });
  check('create user message: 201', r.status === 201 && r.body.role === 'user', r.body);
  r = await call('POST', `/v1/threads/${t1}/messages`, { body: { role: 'user', content: '  ' } });
  check(
    'whitespace content: 422 message_content_empty',
    r.status === 422 && code(r) === 'message_content_empty',
    r.body,
  );
  r = await call('POST', `/v1/threads/${t1}/messages`, { body: { role: 'user', content: 7 } });
  check(
    'content not a string: 422 loc body.content',
    r.status === 422 && r.body.detail[0].loc.join() === 'body,content',
    r.body,
  );
  r = await call('POST', `/v1/threads/${t1}/messages`, {
    raw: '{not json',
    headers: { 'content-type': 'application/json' },
  });
  check('malformed JSON: 422 json_invalid', r.status === 422 && r.body.detail[0].type === 'json_invalid', r.body);
  r = await call('POST', `/v1/threads/${t1}/run`, { body: {} });
  const schemaOk = schemaErrors(metaDataSchema(A1), r.body?.meta_data as Json).length === 0;
  check(
    'run: answer with sources and schema-valid meta_data',
    r.status === 200 && r.body.role === 'assistant' && r.body.sources.length >= 1 && schemaOk,
    r.body,
  );
  check('run: the answer saw anonymized PII', !String(r.body.content).includes('max@example.com'), r.body.content);
  const answerId = r.body.id as string;
  r = await call('POST', `/v1/threads/${t1}/run`, { body: {} });
  check(
    'run on a thread ending with assistant: 422 incorrect_stack_ending',
    r.status === 422 && code(r) === 'incorrect_stack_ending',
    r.body,
  );
  await call('POST', `/v1/threads/${t1}/messages`, { body: { role: 'user', content: 'Und nach der Probezeit?' } });
  r = await call('POST', `/v1/threads/${t1}/run/stream`, { body: {} });
  const lines = r.status === 200 ? ndjson(r) : [];
  const streamed = lines.map((l) => l.delta.content).join('');
  check(
    'run/stream: NDJSON lines, last carries sources',
    r.status === 200 &&
      r.headers.get('content-type') === 'application/x-ndjson' &&
      lines.length > 1 &&
      streamed.length > 0 &&
      lines.at(-1).delta.sources.length > 0,
    r.text,
  );
  r = await call('GET', `/v1/threads/${t1}/messages?limit=2`);
  check(
    'list messages: newest first, content of stream stored',
    r.status === 200 &&
      r.body.items[0].content === streamed &&
      r.body.items[0].role === 'assistant' &&
      typeof r.body.cursor === 'string',
    r.body,
  );
  r = await call('GET', `/v1/threads/${t1}/messages?limit=2&cursor=${r.body.cursor}`);
  check('list messages: second page', r.status === 200 && r.body.items.length === 2 && r.body.cursor === null, r.body);

  // Tool calls
  await call('POST', `/v1/threads/${t1}/messages`, {
    body: { role: 'user', content: 'Bitte Steuersatz nachschlagen' },
  });
  r = await call('POST', `/v1/threads/${t1}/run`, {
    body: {
      tools: [{ type: 'function', function: { name: 'lookup_rate', parameters: { type: 'object' } } }],
      tool_choice: 'required',
    },
  });
  const call1 = r.body?.tool_calls?.[0]?.id as string;
  check(
    'run with tool_choice=required: assistant tool call, empty content',
    r.status === 200 && r.body.content === '' && typeof call1 === 'string',
    r.body,
  );
  r = await call('POST', `/v1/threads/${t1}/run`, { body: {} });
  check(
    'run with unanswered tool call: 400',
    r.status === 400 && code(r) === 'tool_call_has_no_matching_tool_message',
    r.body,
  );
  r = await call('POST', `/v1/threads/${t1}/messages`, {
    body: { role: 'tool', content: '19 %', tool_call_id: 'call_unknown' },
  });
  check(
    'tool message without matching call: 400',
    r.status === 400 && code(r) === 'tool_message_has_no_matching_tool_call',
    r.body,
  );
  r = await call('POST', `/v1/threads/${t1}/messages`, {
    body: { role: 'tool', content: '19 %', tool_call_id: call1 },
  });
  check('tool message answering the call: 201', r.status === 201 && r.body.tool_call_id === call1, r.body);
  r = await call('POST', `/v1/threads/${t1}/run`, { body: {} });
  check(
    'run after tool message: answer uses tool result',
    r.status === 200 && String(r.body.content).includes('19 %'),
    r.body,
  );

  // Request metadata and non-streaming assistant
  r = await call('POST', '/v1/threads', { body: { assistant_id: A2.id } });
  const t2 = r.body.id as string;
  await call('POST', `/v1/threads/${t2}/messages`, { body: { role: 'user', content: 'Was ist BEM?' } });
  r = await call('POST', `/v1/threads/${t2}/run`, { body: { meta_data: { user_data: { licence: null } } } });
  check(
    'run without required licence: 422 request_metadata_missing_or_incomplete',
    r.status === 422 && code(r) === 'request_metadata_missing_or_incomplete',
    r.body,
  );
  r = await call('POST', `/v1/threads/${t2}/run/stream`, { body: { meta_data: { user_data: { licence: 'PI123' } } } });
  check(
    'stream on non-streaming assistant: 422 engine_does_not_support_streaming',
    r.status === 422 && code(r) === 'engine_does_not_support_streaming',
    r.body,
  );
  r = await call('POST', `/v1/threads/${t2}/run`, { body: { meta_data: { user_data: { licence: 123 } } } });
  check(
    'licence not a string: 422 loc',
    r.status === 422 && r.body.detail[0].loc.join() === 'body,meta_data,user_data,licence',
    r.body,
  );
  r = await call('POST', `/v1/threads/${t2}/run`, { body: { meta_data: { user_data: { licence: 'PI123' } } } });
  check(
    'run with licence: 200, meta_data valid for A2',
    r.status === 200 && schemaErrors(metaDataSchema(A2), r.body.meta_data).length === 0,
    r.body,
  );

  // Chat completions
  const chatBody = {
    assistant_id: A1.id,
    user_id: USER,
    messages: [
      { role: 'system', content: 'Du bist ein Steuerexperte.' },
      { role: 'user', content: 'Was ist die Pendlerpauschale?' },
    ],
  };
  r = await call('POST', '/v1/chat/completions', { body: chatBody });
  const chatThread = r.body?.thread_id as string;
  check(
    'chat completion: 200 with a thread_id',
    r.status === 200 && typeof chatThread === 'string' && r.body.role === 'assistant',
    r.body,
  );
  const more = {
    ...chatBody,
    messages: [
      ...chatBody.messages,
      { role: 'assistant', content: r.body.content, sources: [] },
      { role: 'user', content: 'Und für Homeoffice?' },
    ],
  };
  r = await call('POST', `/v1/chat/completions/stream?thread_id=${chatThread}`, { body: more });
  check(
    'chat stream with ?thread_id: lines carry that thread',
    r.status === 200 && ndjson(r).every((l) => l.thread_id === chatThread),
    r.text,
  );
  r = await call('GET', `/v1/threads/${chatThread}/messages`);
  check('chat thread holds system, user, answer, user, answer', r.status === 200 && r.body.items.length === 5, r.body);
  r = await call('POST', `/v1/threads/${chatThread}/messages`, { body: { role: 'user', content: 'x' } });
  check('adding messages to a chat thread: 400', r.status === 400, r.body);
  r = await call('POST', '/v1/chat/completions', {
    body: { assistant_id: A1.id, messages: [{ role: 'user', content: 5 }] },
  });
  check(
    'chat: bad content type: 422 loc body.messages.0.content',
    r.status === 422 && r.body.detail[0].loc.join() === 'body,messages,0,content',
    r.body,
  );
  r = await call('POST', '/v1/chat/completions', { body: { assistant_id: A1.id, messages: [] } });
  check('chat: empty messages: 422', r.status === 422 && code(r) === 'message_stack_empty', r.body);
  r = await call('POST', '/v1/chat/completions', {
    body: {
      assistant_id: A1.id,
      messages: [
        { role: 'system', content: 's' },
        { role: 'assistant', content: 'a' },
        { role: 'user', content: 'u' },
      ],
    },
  });
  check(
    'chat: assistant not preceded by user: 422',
    r.status === 422 && code(r) === 'assistant_message_not_preceded_by_user',
    r.body,
  );
  r = await call('POST', '/v1/chat/completions', {
    body: { assistant_id: A2.id, messages: [{ role: 'user', content: 'u' }] },
  });
  check(
    'chat: required metadata missing: 422',
    r.status === 422 && code(r) === 'request_metadata_missing_or_incomplete',
    r.body,
  );
  r = await call('POST', `/v1/chat/completions?thread_id=${chatThread}`, {
    key: KEY_B,
    body: { assistant_id: B1.id, messages: [{ role: 'user', content: 'u' }] },
  });
  check("chat: tenant B with A's thread_id: 404", r.status === 404 && code(r) === 'thread_not_found', r.body);

  // Feedback
  r = await call('POST', `/v1/threads/${t1}/messages/${answerId}/feedback`, { body: { feedback: 'positive' } });
  check(
    'feedback positive: 200',
    r.status === 200 && r.body.feedback === 'positive' && r.body.message_id === answerId,
    r.body,
  );
  r = await call('POST', `/v1/threads/${t1}/messages/${answerId}/feedback`, {
    body: { feedback: 'positive', comment: 'gut' },
  });
  check('positive feedback with comment: 400 invalid_input', r.status === 400 && code(r) === 'invalid_input', r.body);
  r = await call('GET', '/v1/feedback/negative/reasons');
  const reason = r.body?.[0]?.id as string;
  check('negative reasons', r.status === 200 && r.body.length > 0 && typeof reason === 'string', r.body);
  r = await call('POST', `/v1/threads/${t1}/messages/${answerId}/feedback`, {
    body: { feedback: 'negative', reason_id: reason, comment: 'veraltet' },
  });
  check('feedback negative overwrites: 200', r.status === 200 && r.body.feedback === 'negative', r.body);
  r = await call('POST', `/v1/threads/${t1}/messages/${answerId}/feedback`, { body: { feedback: 'meh' } });
  check('feedback bad enum: 422 type enum', r.status === 422 && r.body.detail[0].type === 'enum', r.body);
  r = await call('DELETE', `/v1/threads/${t1}/messages/${answerId}/feedback`);
  check('delete feedback: 204', r.status === 204, r.text);
  r = await call('POST', `/v1/threads/${t1}/messages/${crypto.randomUUID()}/feedback`, {
    body: { feedback: 'positive' },
  });
  check(
    'feedback on unknown message: 404 message_not_found',
    r.status === 404 && code(r) === 'message_not_found',
    r.body,
  );

  // Files
  r = await call('GET', '/v1/files/signed-url?filename=notiz.txt');
  check(
    'signed-url without user-id: 422 loc header',
    r.status === 422 && r.body.detail[0].loc.join() === 'header,user-id',
    r.body,
  );
  r = await call('GET', '/v1/files/signed-url?filename=notiz.txt&persist=false', { headers: { 'user-id': USER } });
  check(
    'signed-url: file_url, file_id, limits',
    r.status === 200 && r.body.expires_in === 600 && r.body.file_limits.max_size === 10485760,
    r.body,
  );
  const fileId = r.body.file_id as string;
  const put = await fetch(r.body.file_url, {
    method: 'PUT',
    body: 'Reisekosten: 30 Cent pro Kilometer.',
    headers: { 'content-type': 'text/plain' },
  });
  check(
    'PUT to storage origin without api-key: 200',
    put.status === 200 && r.body.file_url.startsWith(judge.storageUrl),
    put.status,
  );
  const badPut = await fetch(`${judge.storageUrl}/uploads/${fileId}?expires=1&signature=00`, {
    method: 'PUT',
    body: 'x',
  });
  check('PUT with a bad signature: 403', badPut.status === 403, badPut.status);
  r = await call('GET', `/v1/files/${fileId}/status`, { headers: { 'user-id': USER } });
  check('status right after upload: PROCESSING', r.status === 200 && r.body.processing_status === 'PROCESSING', r.body);
  r = await call('POST', `/v1/threads/${t1}/messages`, {
    body: { role: 'user', content: 'Siehe Anhang', attachments: [{ file_id: fileId }] },
  });
  check('attaching a file still processing: 409 conflict', r.status === 409 && code(r) === 'conflict', r.body);
  for (let i = 0; i < 50 && r.body?.processing_status !== 'PROCESSED'; i++) {
    await new Promise((res) => setTimeout(res, 20));
    r = await call('GET', `/v1/files/${fileId}/status`, { headers: { 'user-id': USER } });
  }
  check('status becomes PROCESSED', r.body?.processing_status === 'PROCESSED', r.body);
  r = await call('GET', '/v1/files?page=1&limit=10', { headers: { 'user-id': USER } });
  check('list files', r.status === 200 && r.body.total === 1 && r.body.files[0].file_name === 'notiz.txt', r.body);
  r = await call('GET', `/v1/files/${fileId}`, { headers: { 'user-id': USER } });
  check(
    'file content as text/plain',
    r.status === 200 && r.text.includes('30 Cent') && (r.headers.get('content-type') ?? '').startsWith('text/plain'),
    r.text,
  );
  r = await call('GET', `/v1/files/${fileId}`, { headers: { 'user-id': 'someone-else' } });
  check("another user's file: 403 attachment_access_forbidden", r.status === 403, r.body);
  r = await call('GET', `/v1/files/${fileId}/status`, { key: KEY_B, headers: { 'user-id': USER } });
  check("another tenant's file: 404", r.status === 404 && code(r) === 'attachment_document_does_not_exist', r.body);
  r = await call('POST', `/v1/threads/${t1}/messages`, {
    body: { role: 'user', content: 'Siehe Anhang', attachments: [{ file_id: fileId }] },
  });
  check('user message with attachment: 201', r.status === 201 && r.body.attachments?.[0]?.file_id === fileId, r.body);
  r = await call('POST', `/v1/threads/${t1}/messages`, {
    body: { role: 'user', content: 'Nochmal', attachments: [{ file_id: fileId }] },
  });
  check(
    'same attachment twice in a thread: 422 attachment_not_unique',
    r.status === 422 && code(r) === 'attachment_not_unique',
    r.body,
  );
  r = await call('DELETE', `/v1/files/${fileId}`, { headers: { 'user-id': USER } });
  check('delete file: 204', r.status === 204, r.text);
  r = await call('POST', `/v1/threads/${t1}/run`, { body: {} });
  check(
    'run still reads the deleted-but-attached file',
    r.status === 200 && r.body.sources.some((s: any) => s.meta_data.document_title === 'notiz.txt'),
    r.body,
  );
  r = await call('GET', `/v1/files/${fileId}/status`, { headers: { 'user-id': USER } });
  check('deleted file: 404', r.status === 404, r.body);

  // Deleting messages and threads
  const last = (await call('GET', `/v1/threads/${t1}/messages?limit=1`)).body.items[0].id as string;
  r = await call('DELETE', `/v1/threads/${t1}/messages/${last}`);
  check('delete message: 204', r.status === 204, r.text);
  r = await call('DELETE', `/v1/threads/${t1}/messages/${last}`);
  check('delete it again: 404 message_not_found', r.status === 404 && code(r) === 'message_not_found', r.body);
  r = await call('DELETE', `/v1/threads/${t1}`, { key: KEY_B });
  check("delete A's thread as B: 404", r.status === 404, r.body);
  r = await call('DELETE', `/v1/threads/${t1}`);
  check('delete thread: 204', r.status === 204, r.text);
  r = await call('GET', `/v1/threads/${t1}`);
  check(
    'get deleted thread: 400 thread_is_deactivated',
    r.status === 400 && code(r) === 'thread_is_deactivated',
    r.body,
  );
  r = await call('GET', `/v1/threads/${t1}/messages`);
  check(
    'list messages of deleted thread: 400 thread_is_deactivated',
    r.status === 400 && code(r) === 'thread_is_deactivated',
    r.body,
  );
  r = await call('GET', '/v1/threads');
  check(
    'deleted thread not listed by default',
    r.status === 200 && !r.body.items.some((t: any) => t.id === t1),
    r.body,
  );
  r = await call('GET', '/v1/threads?include_deleted=true');
  const shown = r.body?.items?.find((t: any) => t.id === t1);
  check(
    'include_deleted lists it, tenant/user replaced',
    shown && shown.tenant_id === '00000000-0000-0000-0000-000000000000' && shown.user_id !== USER,
    r.body,
  );
  r = await call('GET', '/v1/threads', { key: KEY_B });
  check("tenant B sees none of A's threads", r.status === 200 && r.body.items.length === 0, r.body);
} finally {
  await judge.close();
}

// Rate limits (on by default): a burst of 16 answer requests exceeds 15 per second.
const limited = await startJudge();
base = limited.url;
try {
  const body = { assistant_id: A1.id, messages: [{ role: 'user', content: 'Hallo' }] };
  const statuses: number[] = [];
  let retryAfter: string | null = null;
  for (let i = 0; i < 16; i++) {
    const r = await call('POST', '/v1/chat/completions', { body });
    statuses.push(r.status);
    if (r.status === 429) retryAfter = r.headers.get('retry-after');
  }
  check(
    'rate limit: 16th answer request in a second is 429 with Retry-After',
    statuses.slice(0, 15).every((s) => s === 200) && statuses[15] === 429 && retryAfter !== null,
    statuses,
  );
  const r = await call('GET', '/v1/assistants');
  check('rate limit: other endpoints have their own budget', r.status === 200, r.status);
  const b = await call('POST', '/v1/chat/completions', { key: KEY_B, body: { ...body, assistant_id: B1.id } });
  check('rate limit: per tenant', b.status === 200, b.status);
} finally {
  await limited.close();
}

console.log(`\n${passes} passed, ${failures} failed`);
process.exit(failures > 0 ? 1 : 0);
