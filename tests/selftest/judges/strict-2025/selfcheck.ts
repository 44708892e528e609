// Smoke check: starts the judge on free ports and exercises every operation once (plus a few
// refusals), printing each step. Exits non-zero on the first surprise.
import { conformsTo } from './answer-engine.ts';
import { ASSISTANTS } from './catalog.ts';
import { startJudge } from './index.ts';

interface Res {
  status: number;
  json: any;
  text: string;
  headers: Headers;
}

let base = '';
let steps = 0;

async function call(
  method: string,
  path: string,
  opts: { key?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Res> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key !== null) headers['api-key'] = opts.key ?? 'judge-key-a';
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

function expect(what: string, res: Res, status: number, test: (r: Res) => boolean = () => true): Res {
  if (res.status !== status || !test(res)) {
    console.error(`FAIL ${what}: got ${res.status} ${res.text.slice(0, 400)}`);
    process.exit(1);
  }
  steps++;
  console.log(`ok   ${String(res.status).padEnd(3)} ${what}`);
  return res;
}

const code =
  (c: string) =>
  (r: Res): boolean =>
    r.json?.error_code === c;
const ndjson = (r: Res): any[] =>
  r.text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const USER = 'f8e7d6c5-4321-fedc-ba98-765432109876';

const judge = await startJudge({ rateLimits: false });
base = judge.url;
console.log(`judge at ${judge.url} (storage ${judge.storageUrl})`);
try {
  // Assistants and tenants
  const assistants = expect(
    'GET /v1/assistants lists tenant A in order',
    await call('GET', '/v1/assistants'),
    200,
    (r) => r.json.length === 2 && r.json[0].streaming === true && r.json[1].streaming === false,
  ).json;
  const [streamingId, strictId] = [assistants[0].id as string, assistants[1].id as string];
  const otherTenantAssistant = ASSISTANTS.find((a) => a.name.includes('Sustainability'))?.id ?? '';
  expect(
    'GET /v1/assistants/{id}',
    await call('GET', `/v1/assistants/${strictId}`),
    200,
    (r) => r.json.request_required_fields.user_data[0] === 'licence',
  );
  expect(
    "GET another tenant's assistant",
    await call('GET', `/v1/assistants/${otherTenantAssistant}`),
    403,
    code('assistant_not_available'),
  );
  expect(
    'GET assistant with a non-uuid id',
    await call('GET', '/v1/assistants/nope'),
    422,
    (r) => r.json.detail[0].loc.join('.') === 'path.assistant_id',
  );
  expect(
    'GET /v1/assistants without api-key',
    await call('GET', '/v1/assistants', { key: null }),
    401,
    code('unauthorized'),
  );
  expect(
    'GET /v1/tenants/my-api-keys',
    await call('GET', '/v1/tenants/my-api-keys'),
    200,
    (r) => r.json.api_keys[0].api_key === 'judge-key-a',
  );

  // Threads
  const thread = expect(
    'POST /v1/threads',
    await call('POST', '/v1/threads', { body: { assistant_id: streamingId, user_id: USER, title: 'Probezeit' } }),
    201,
  ).json;
  expect(
    'POST /v1/threads with an unknown field',
    await call('POST', '/v1/threads', { body: { assistant_id: streamingId, colour: 'red' } }),
    422,
    (r) => r.json.error_code === 'validation_error' && r.json.detail[0].type === 'extra_forbidden',
  );
  await call('POST', '/v1/threads', { body: { assistant_id: streamingId } });
  const page1 = expect(
    'GET /v1/threads?limit=1',
    await call('GET', '/v1/threads?limit=1'),
    200,
    (r) => r.json.items.length === 1 && typeof r.json.cursor === 'string',
  ).json;
  expect(
    'GET /v1/threads?cursor=… (second page)',
    await call('GET', `/v1/threads?limit=1&cursor=${page1.cursor}`),
    200,
    (r) => r.json.items[0].id === thread.id,
  );
  expect(
    'GET /v1/threads?user_id=…',
    await call('GET', `/v1/threads?user_id=${USER}`),
    200,
    (r) => r.json.items.length === 1,
  );
  expect(
    'GET /v1/threads?limit="ten"',
    await call('GET', '/v1/threads?limit=ten'),
    422,
    (r) => r.json.detail[0].type === 'int_parsing',
  );
  expect(
    'GET /v1/threads/{id}',
    await call('GET', `/v1/threads/${thread.id}`),
    200,
    (r) => r.json.title === 'Probezeit',
  );
  expect(
    'GET a thread as tenant B',
    await call('GET', `/v1/threads/${thread.id}`, { key: 'judge-key-b' }),
    403,
    code('permission_denied'),
  );

  // Messages and runs
  const base1 = `/v1/threads/${thread.id}`;
  expect(
    'POST message with blank content',
    await call('POST', `${base1}/messages`, { body: { role: 'user', content: '   ' } }),
    422,
    code('message_content_empty'),
  );
  expect(
    'POST message with numeric content',
    await call('POST', `${base1}/messages`, { body: { role: 'user', content: 5 } }),
    422,
    (r) => r.json.detail[0].loc.join('.') === 'body.content' && r.json.detail[0].type === 'string_type',
  );
  expect(
    'POST /run on a thread without messages',
    await call('POST', `${base1}/run`, { body: {} }),
    422,
    code('validation_error'),
  );
  expect(
    'POST /v1/threads/{id}/messages',
    await call('POST', `${base1}/messages`, {
      body: { role: 'user', content: 'Welche Kündigungsfrist gilt in der Probezeit?' },
    }),
    201,
  );
  const answer = expect(
    'POST /v1/threads/{id}/run',
    await call('POST', `${base1}/run`, { body: {} }),
    200,
    (r) =>
      r.json.role === 'assistant' &&
      r.json.sources.length >= 1 &&
      conformsTo(assistants[0].meta_data_response_schema, r.json.meta_data),
  ).json;
  expect(
    'POST /run on a thread ending with the answer',
    await call('POST', `${base1}/run`, { body: {} }),
    422,
    code('incorrect_stack_ending'),
  );
  await call('POST', `${base1}/messages`, { body: { role: 'user', content: 'Und für den Arbeitgeber?' } });
  const lines = ndjson(
    expect(
      'POST /v1/threads/{id}/run/stream (NDJSON)',
      await call('POST', `${base1}/run/stream`, { body: {} }),
      200,
      (r) => r.headers.get('content-type') === 'application/x-ndjson',
    ),
  );
  if (lines.length < 2 || !lines.every((l) => l.message_id === lines[0].message_id))
    throw new Error('stream lines inconsistent');
  const messages = expect(
    'GET /v1/threads/{id}/messages (newest first)',
    await call('GET', `${base1}/messages`),
    200,
    (r) => r.json.items.length === 4 && r.json.items[0].content === lines.map((l) => l.delta.content).join(''),
  ).json;
  expect(
    'GET messages?limit=0',
    await call('GET', `${base1}/messages?limit=0`),
    422,
    (r) => r.json.detail[0].loc.join('.') === 'query.limit',
  );

  // Tool calls
  const tools = [
    {
      type: 'function',
      function: {
        name: 'lookup_law',
        parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
      },
    },
  ];
  await call('POST', `${base1}/messages`, { body: { role: 'user', content: 'Bitte nachschlagen.' } });
  const toolAnswer = expect(
    'POST /run with tools, tool_choice=required',
    await call('POST', `${base1}/run`, { body: { tools, tool_choice: 'required' } }),
    200,
    (r) => r.json.tool_calls?.[0]?.function.name === 'lookup_law' && r.json.content === '',
  ).json;
  expect(
    'POST user message while a tool call is pending',
    await call('POST', `${base1}/messages`, { body: { role: 'user', content: 'Hallo?' } }),
    422,
    code('validation_error'),
  );
  expect(
    'POST tool message with an unknown tool_call_id',
    await call('POST', `${base1}/messages`, { body: { role: 'tool', content: '2 Wochen', tool_call_id: 'call_x' } }),
    422,
    code('tool_message_has_no_matching_tool_call'),
  );
  expect(
    'POST tool message answering the call',
    await call('POST', `${base1}/messages`, {
      body: { role: 'tool', content: 'Frist: 2 Wochen', tool_call_id: toolAnswer.tool_calls[0].id },
    }),
    201,
  );
  expect('POST /run after the tool answer', await call('POST', `${base1}/run`, { body: { tools } }), 200, (r) =>
    r.json.content.includes('Frist: 2 Wochen'),
  );

  // Metadata and streaming support of the non-streaming assistant
  const strictThread = (await call('POST', '/v1/threads', { body: { assistant_id: strictId } })).json;
  await call('POST', `/v1/threads/${strictThread.id}/messages`, { body: { role: 'user', content: 'Was ist BEM?' } });
  expect(
    'POST /run without required meta_data',
    await call('POST', `/v1/threads/${strictThread.id}/run`, { body: {} }),
    422,
    code('request_metadata_missing_or_incomplete'),
  );
  expect(
    'POST /run/stream on a non-streaming assistant',
    await call('POST', `/v1/threads/${strictThread.id}/run/stream`, {
      body: { meta_data: { user_data: { licence: 'PI123' } } },
    }),
    422,
    code('engine_does_not_support_streaming'),
  );
  expect(
    'POST /run with meta_data.user_data.licence',
    await call('POST', `/v1/threads/${strictThread.id}/run`, {
      body: { meta_data: { user_data: { licence: 'PI123' } } },
    }),
    200,
    (r) => conformsTo(assistants[1].meta_data_response_schema, r.json.meta_data),
  );

  // Feedback
  const fb = `${base1}/messages/${answer.id}/feedback`;
  expect(
    'POST feedback (create)',
    await call('POST', fb, { body: { feedback: 'positive' } }),
    201,
    (r) => r.json.message_id === answer.id,
  );
  expect(
    'POST feedback (overwrite, negative with reason)',
    await call('POST', fb, {
      body: { feedback: 'negative', reason_id: 'd4e5f6a7-8901-bcde-f012-456789012345', comment: 'veraltet' },
    }),
    200,
  );
  expect(
    'POST positive feedback with a comment',
    await call('POST', fb, { body: { feedback: 'positive', comment: 'gut' } }),
    400,
    code('invalid_input'),
  );
  expect(
    'POST feedback "meh"',
    await call('POST', fb, { body: { feedback: 'meh' } }),
    422,
    (r) => r.json.detail[0].type === 'enum',
  );
  expect('DELETE feedback', await call('DELETE', fb), 204);
  expect('DELETE feedback again', await call('DELETE', fb), 404);
  expect(
    'GET /v1/feedback/negative/reasons',
    await call('GET', '/v1/feedback/negative/reasons'),
    200,
    (r) => r.json.length > 0,
  );

  // Chat completions
  const chat = expect(
    'POST /v1/chat/completions',
    await call('POST', '/v1/chat/completions', {
      body: { assistant_id: streamingId, messages: [{ role: 'user', content: 'Was ist BEM?' }], user_id: USER },
    }),
    200,
    (r) => typeof r.json.thread_id === 'string',
  ).json;
  expect(
    'POST message to a chat-completions thread',
    await call('POST', `/v1/threads/${chat.thread_id}/messages`, { body: { role: 'user', content: 'x' } }),
    409,
  );
  expect(
    'POST /v1/chat/completions?thread_id= (continue)',
    await call('POST', `/v1/chat/completions?thread_id=${chat.thread_id}`, {
      body: {
        assistant_id: streamingId,
        messages: [
          { role: 'user', content: 'Was ist BEM?' },
          { role: 'assistant', content: chat.content, sources: chat.sources },
          { role: 'user', content: 'Genauer?' },
        ],
      },
    }),
    200,
    (r) => r.json.thread_id === chat.thread_id,
  );
  expect(
    'POST /v1/chat/completions/stream',
    await call('POST', '/v1/chat/completions/stream', {
      body: {
        assistant_id: streamingId,
        messages: [
          { role: 'system', content: 'Du bist HR-Experte.' },
          { role: 'user', content: 'Was ist BEM?' },
        ],
      },
    }),
    200,
    (r) => ndjson(r).length > 1,
  );
  expect(
    'POST chat completion ending with an assistant message',
    await call('POST', '/v1/chat/completions', {
      body: {
        assistant_id: streamingId,
        messages: [
          { role: 'user', content: 'a' },
          { role: 'assistant', content: 'b' },
        ],
      },
    }),
    422,
    code('incorrect_stack_ending'),
  );
  expect(
    "POST chat completion with the other tenant's assistant",
    await call('POST', '/v1/chat/completions', {
      body: { assistant_id: otherTenantAssistant, messages: [{ role: 'user', content: 'a' }] },
    }),
    403,
    code('assistant_not_available'),
  );

  // Files
  const fh = { 'user-id': USER };
  expect(
    'GET /v1/files/signed-url without user-id',
    await call('GET', '/v1/files/signed-url?filename=a.txt'),
    422,
    (r) => r.json.detail[0].loc.join('.') === 'header.user-id',
  );
  const signed = expect(
    'GET /v1/files/signed-url',
    await call('GET', '/v1/files/signed-url?filename=notes.txt&persist=true', { headers: fh }),
    200,
    (r) =>
      r.json.expires_in === 600 &&
      r.json.file_limits.max_size === 10485760 &&
      r.json.file_url.startsWith(judge.storageUrl),
  ).json;
  const put = await fetch(signed.file_url, {
    method: 'PUT',
    headers: { 'content-type': 'text/plain' },
    body: 'Reisekosten: 42 EUR pro Tag.',
  });
  expect(
    'PUT file to the signed URL (storage origin, no api-key)',
    { status: put.status, json: undefined, text: await put.text(), headers: put.headers },
    200,
  );
  const fileUrl = `/v1/files/${signed.file_id}`;
  expect(
    'GET /v1/files/{id}/status right after upload',
    await call('GET', `${fileUrl}/status`, { headers: fh }),
    200,
    (r) => r.json.processing_status === 'PROCESSING',
  );
  expect('GET /v1/files/{id} while processing', await call('GET', fileUrl, { headers: fh }), 409, code('conflict'));
  let status = '';
  for (let i = 0; i < 50 && status !== 'PROCESSED'; i++) {
    await sleep(50);
    status = (await call('GET', `${fileUrl}/status`, { headers: fh })).json.processing_status;
  }
  expect(
    'GET /v1/files/{id}/status until PROCESSED',
    await call('GET', `${fileUrl}/status`, { headers: fh }),
    200,
    (r) => r.json.processing_status === 'PROCESSED',
  );
  expect(
    'GET /v1/files',
    await call('GET', '/v1/files?page=1&limit=10', { headers: fh }),
    200,
    (r) => r.json.total === 1 && r.json.files[0].file_name === 'notes.txt',
  );
  expect(
    'GET /v1/files/{id} (text/plain)',
    await call('GET', fileUrl, { headers: fh }),
    200,
    (r) => r.text === 'Reisekosten: 42 EUR pro Tag.',
  );
  expect(
    'GET file as tenant B',
    await call('GET', fileUrl, { key: 'judge-key-b', headers: fh }),
    403,
    code('attachment_access_forbidden'),
  );
  expect(
    'POST user message with the file attached',
    await call('POST', `/v1/threads/${strictThread.id}/messages`, {
      body: { role: 'user', content: 'Fasse das Dokument zusammen.', attachments: [{ file_id: signed.file_id }] },
    }),
    201,
    (r) => r.json.attachments[0].file_id === signed.file_id,
  );
  expect('DELETE /v1/files/{id}', await call('DELETE', fileUrl, { headers: fh }), 204);
  expect(
    'GET status of a deleted file',
    await call('GET', `${fileUrl}/status`, { headers: fh }),
    404,
    code('attachment_document_does_not_exist'),
  );
  expect(
    'POST /run using the (deleted, already attached) file',
    await call('POST', `/v1/threads/${strictThread.id}/run`, {
      body: { meta_data: { user_data: { licence: 'PI123' } } },
    }),
    200,
    (r) => r.json.sources.some((s: any) => s.meta_data?.document_title === 'notes.txt'),
  );

  // Deletions
  expect(
    'DELETE /v1/threads/{id}/messages/{id}',
    await call('DELETE', `${base1}/messages/${messages.items[0].id}`),
    204,
  );
  expect(
    'DELETE an unknown message',
    await call('DELETE', `${base1}/messages/${messages.items[0].id}`),
    404,
    code('message_not_found'),
  );
  expect('DELETE /v1/threads/{id}', await call('DELETE', base1), 204);
  expect('GET a deleted thread', await call('GET', base1), 404, code('thread_not_found'));
  expect('GET /v1/threads?include_deleted=true', await call('GET', '/v1/threads?include_deleted=true'), 200, (r) =>
    r.json.items.some((t: any) => t.id === thread.id && t.tenant_id === '00000000-0000-0000-0000-000000000000'),
  );
  expect(
    'GET /v1/threads hides deleted threads',
    await call('GET', '/v1/threads'),
    200,
    (r) => !r.json.items.some((t: any) => t.id === thread.id),
  );
  expect('unknown route', await call('GET', '/v1/nothing'), 404, code('resource_not_found'));
  expect(
    'broken JSON body',
    await fetch(`${base}/v1/threads`, {
      method: 'POST',
      headers: { 'api-key': 'judge-key-a', 'content-type': 'application/json' },
      body: '{"a":',
    }).then(async (r) => ({ status: r.status, text: await r.text(), headers: r.headers, json: undefined })),
    422,
  );
} finally {
  await judge.close();
}

// Rate limits: 15 answer requests per second per tenant, the 16th is refused.
const limited = await startJudge({ rateLimits: true });
base = limited.url;
try {
  const results: Res[] = [];
  for (let i = 0; i < 16; i++) results.push(await call('POST', '/v1/chat/completions', { body: {} }));
  const last = results[15] as Res;
  expect(
    '16th answer request within a second',
    last,
    429,
    (r) => r.json.error_code === 'rate_limit_gateway' && Number(r.headers.get('retry-after')) >= 1,
  );
  expect(
    'other endpoints keep their own budget',
    await call('GET', '/v1/assistants'),
    200,
    (r) => r.headers.get('x-ratelimit-limit-minute') === '180',
  );
} finally {
  await limited.close();
}
console.log(`selfcheck passed: ${steps} checks`);
