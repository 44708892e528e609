import type { components } from '../../contracts/generated/api.ts';
import { call, DEFAULTS } from './helpers/mock-client.ts';
import { expect, test, type WorkerMock, workerMock } from './helpers/mock-test.ts';
import { startMock } from './helpers/start-mock.ts';

type Thread = components['schemas']['Thread'];
type Message = components['schemas']['Message'];
type RunResponse = components['schemas']['RunResponse'];

let mock: WorkerMock;
test.beforeAll(async () => {
  mock = await workerMock();
});

const USER = { role: 'user', content: 'Was regelt § 622 BGB?' };
const CALL = { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{}' } };
const LICENCE = { meta_data: { user_data: { licence: 'L-1' } } };

async function threadWith(messages: object[], assistant: string = DEFAULTS.streamingAssistant): Promise<Thread> {
  const thread = (await call(mock.url, 'POST', '/v1/threads', { json: { assistant_id: assistant } })).json<Thread>();
  for (const m of messages) {
    const res = await call(mock.url, 'POST', `/v1/threads/${thread.id}/messages`, { json: m });
    expect(res.status, `setting up ${JSON.stringify(m)}: ${res.body}`).toBe(201);
  }
  return thread;
}

async function expectError(res: Awaited<ReturnType<typeof call>>, status: number, code: string): Promise<void> {
  expect(res.problems).toEqual([]);
  expect(res.status, res.body).toBe(status);
  expect(res.json<{ error_code: string }>().error_code).toBe(code);
}

const post = (path: string, json?: unknown, key?: string) =>
  call(mock.url, 'POST', path, { ...(json !== undefined ? { json } : {}), ...(key ? { key } : {}) });

test.describe('message rules', () => {
  const cases: Array<[string, { given: object[]; message: object; want: [number, string] | 201 }]> = [
    [
      'refuses empty content with message_content_empty',
      { given: [], message: { role: 'user', content: '' }, want: [422, 'message_content_empty'] },
    ],
    [
      'refuses whitespace-only content',
      { given: [], message: { role: 'user', content: ' \n\t' }, want: [422, 'message_content_empty'] },
    ],
    [
      'accepts an assistant message that only calls tools',
      { given: [USER], message: { role: 'assistant', content: '', tool_calls: [CALL] }, want: 201 },
    ],
    [
      'refuses a tool message without tool_call_id',
      { given: [USER], message: { role: 'tool', content: 'r' }, want: [400, 'tool_message_has_no_matching_tool_call'] },
    ],
    [
      'refuses a tool message answering no earlier call',
      {
        given: [USER, { role: 'assistant', content: '', tool_calls: [CALL] }],
        message: { role: 'tool', content: 'r', tool_call_id: 'call_2' },
        want: [400, 'tool_message_has_no_matching_tool_call'],
      },
    ],
    [
      'accepts a tool message answering an earlier call',
      {
        given: [USER, { role: 'assistant', content: '', tool_calls: [CALL] }],
        message: { role: 'tool', content: 'r', tool_call_id: 'call_1' },
        want: 201,
      },
    ],
    ['accepts a system message first', { given: [], message: { role: 'system', content: 's' }, want: 201 }],
    [
      // Message Validation (/docs/validation/messages): "At most one system message is allowed", 422.
      'refuses a second system message with 422',
      {
        given: [{ role: 'system', content: 's' }],
        message: { role: 'system', content: 's2' },
        want: [422, 'validation_error'],
      },
    ],
    [
      'refuses a system message after a user message with bad_request',
      { given: [USER], message: { role: 'system', content: 's' }, want: [400, 'bad_request'] },
    ],
  ];
  for (const [name, { given, message, want }] of cases) {
    test(name, async () => {
      const thread = await threadWith(given);
      const res = await post(`/v1/threads/${thread.id}/messages`, message);
      if (want === 201) {
        expect(res.status, res.body).toBe(201);
        expect(res.problems).toEqual([]);
      } else await expectError(res, ...want);
      const listed = (await call(mock.url, 'GET', `/v1/threads/${thread.id}/messages`)).json<{ items: Message[] }>();
      expect(listed.items, 'a refused message is not stored').toHaveLength(given.length + (want === 201 ? 1 : 0));
    });
  }
});

test.describe('run rules, in the documented order', () => {
  for (const path of ['run', 'run/stream'] as const) {
    // The run pages give this rule no status; the mock answers as the 2026 pages answer the stack rules.
    test(`${path}: refuses a thread without a user message with 422`, async () => {
      const thread = await threadWith([{ role: 'system', content: 's' }]);
      await expectError(await post(`/v1/threads/${thread.id}/${path}`, {}), 422, 'unprocessable_entity');
    });

    test(`${path}: refuses an unanswered assistant tool call with bad_request`, async () => {
      const thread = await threadWith([USER, { role: 'assistant', content: '', tool_calls: [CALL] }]);
      await expectError(await post(`/v1/threads/${thread.id}/${path}`, {}), 400, 'bad_request');
    });

    // Message Validation's 422 (the older pages' reading was 400).
    test(`${path}: refuses a thread that ends on an assistant message with 422 incorrect_stack_ending`, async () => {
      const thread = await threadWith([USER, { role: 'assistant', content: 'Antwort' }]);
      await expectError(await post(`/v1/threads/${thread.id}/${path}`, {}), 422, 'incorrect_stack_ending');
    });

    test(`${path}: answers after a tool message`, async () => {
      const thread = await threadWith([
        USER,
        { role: 'assistant', content: '', tool_calls: [CALL] },
        { role: 'tool', content: 'Ergebnis', tool_call_id: 'call_1' },
      ]);
      const res = await post(`/v1/threads/${thread.id}/${path}`, {});
      expect(res.status, res.body).toBe(200);
      expect(res.problems).toEqual([]);
    });

    test(`${path}: answers thread_not_found for a deleted thread`, async () => {
      const thread = await threadWith([USER]);
      expect((await call(mock.url, 'DELETE', `/v1/threads/${thread.id}`)).status).toBe(204);
      await expectError(await post(`/v1/threads/${thread.id}/${path}`, {}), 404, 'thread_not_found');
    });
  }

  test('checks required metadata before the messages', async () => {
    const thread = await threadWith([], DEFAULTS.licenceAssistant);
    const res = await post(`/v1/threads/${thread.id}/run`, {});
    await expectError(res, 422, 'request_metadata_missing_or_incomplete');
    expect(res.json<{ detail: string }>().detail).toContain('user_data.licence');
    // Message Validation (/docs/validation/messages): an empty stack is a 422.
    await expectError(await post(`/v1/threads/${thread.id}/run`, LICENCE), 422, 'unprocessable_entity');
  });

  test('counts an empty licence as missing and answers once it is given', async () => {
    const thread = await threadWith([USER], DEFAULTS.licenceAssistant);
    await expectError(
      await post(`/v1/threads/${thread.id}/run`, { meta_data: { user_data: { licence: '' } } }),
      422,
      'request_metadata_missing_or_incomplete',
    );
    const res = await post(`/v1/threads/${thread.id}/run`, LICENCE);
    expect(res.status, res.body).toBe(200);
  });

  test('refuses to stream a non-streaming assistant before any other rule', async () => {
    const thread = await threadWith([], DEFAULTS.licenceAssistant);
    await expectError(await post(`/v1/threads/${thread.id}/run/stream`, {}), 422, 'engine_does_not_support_streaming');
  });

  test('stores the answer as an assistant message, so the next run needs a new user message', async () => {
    const thread = await threadWith([USER]);
    const answer = (await post(`/v1/threads/${thread.id}/run`, {})).json<RunResponse>();
    const listed = (await call(mock.url, 'GET', `/v1/threads/${thread.id}/messages`)).json<{ items: Message[] }>();
    expect(listed.items.map((m) => [m.role, m.id])).toEqual([
      ['assistant', answer.id],
      ['user', expect.any(String)],
    ]);
    await expectError(await post(`/v1/threads/${thread.id}/run`, {}), 422, 'incorrect_stack_ending');
  });
});

test.describe('tenants', () => {
  test('another tenant gets 403 assistant_not_available running a thread whose assistant it lacks', async () => {
    const thread = await threadWith([USER]);
    await expectError(
      await post(`/v1/threads/${thread.id}/run`, {}, DEFAULTS.otherTenantKey),
      403,
      'assistant_not_available',
    );
  });

  test('another tenant gets 404 thread_not_found where the operation documents no 403', async () => {
    const thread = await threadWith([USER]);
    await expectError(
      await call(mock.url, 'GET', `/v1/threads/${thread.id}`, { key: DEFAULTS.otherTenantKey }),
      404,
      'thread_not_found',
    );
    await expectError(
      await post(`/v1/threads/${thread.id}/messages`, USER, DEFAULTS.otherTenantKey),
      404,
      'thread_not_found',
    );
    await expectError(
      await call(mock.url, 'DELETE', `/v1/threads/${thread.id}`, { key: DEFAULTS.otherTenantKey }),
      404,
      'thread_not_found',
    );
    expect((await call(mock.url, 'GET', `/v1/threads/${thread.id}`)).status, 'the owner still has it').toBe(200);
  });

  test('a tenant lists only its own threads', async () => {
    await threadWith([]);
    const page = (await call(mock.url, 'GET', '/v1/threads', { key: DEFAULTS.otherTenantKey })).json<{
      items: Thread[];
    }>();
    expect(page.items).toEqual([]);
  });
});

test.describe('chat completion rules', () => {
  const chat = (messages: object[], extra: object = {}) => ({
    assistant_id: DEFAULTS.streamingAssistant,
    messages,
    ...extra,
  });

  test('refuses a tool message without its call with bad_request', async () => {
    await expectError(
      await post('/v1/chat/completions', chat([USER, { role: 'tool', content: 'r', tool_call_id: 'nope' }])),
      400,
      'bad_request',
    );
  });

  test('refuses an unanswered tool call with bad_request', async () => {
    await expectError(
      await post('/v1/chat/completions', chat([USER, { role: 'assistant', content: '', tool_calls: [CALL] }])),
      400,
      'bad_request',
    );
  });

  test('refuses a system message after a user message with bad_request', async () => {
    await expectError(
      await post('/v1/chat/completions', chat([USER, { role: 'system', content: 's' }, USER])),
      400,
      'bad_request',
    );
  });

  test('requires the licence of an assistant that asks for it', async () => {
    await expectError(
      await post('/v1/chat/completions', chat([USER], { assistant_id: DEFAULTS.licenceAssistant })),
      422,
      'request_metadata_missing_or_incomplete',
    );
    expect(
      (await post('/v1/chat/completions', chat([USER], { assistant_id: DEFAULTS.licenceAssistant, ...LICENCE })))
        .status,
    ).toBe(200);
  });

  test('continues a thread without storing anything in it', async () => {
    const thread = await threadWith([USER, { role: 'assistant', content: '', tool_calls: [CALL] }]);
    const res = await post(
      `/v1/chat/completions?thread_id=${thread.id}`,
      chat([{ role: 'tool', content: 'Ergebnis', tool_call_id: 'call_1' }]),
    );
    expect(res.status, res.body).toBe(200);
    expect(res.json<RunResponse>().thread_id).toBe(thread.id);
    const listed = (await call(mock.url, 'GET', `/v1/threads/${thread.id}/messages`)).json<{ items: Message[] }>();
    expect(listed.items).toHaveLength(2);
  });

  test('checks the assistant (403) before the thread', async () => {
    const thread = await threadWith([USER]);
    const res = await post(`/v1/chat/completions?thread_id=${thread.id}`, chat([USER]), DEFAULTS.otherTenantKey);
    await expectError(res, 403, 'assistant_not_available');
  });

  test('answers resource_not_found for a thread of another tenant that has the same assistant', async () => {
    const assistants = (await call(mock.url, 'GET', '/v1/assistants')).json<components['schemas']['Assistant'][]>();
    const shared = await startMock({
      rateLimit: false,
      config: {
        tenants: [
          { id: 'a', keys: ['key-a'], assistants },
          { id: 'b', keys: ['key-b'], assistants },
        ],
      },
    });
    try {
      const thread = (
        await call(shared.url, 'POST', '/v1/threads', {
          key: 'key-a',
          json: { assistant_id: DEFAULTS.streamingAssistant },
        })
      ).json<Thread>();
      const res = await call(shared.url, 'POST', `/v1/chat/completions?thread_id=${thread.id}`, {
        key: 'key-b',
        json: chat([USER]),
      });
      await expectError(res, 404, 'resource_not_found');
      await expectError(
        await call(shared.url, 'POST', `/v1/threads/${thread.id}/run`, { key: 'key-b', json: {} }),
        404,
        'thread_not_found',
      );
    } finally {
      await shared.close();
    }
  });
});
