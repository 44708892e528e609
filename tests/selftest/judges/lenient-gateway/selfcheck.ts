// Exercises every documented operation once (plus the documented errors) with node's fetch.
// Exits non-zero on any surprise.
import { startJudge } from './index.ts';

let failures = 0;
let passes = 0;
function check(name: string, cond: boolean, info?: unknown) {
  if (cond) {
    passes++;
    console.log(`ok    ${name}`);
  } else {
    failures++;
    console.log(`FAIL  ${name}${info === undefined ? '' : ` :: ${JSON.stringify(info).slice(0, 600)}`}`);
  }
}

interface Res {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

function client(base: string) {
  return async function call(
    method: string,
    path: string,
    opts: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<Res> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const key = opts.key === undefined ? 'judge-key-a' : opts.key;
    if (key !== null) headers['api-key'] = key;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(base + path, { method, headers, body });
    const text = await r.text();
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: r.status, body: parsed, text, headers: r.headers };
  };
}

const isErr = (r: Res, status: number, code: string) =>
  r.status === status && r.body?.error_code === code && typeof r.body?.detail === 'string';
const isFastApi422 = (r: Res, loc?: (string | number)[]) =>
  r.status === 422 &&
  Array.isArray(r.body?.detail) &&
  r.body.detail.every((d: any) => Array.isArray(d.loc) && typeof d.msg === 'string' && typeof d.type === 'string') &&
  (!loc || r.body.detail.some((d: any) => JSON.stringify(d.loc) === JSON.stringify(loc)));
const ndjson = (t: string) =>
  t
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const judge = await startJudge({ rateLimits: false });
const call = client(judge.url);
console.log(`judge at ${judge.url}, storage at ${judge.storageUrl}`);

try {
  // ---- auth ------------------------------------------------------------------------------------
  let r = await call('GET', '/v1/assistants', { key: null });
  check('401 without api-key', isErr(r, 401, 'unauthorized'), r.body);
  r = await call('GET', '/v1/assistants', { key: 'nope' });
  check('401 with unknown api-key', isErr(r, 401, 'unauthorized'), r.body);

  // ---- assistants ------------------------------------------------------------------------------
  r = await call('GET', '/v1/assistants');
  const assistantsA: any[] = r.body;
  check('list assistants (A)', r.status === 200 && Array.isArray(r.body) && r.body.length >= 2, r.body);
  const streamingA = assistantsA.find((a) => a.streaming && Object.keys(a.request_required_fields).length === 0);
  const nonStreamingA = assistantsA.find((a) => !a.streaming);
  const metaA = assistantsA.find((a) => (a.request_required_fields.user_data ?? []).includes('licence'));
  check('A has streaming, non-streaming and metadata-requiring assistants', !!streamingA && !!nonStreamingA && !!metaA);
  check(
    'assistant shape',
    assistantsA.every(
      (a) =>
        UUID.test(a.id) &&
        typeof a.name === 'string' &&
        typeof a.streaming === 'boolean' &&
        typeof a.meta_data_response_schema === 'object',
    ),
  );
  const rb = await call('GET', '/v1/assistants', { key: 'judge-key-b' });
  check(
    'list assistants (B) disjoint from A',
    rb.status === 200 && rb.body.every((b: any) => !assistantsA.some((a) => a.id === b.id)),
    rb.body,
  );
  const assistantB = rb.body[0];
  r = await call('GET', `/v1/assistants/${streamingA.id}`);
  check('get assistant', r.status === 200 && r.body.id === streamingA.id, r.body);
  r = await call('GET', `/v1/assistants/${assistantB.id}`);
  check("get other tenant's assistant -> 404 assistant_not_found", isErr(r, 404, 'assistant_not_found'), r.body);
  r = await call('GET', '/v1/assistants/not-a-uuid');
  check('get assistant invalid id -> 422 FastAPI body', isFastApi422(r, ['path', 'assistant_id']), r.body);

  // ---- tenants ---------------------------------------------------------------------------------
  r = await call('GET', '/v1/tenants/my-api-keys');
  check(
    'list api keys',
    r.status === 200 && UUID.test(r.body.id) && r.body.api_keys.some((k: any) => k.api_key === 'judge-key-a'),
    r.body,
  );

  // ---- threads ---------------------------------------------------------------------------------
  const userId = '11111111-2222-4333-8444-555555555555';
  r = await call('POST', '/v1/threads', {
    body: { assistant_id: streamingA.id, title: 'Erster Thread', user_id: userId, unknown_field: 1 },
  });
  const thread = r.body;
  check(
    'create thread -> 200',
    r.status === 200 &&
      UUID.test(thread.id) &&
      thread.assistant_id === streamingA.id &&
      thread.user_id === userId &&
      thread.title === 'Erster Thread' &&
      TS.test(thread.created_at) &&
      UUID.test(thread.tenant_id),
    r.body,
  );
  r = await call('POST', '/v1/threads', { body: { title: 'x' } });
  check('create thread without assistant_id -> 422', isFastApi422(r, ['body', 'assistant_id']), r.body);
  r = await call('POST', '/v1/threads', { body: { assistant_id: streamingA.id, user_id: 'abc' } });
  check('create thread invalid user_id -> 422', isFastApi422(r, ['body', 'user_id']), r.body);
  r = await call('POST', '/v1/threads', { raw: '{bad json' });
  check('create thread invalid JSON -> 422', isFastApi422(r), r.body);
  r = await call('POST', '/v1/threads', { body: { assistant_id: assistantB.id } });
  check(
    "create thread with other tenant's assistant -> 403 assistant_not_available",
    isErr(r, 403, 'assistant_not_available'),
    r.body,
  );
  r = await call('POST', '/v1/threads', { body: { assistant_id: streamingA.id, title: null, user_id: null } });
  check(
    'create thread with nulls for optional fields',
    r.status === 200 && r.body.title === null && r.body.user_id === null,
    r.body,
  );
  const t2 = r.body;
  r = await call('GET', `/v1/threads/${thread.id}`);
  check('get thread', r.status === 200 && r.body.id === thread.id, r.body);
  r = await call('GET', `/v1/threads/${thread.id}`, { key: 'judge-key-b' });
  check("get other tenant's thread -> 404 thread_not_found", isErr(r, 404, 'thread_not_found'), r.body);
  r = await call('GET', `/agents/v1/threads/${thread.id}`);
  check('/agents/v1 prefix alias', r.status === 200 && r.body.id === thread.id, r.body);

  const t3 = (await call('POST', '/v1/threads', { body: { assistant_id: nonStreamingA.id } })).body;
  r = await call('GET', '/v1/threads?limit=2');
  check(
    'list threads page 1 (newest first)',
    r.status === 200 &&
      r.body.items.length === 2 &&
      r.body.items[0].id === t3.id &&
      r.body.items[1].id === t2.id &&
      typeof r.body.cursor === 'string',
    r.body,
  );
  r = await call('GET', `/v1/threads?limit=2&cursor=${encodeURIComponent(r.body.cursor)}`);
  check(
    'list threads page 2 via cursor',
    r.status === 200 && r.body.items.length === 1 && r.body.items[0].id === thread.id && r.body.cursor === null,
    r.body,
  );
  r = await call('GET', `/v1/threads?user_id=${userId}`);
  check(
    'list threads filtered by user_id',
    r.status === 200 && r.body.items.length === 1 && r.body.items[0].id === thread.id,
    r.body,
  );
  r = await call('GET', '/v1/threads?limit=abc');
  check('list threads limit=abc -> 422', isFastApi422(r, ['query', 'limit']), r.body);
  r = await call('GET', '/v1/threads', { key: 'judge-key-b' });
  check('tenant B sees none of A threads', r.status === 200 && r.body.items.length === 0, r.body);

  // ---- messages --------------------------------------------------------------------------------
  r = await call('POST', `/v1/threads/${thread.id}/messages`, {
    body: { role: 'system', content: 'Du bist ein HR-Experte.' },
  });
  check('create system message', r.status === 200 && r.body.role === 'system', r.body);
  r = await call('POST', `/v1/threads/${thread.id}/messages`, {
    body: { role: 'user', content: 'Was ist BEM? Schreib an max@example.com' },
  });
  const userMsg = r.body;
  check(
    'create user message -> 200',
    r.status === 200 && UUID.test(userMsg.id) && userMsg.thread_id === thread.id && TS.test(userMsg.created_at),
    r.body,
  );
  check(
    'PII anonymized in stored content',
    userMsg.content === 'Was ist BEM? Schreib an <EMAIL_ADDRESS>',
    userMsg.content,
  );
  r = await call('POST', `/v1/threads/${thread.id}/messages`, { body: { role: 'user', content: '   \n\t ' } });
  check('whitespace-only content -> 422 message_content_empty', isErr(r, 422, 'message_content_empty'), r.body);
  r = await call('POST', `/v1/threads/${thread.id}/messages`, { body: { role: 'user', content: 'x'.repeat(30001) } });
  check('content over 30,000 chars -> 422', r.status === 422, r.body);
  r = await call('POST', `/v1/threads/${thread.id}/messages`, { body: { role: 'user', content: 'x'.repeat(30000) } });
  check('content of exactly 30,000 chars accepted', r.status === 200, r.body);
  const longMsg = r.body;
  r = await call('POST', `/v1/threads/${thread.id}/messages`, {
    raw: '{"role":"user","content":"broken \\ud800 surrogate"}',
  });
  check('broken unicode -> 422', r.status === 422, r.body);
  r = await call('POST', `/v1/threads/${thread.id}/messages`, {
    body: { role: 'tool', content: '42', tool_call_id: 'call_x' },
  });
  check(
    'tool message without matching tool call -> 422',
    isErr(r, 422, 'tool_message_has_no_matching_tool_call'),
    r.body,
  );
  r = await call('POST', `/v1/threads/${thread.id}/messages`, { body: { role: 'system', content: 'zweite' } });
  check('second system message -> 422', r.status === 422 && typeof r.body.error_code === 'string', r.body);
  r = await call('POST', `/v1/threads/${thread.id}/messages`, { body: { role: 'wizard', content: 'x' } });
  check('invalid role -> 422 FastAPI body', isFastApi422(r, ['body', 'role']), r.body);
  r = await call('POST', `/v1/threads/${thread.id}/messages`, {
    body: { role: 'user', content: 'x' },
    key: 'judge-key-b',
  });
  check("create message in other tenant's thread -> 404", isErr(r, 404, 'thread_not_found'), r.body);
  r = await call('DELETE', `/v1/threads/${thread.id}/messages/${longMsg.id}`);
  check('delete message -> 204', r.status === 204 && r.text === '', r.text);
  r = await call('DELETE', `/v1/threads/${thread.id}/messages/${longMsg.id}`);
  check('delete message again -> 404 message_not_found', isErr(r, 404, 'message_not_found'), r.body);

  // ---- runs ------------------------------------------------------------------------------------
  r = await call('POST', `/v1/threads/${t2.id}/run`, { body: {} });
  check('run on empty thread -> 422', r.status === 422, r.body);
  r = await call('POST', `/v1/threads/${thread.id}/run`, { body: {} });
  const answer = r.body;
  check(
    'run -> 200 assistant answer',
    r.status === 200 &&
      answer.role === 'assistant' &&
      typeof answer.content === 'string' &&
      answer.content.length > 0 &&
      answer.thread_id === thread.id &&
      Array.isArray(answer.sources) &&
      typeof answer.meta_data === 'object',
    r.body,
  );
  r = await call('POST', `/v1/threads/${thread.id}/run`);
  check(
    'run on thread ending with assistant -> 422 incorrect_stack_ending',
    isErr(r, 422, 'incorrect_stack_ending'),
    r.body,
  );
  r = await call('POST', `/v1/threads/${thread.id}/messages`, { body: { role: 'assistant', content: 'noch eine' } });
  check('assistant message not preceded by user -> 422', r.status === 422, r.body);
  r = await call('POST', `/v1/threads/${thread.id}/messages`, {
    body: { role: 'user', content: 'Kannst du das ausführen?' },
  });
  r = await call('POST', `/v1/threads/${thread.id}/run/stream`, { body: { meta_data: null } });
  const lines = r.status === 200 ? ndjson(r.text) : [];
  check(
    'run/stream -> NDJSON deltas',
    r.status === 200 &&
      (r.headers.get('content-type') ?? '').includes('ndjson') &&
      lines.length > 1 &&
      lines.every((l) => l.delta?.role === 'assistant' && l.thread_id === thread.id),
    r.text.slice(0, 300),
  );
  const streamedId = lines[0]?.message_id;
  const streamedText = lines.map((l) => l.delta.content).join('');

  r = await call('GET', `/v1/threads/${thread.id}/messages`);
  check(
    'list messages newest first',
    r.status === 200 &&
      r.body.items.length === 5 &&
      r.body.items[0].id === streamedId &&
      r.body.items[0].content === streamedText &&
      r.body.items[4].role === 'system' &&
      r.body.cursor === null,
    r.body,
  );
  r = await call('GET', `/v1/threads/${thread.id}/messages?limit=2`);
  const p1 = r.body;
  r = await call('GET', `/v1/threads/${thread.id}/messages?limit=2&cursor=${encodeURIComponent(p1.cursor)}`);
  check(
    'list messages paging',
    p1.items.length === 2 &&
      r.status === 200 &&
      r.body.items.length === 2 &&
      r.body.items[0].id !== p1.items[1].id &&
      typeof r.body.cursor === 'string',
    r.body,
  );
  r = await call('GET', `/v1/threads/${thread.id}/messages?cursor=garbage!`);
  check('invalid cursor -> 422', isFastApi422(r, ['query', 'cursor']), r.body);

  // non-streaming assistant + metadata
  await call('POST', `/v1/threads/${t3.id}/messages`, { body: { role: 'user', content: 'Was regelt die CSRD?' } });
  r = await call('POST', `/v1/threads/${t3.id}/run/stream`, { body: {} });
  check(
    'run/stream on non-streaming assistant -> 422 engine_does_not_support_streaming',
    isErr(r, 422, 'engine_does_not_support_streaming'),
    r.body,
  );
  r = await call('POST', `/v1/threads/${t3.id}/run`, { body: {} });
  check('run on non-streaming assistant -> 200', r.status === 200, r.body);
  const tMeta = (await call('POST', '/v1/threads', { body: { assistant_id: metaA.id } })).body;
  await call('POST', `/v1/threads/${tMeta.id}/messages`, { body: { role: 'user', content: 'Kündigungsfrist?' } });
  r = await call('POST', `/v1/threads/${tMeta.id}/run`, { body: {} });
  check(
    'run without required metadata -> 422 request_metadata_missing_or_incomplete',
    isErr(r, 422, 'request_metadata_missing_or_incomplete'),
    r.body,
  );
  r = await call('POST', `/v1/threads/${tMeta.id}/run`, { body: { meta_data: { user_data: { licence: null } } } });
  check('run with null licence -> 422', isErr(r, 422, 'request_metadata_missing_or_incomplete'), r.body);
  r = await call('POST', `/v1/threads/${tMeta.id}/run`, { body: { meta_data: { user_data: { licence: 'PI123' } } } });
  check('run with licence -> 200', r.status === 200 && r.body.role === 'assistant', r.body);

  // tool flow
  const tTool = (await call('POST', '/v1/threads', { body: { assistant_id: streamingA.id } })).body;
  await call('POST', `/v1/threads/${tTool.id}/messages`, { body: { role: 'user', content: 'Wie spät ist es?' } });
  r = await call('POST', `/v1/threads/${tTool.id}/messages`, {
    body: {
      role: 'assistant',
      content: '',
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'now', arguments: '{}' } },
        { id: 'call_2', type: 'function', function: { name: 'tz', arguments: '{}' } },
      ],
    },
  });
  check(
    'assistant message with tool_calls and empty content',
    r.status === 200 && r.body.tool_calls?.length === 2,
    r.body,
  );
  r = await call('POST', `/v1/threads/${tTool.id}/messages`, {
    body: { role: 'tool', content: '12:00', tool_call_id: 'call_1' },
  });
  check('tool message answering call_1', r.status === 200 && r.body.tool_call_id === 'call_1', r.body);
  r = await call('POST', `/v1/threads/${tTool.id}/run`, { body: {} });
  check(
    'run with an unanswered tool call -> 422 tool_calls_not_answered',
    isErr(r, 422, 'tool_calls_not_answered'),
    r.body,
  );
  const tTool2 = (await call('POST', '/v1/threads', { body: { assistant_id: streamingA.id } })).body;
  await call('POST', `/v1/threads/${tTool2.id}/messages`, { body: { role: 'user', content: 'Wie spät ist es?' } });
  await call('POST', `/v1/threads/${tTool2.id}/messages`, {
    body: { role: 'assistant', content: '', tool_calls: [{ id: 'c1' }, { id: 'c2' }] },
  });
  await call('POST', `/v1/threads/${tTool2.id}/messages`, {
    body: { role: 'tool', content: '12:00', tool_call_id: 'c1' },
  });
  r = await call('POST', `/v1/threads/${tTool2.id}/messages`, {
    body: { role: 'tool', content: 'CET', tool_call_id: 'c2' },
  });
  check('tool message may follow a tool message', r.status === 200, r.body);
  r = await call('POST', `/v1/threads/${tTool2.id}/run`, { body: {} });
  check('run after tool messages -> 200', r.status === 200, r.body);

  // ---- chat completions ------------------------------------------------------------------------
  r = await call('POST', '/v1/chat/completions', {
    body: { assistant_id: streamingA.id, messages: [{ role: 'user', content: 'Was ist BEM?' }], user_id: userId },
  });
  const cc = r.body;
  check(
    'chat completion -> 200 with thread_id',
    r.status === 200 && cc.role === 'assistant' && UUID.test(cc.thread_id) && typeof cc.content === 'string',
    r.body,
  );
  r = await call('GET', `/v1/threads/${cc.thread_id}/messages`);
  check(
    'chat completion thread holds the stack and answer',
    r.status === 200 && r.body.items.length === 2 && r.body.items[0].id === cc.id,
    r.body,
  );
  r = await call('POST', `/v1/threads/${cc.thread_id}/messages`, { body: { role: 'user', content: 'noch was' } });
  check('create message on chat-completions thread -> refused', r.status === 409, r.body);
  r = await call('POST', `/v1/chat/completions?thread_id=${cc.thread_id}`, {
    body: { assistant_id: streamingA.id, messages: [{ role: 'user', content: 'Und weiter?' }] },
  });
  check('chat completion continuing thread', r.status === 200 && r.body.thread_id === cc.thread_id, r.body);
  r = await call('POST', '/v1/chat/completions/stream', {
    body: {
      assistant_id: streamingA.id,
      messages: [
        { role: 'system', content: 'Sei knapp.' },
        { role: 'user', content: 'Was ist BEM?' },
      ],
    },
  });
  const cl = r.status === 200 ? ndjson(r.text) : [];
  check(
    'chat completion stream -> NDJSON',
    r.status === 200 && cl.length > 1 && cl.every((l) => typeof l.message_id === 'string' && UUID.test(l.thread_id)),
    r.text.slice(0, 300),
  );
  r = await call('POST', '/v1/chat/completions/stream', {
    body: { assistant_id: nonStreamingA.id, messages: [{ role: 'user', content: 'x' }] },
  });
  check(
    'chat stream non-streaming assistant -> 422 engine_does_not_support_streaming',
    isErr(r, 422, 'engine_does_not_support_streaming'),
    r.body,
  );
  r = await call('POST', '/v1/chat/completions', {
    body: {
      assistant_id: streamingA.id,
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'b' },
      ],
    },
  });
  check(
    'chat stack ending on assistant -> 422 incorrect_stack_ending',
    isErr(r, 422, 'incorrect_stack_ending'),
    r.body,
  );
  r = await call('POST', '/v1/chat/completions', {
    body: {
      assistant_id: streamingA.id,
      messages: [
        { role: 'system', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'user', content: 'c' },
      ],
    },
  });
  check('chat assistant without preceding user -> 422', r.status === 422, r.body);
  r = await call('POST', '/v1/chat/completions', { body: { assistant_id: streamingA.id, messages: [] } });
  check('chat empty messages -> 422', r.status === 422, r.body);
  r = await call('POST', '/v1/chat/completions', {
    body: {
      assistant_id: streamingA.id,
      messages: [
        { role: 'system', content: 'a' },
        { role: 'system', content: 'b' },
        { role: 'user', content: 'c' },
      ],
    },
  });
  check('chat two system messages -> 422', r.status === 422, r.body);
  r = await call('POST', '/v1/chat/completions', { body: { messages: [{ role: 'user', content: 'x' }] } });
  check('chat missing assistant_id -> 422 FastAPI body', isFastApi422(r, ['body', 'assistant_id']), r.body);
  r = await call('POST', '/v1/chat/completions', {
    body: { assistant_id: assistantB.id, messages: [{ role: 'user', content: 'x' }] },
  });
  check("chat with other tenant's assistant -> 404 assistant_not_found", isErr(r, 404, 'assistant_not_found'), r.body);
  r = await call('POST', '/v1/chat/completions', {
    body: { assistant_id: metaA.id, messages: [{ role: 'user', content: 'x' }], meta_data: { user_data: {} } },
  });
  check(
    'chat without required licence -> 422 request_metadata_missing_or_incomplete',
    isErr(r, 422, 'request_metadata_missing_or_incomplete'),
    r.body,
  );
  r = await call('POST', '/v1/chat/completions', {
    body: {
      assistant_id: metaA.id,
      messages: [{ role: 'user', content: 'x' }],
      meta_data: { user_data: { licence: 'PI123' } },
    },
  });
  check('chat with licence -> 200', r.status === 200, r.body);

  // ---- feedback --------------------------------------------------------------------------------
  r = await call('GET', '/v1/feedback/negative/reasons');
  const reasons = r.body;
  check(
    'list negative feedback reasons',
    r.status === 200 &&
      Array.isArray(reasons) &&
      reasons.every((x: any) => UUID.test(x.id) && x.reason && x.description),
    r.body,
  );
  r = await call('POST', `/v1/threads/${thread.id}/messages/${answer.id}/feedback`, { body: { feedback: 'positive' } });
  check(
    'positive feedback -> 200',
    r.status === 200 && r.body.feedback === 'positive' && r.body.message_id === answer.id && TS.test(r.body.created_at),
    r.body,
  );
  r = await call('POST', `/v1/threads/${thread.id}/messages/${answer.id}/feedback`, {
    body: { feedback: 'negative', reason_id: reasons[0].id, comment: 'veraltet' },
  });
  check('negative feedback overwrites -> 200', r.status === 200 && r.body.feedback === 'negative', r.body);
  r = await call('POST', `/v1/threads/${thread.id}/messages/${answer.id}/feedback`, {
    body: { feedback: 'positive', comment: 'super' },
  });
  check('positive feedback with comment -> 400 invalid_input', isErr(r, 400, 'invalid_input'), r.body);
  r = await call('POST', `/v1/threads/${thread.id}/messages/${answer.id}/feedback`, { body: { feedback: 'meh' } });
  check("feedback not 'positive'/'negative' -> 422", isFastApi422(r, ['body', 'feedback']), r.body);
  r = await call('POST', `/v1/threads/${thread.id}/messages/${userMsg.id}/feedback`, {
    body: { feedback: 'positive' },
  });
  check('feedback on user message -> 400 invalid_input', isErr(r, 400, 'invalid_input'), r.body);
  r = await call('POST', `/v1/threads/${thread.id}/messages/${thread.id}/feedback`, { body: { feedback: 'positive' } });
  check('feedback on unknown message -> 404 message_not_found', isErr(r, 404, 'message_not_found'), r.body);
  r = await call('DELETE', `/v1/threads/${thread.id}/messages/${answer.id}/feedback`);
  check('delete feedback -> 204', r.status === 204, r.text);

  // ---- files -----------------------------------------------------------------------------------
  const fileUser = userId;
  r = await call('GET', '/v1/files/signed-url?filename=notes.txt');
  check('signed-url without user-id -> 422', isFastApi422(r, ['header', 'user-id']), r.body);
  r = await call('GET', '/v1/files/signed-url?filename=notes.txt&persist=true', { headers: { 'user-id': fileUser } });
  const su = r.body;
  check(
    'signed-url -> 200',
    r.status === 200 &&
      UUID.test(su.file_id) &&
      su.expires_in === 600 &&
      su.file_limits.max_size === 10485760 &&
      su.file_limits.allowed_types.includes('text/plain') &&
      su.file_url.startsWith(judge.storageUrl),
    r.body,
  );
  let put = await fetch(su.file_url.replace(/X-Signature=[0-9a-f]+/, 'X-Signature=00'), { method: 'PUT', body: 'x' });
  check('storage PUT with bad signature -> 403', put.status === 403);
  put = await fetch(su.file_url, {
    method: 'PUT',
    headers: { 'content-type': 'text/plain' },
    body: 'Reisekosten: 30 Euro pro Tag.\nZweite Zeile.',
  });
  check('storage PUT (no api-key) -> 200', put.status === 200);
  r = await call('GET', `/v1/files/${su.file_id}/status`, { headers: { 'user-id': fileUser } });
  check(
    'file status right after upload',
    r.status === 200 &&
      ['PROCESSING', 'PROCESSED'].includes(r.body.processing_status) &&
      Array.isArray(r.body.processing_steps),
    r.body,
  );
  let status = r.body.processing_status;
  for (let i = 0; i < 50 && status !== 'PROCESSED'; i++) {
    await sleep(50);
    status = (await call('GET', `/v1/files/${su.file_id}/status`, { headers: { 'user-id': fileUser } })).body
      .processing_status;
  }
  check('file reaches PROCESSED', status === 'PROCESSED', status);
  r = await call('GET', '/v1/files?page=1&limit=10', { headers: { 'user-id': fileUser } });
  check(
    'list files',
    r.status === 200 &&
      r.body.total === 1 &&
      r.body.page === 1 &&
      r.body.limit === 10 &&
      r.body.files[0].file_id === su.file_id &&
      r.body.files[0].file_name === 'notes.txt',
    r.body,
  );
  r = await call('GET', '/v1/files?limit=101', { headers: { 'user-id': fileUser } });
  check('list files limit over 100 -> 422', isFastApi422(r, ['query', 'limit']), r.body);
  r = await call('GET', `/v1/files/${su.file_id}`, { headers: { 'user-id': fileUser } });
  check(
    'file content as text/plain',
    r.status === 200 &&
      (r.headers.get('content-type') ?? '').startsWith('text/plain') &&
      r.text === 'Reisekosten: 30 Euro pro Tag.\nZweite Zeile.',
    r.text,
  );
  r = await call('GET', `/v1/files/${su.file_id}/status`, {
    headers: { 'user-id': '99999999-2222-4333-8444-555555555555' },
  });
  check('file of another user -> 404', isErr(r, 404, 'attachment_document_does_not_exist'), r.body);
  r = await call('GET', `/v1/files/${su.file_id}/status`, { headers: { 'user-id': fileUser }, key: 'judge-key-b' });
  check('file of another tenant -> 404', isErr(r, 404, 'attachment_document_does_not_exist'), r.body);
  // attach to a message
  const tFile = (await call('POST', '/v1/threads', { body: { assistant_id: streamingA.id, user_id: fileUser } })).body;
  r = await call('POST', `/v1/threads/${tFile.id}/messages`, {
    body: {
      role: 'user',
      content: 'Fasse das Dokument zusammen.',
      attachments: [{ file_id: su.file_id, user_id: fileUser }],
    },
  });
  check('user message with attachment', r.status === 200 && r.body.attachments?.[0]?.file_id === su.file_id, r.body);
  r = await call('POST', `/v1/threads/${tFile.id}/messages`, {
    body: { role: 'user', content: 'Nochmal.', attachments: [{ file_id: su.file_id, user_id: fileUser }] },
  });
  check(
    'same attachment twice in a thread -> 422 attachment_not_unique',
    isErr(r, 422, 'attachment_not_unique'),
    r.body,
  );
  r = await call('POST', `/v1/threads/${tFile.id}/messages`, {
    body: { role: 'user', content: 'Zwei.', attachments: [{ file_id: su.file_id }, { file_id: 'x' }] },
  });
  check('two attachments in one message -> 422', r.status === 422, r.body);
  r = await call('POST', `/v1/threads/${tFile.id}/messages`, {
    body: { role: 'user', content: 'Unbekannt.', attachments: [{ file_id: '123e4567-e89b-42d3-a456-426614174000' }] },
  });
  check('attachment of unknown file -> 404', isErr(r, 404, 'attachment_document_does_not_exist'), r.body);
  r = await call('DELETE', `/v1/files/${su.file_id}`, { headers: { 'user-id': fileUser } });
  check('delete file -> 204', r.status === 204, r.text);
  r = await call('GET', `/v1/files/${su.file_id}/status`, { headers: { 'user-id': fileUser } });
  check('deleted file status -> 404', isErr(r, 404, 'attachment_document_does_not_exist'), r.body);
  r = await call('GET', '/v1/files', { headers: { 'user-id': fileUser } });
  check('list files after delete', r.status === 200 && r.body.total === 0 && r.body.files.length === 0, r.body);
  r = await call('POST', `/v1/threads/${tFile.id}/run`, { body: {} });
  check('run on thread whose attached file was deleted still works', r.status === 200, r.body);
  // infected file
  const su2 = (await call('GET', '/v1/files/signed-url?filename=virus.txt', { headers: { 'user-id': fileUser } })).body;
  await fetch(su2.file_url, {
    method: 'PUT',
    body: 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*',
  });
  await sleep(200);
  r = await call('GET', `/v1/files/${su2.file_id}/status`, { headers: { 'user-id': fileUser } });
  check(
    'infected file status',
    r.status === 200 && r.body.warnings.infected === true && r.body.processing_status !== 'PROCESSED',
    r.body,
  );
  r = await call('GET', `/v1/files/${su2.file_id}`, { headers: { 'user-id': fileUser } });
  check('infected file content -> 409 conflict', isErr(r, 409, 'conflict'), r.body);

  // ---- thread deletion -------------------------------------------------------------------------
  r = await call('DELETE', `/v1/threads/${t2.id}`, { key: 'judge-key-b' });
  check("delete other tenant's thread -> 404", isErr(r, 404, 'thread_not_found'), r.body);
  r = await call('DELETE', `/v1/threads/${t2.id}`);
  check('delete thread -> 204', r.status === 204 && r.text === '', r.text);
  r = await call('GET', `/v1/threads/${t2.id}`);
  check('get deleted thread -> 400 thread_is_deactivated', isErr(r, 400, 'thread_is_deactivated'), r.body);
  r = await call('GET', `/v1/threads/${t2.id}/messages`);
  check('list messages of deleted thread -> 400 thread_is_deactivated', isErr(r, 400, 'thread_is_deactivated'), r.body);
  r = await call('GET', '/v1/threads');
  check('list threads hides deleted', r.status === 200 && !r.body.items.some((t: any) => t.id === t2.id), r.body);
  r = await call('GET', '/v1/threads?include_deleted=true');
  check(
    'list threads include_deleted=true shows it',
    r.status === 200 && r.body.items.some((t: any) => t.id === t2.id),
    r.body,
  );

  // ---- misc ------------------------------------------------------------------------------------
  r = await call('GET', '/v1/nothing-here');
  check('unknown route -> 404', r.status === 404 && typeof r.body.error_code === 'string', r.body);
  r = await call('PATCH', `/v1/threads/${thread.id}`);
  check('wrong method -> 405', r.status === 405, r.body);
} catch (e) {
  failures++;
  console.log('FAIL  unexpected exception', e);
} finally {
  await judge.close();
}

// ---- rate limits (fresh instance, limits on) ---------------------------------------------------
const limited = await startJudge();
try {
  const lc = client(limited.url);
  const hr = (await lc('GET', '/v1/assistants')).body.find(
    (a: any) => a.streaming && Object.keys(a.request_required_fields).length === 0,
  );
  const results = await Promise.all(
    Array.from({ length: 16 }, () =>
      lc('POST', '/v1/chat/completions', { body: { assistant_id: hr.id, messages: [{ role: 'user', content: 'x' }] } }),
    ),
  );
  const limitedOnes = results.filter((x) => x.status === 429);
  check(
    '16 answer requests in one second -> exactly one 429',
    limitedOnes.length === 1 && results.filter((x) => x.status === 200).length === 15,
    results.map((x) => x.status),
  );
  const firstLimited = limitedOnes[0];
  check(
    '429 body is the gateway body',
    firstLimited !== undefined &&
      JSON.stringify(firstLimited.body) === '{"message":"Rate limit exceeded!"}' &&
      !!firstLimited.headers.get('retry-after'),
    firstLimited?.body,
  );
  const other = await lc('GET', '/v1/threads');
  check('other endpoints unaffected by the answer bucket', other.status === 200, other.status);
  const many = await Promise.all(Array.from({ length: 62 }, () => lc('GET', '/v1/feedback/negative/reasons')));
  check(
    'other bucket: 60 per second',
    many.filter((x) => x.status === 429).length >= 1,
    many.map((x) => x.status).join(','),
  );
  const bTenant = await lc('GET', '/v1/assistants', { key: 'judge-key-b' });
  check('rate limits are per tenant', bTenant.status === 200, bTenant.status);
} catch (e) {
  failures++;
  console.log('FAIL  unexpected exception (rate limits)', e);
} finally {
  await limited.close();
}

console.log(`\n${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
