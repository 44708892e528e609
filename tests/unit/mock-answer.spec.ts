import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { components } from '../../contracts/generated/api.ts';
import { MetaDataSchemaError, metaDataPlan } from '../../contracts/mock/answer/meta-data.ts';
import { pieces } from '../../contracts/mock/handlers/answer-reply.ts';
import { call, DEFAULTS } from './helpers/mock-client.ts';
import { expect, test, type WorkerMock, workerMock } from './helpers/mock-test.ts';

type Assistant = components['schemas']['Assistant'];
type Thread = components['schemas']['Thread'];
type RunResponse = components['schemas']['RunResponse'];
type RunStreamChunk = components['schemas']['RunStreamChunk'];

let mock: WorkerMock;
test.beforeAll(async () => {
  mock = await workerMock();
});

const LOOKUP = { type: 'function', function: { name: 'lookup_statute' } };
const OTHER = { type: 'function', function: { name: 'other_tool' } };

async function runOn(messages: object[], body: object = {}, path = 'run') {
  const thread = (
    await call(mock.url, 'POST', '/v1/threads', { json: { assistant_id: DEFAULTS.streamingAssistant } })
  ).json<Thread>();
  for (const m of messages) await call(mock.url, 'POST', `/v1/threads/${thread.id}/messages`, { json: m });
  const res = await call(mock.url, 'POST', `/v1/threads/${thread.id}/${path}`, { json: body });
  expect(res.problems).toEqual([]);
  expect(res.status, res.body).toBe(200);
  return { thread, res };
}

test.describe('answers', () => {
  test('derive their content and sources from the last user message, the same every time', async () => {
    const question = { role: 'user', content: 'Wie lang ist die Kündigungsfrist in der Probezeit?' };
    const first = (await runOn([question])).res.json<RunResponse>();
    const second = (
      await runOn([{ role: 'user', content: 'Hallo' }, { role: 'assistant', content: 'Hallo!' }, question])
    ).res.json<RunResponse>();
    expect(first.content).toContain('Wie lang ist die Kündigungsfrist in der Probezeit?');
    expect(first.content).toContain('§ 622 Abs. 3 BGB');
    expect(first.sources.map((s) => s.meta_data.section)).toEqual(['§ 622 Abs. 3']);
    expect([second.content, second.sources, second.meta_data]).toEqual([first.content, first.sources, first.meta_data]);
    expect(first.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
  });

  test("keep each assistant's meta_data_response_schema", async () => {
    const assistants = (await call(mock.url, 'GET', '/v1/assistants')).json<Assistant[]>();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    expect(assistants).toHaveLength(2);
    for (const assistant of assistants) {
      const validate = ajv.compile(assistant.meta_data_response_schema);
      for (const question of ['Urlaub?', 'Kündigungsschutz nach KSchG', 'xyz', '.']) {
        const body = {
          assistant_id: assistant.id,
          messages: [{ role: 'user', content: question }],
          meta_data: { user_data: { licence: 'L-1' } },
        };
        const res = await call(mock.url, 'POST', '/v1/chat/completions', { json: body });
        expect(res.status, res.body).toBe(200);
        const answer = res.json<RunResponse>();
        expect(validate(answer.meta_data), `${assistant.name}, ${question}: ${ajv.errorsText(validate.errors)}`).toBe(
          true,
        );
      }
    }
  });

  test('stream as NDJSON chunks that join to the answer, sources on the last', async () => {
    const question = { role: 'user', content: 'Wie viele Urlaubstage stehen mir zu?' };
    const { res, thread } = await runOn([question], {}, 'run/stream');
    const chunks = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RunStreamChunk);
    expect(chunks.length).toBeGreaterThan(1);
    const content = chunks.map((c) => c.delta.content).join('');
    const stored = (await call(mock.url, 'GET', `/v1/threads/${thread.id}/messages?limit=1`)).json<{
      items: Array<{ id: string; content: string }>;
    }>().items[0];
    expect(content).toBe(stored?.content);
    expect(chunks.every((c) => c.message_id === stored?.id && c.thread_id === thread.id)).toBe(true);
    expect(chunks.at(-1)?.delta.sources?.[0]?.meta_data.document_title).toBe('Bundesurlaubsgesetz (BUrlG)');
    expect(chunks.slice(0, -1).every((c) => c.delta.sources === null)).toBe(true);
  });

  test('split text into pieces that join back exactly', () => {
    for (const text of ['', 'ein', 'a b  c\nd', ' führend und folgend ', 'x '.repeat(100)])
      expect(pieces(text).join('')).toBe(text);
  });
});

test.describe('the tool rule', () => {
  const question = { role: 'user', content: 'Suche § 622 BGB.' };

  test('answers a tool call to the first tool, with the question as its query', async () => {
    const { res, thread } = await runOn([question], { tools: [LOOKUP, OTHER] });
    const answer = res.json<RunResponse>();
    expect(answer.content).toBe('');
    expect(answer.tool_calls).toEqual([
      {
        id: expect.stringMatching(/^call_[0-9a-f]{24}$/),
        type: 'function',
        function: { name: 'lookup_statute', arguments: JSON.stringify({ query: 'Suche § 622 BGB.' }) },
      },
    ]);
    const tool = await call(mock.url, 'POST', `/v1/threads/${thread.id}/messages`, {
      json: { role: 'tool', content: '§ 622 BGB regelt Kündigungsfristen.', tool_call_id: answer.tool_calls?.[0]?.id },
    });
    expect(tool.status).toBe(201);
    const final = await call(mock.url, 'POST', `/v1/threads/${thread.id}/run`, { json: { tools: [LOOKUP] } });
    expect(final.status, final.body).toBe(200);
    expect(final.json<RunResponse>().tool_calls, 'after the tool answered, the answer is text').toBeUndefined();
    expect(final.json<RunResponse>().content).toContain('§ 622 BGB regelt Kündigungsfristen.');
  });

  test('derives the same call id from the same message, and follows tool_choice', async () => {
    const { res } = await runOn([question], {
      tools: [LOOKUP, OTHER],
      tool_choice: { type: 'function', function: { name: 'other_tool' } },
    });
    expect(res.json<RunResponse>().tool_calls?.[0]?.function.name).toBe('other_tool');
    const chat = { assistant_id: DEFAULTS.streamingAssistant, messages: [question], tools: [LOOKUP] };
    const a = (await call(mock.url, 'POST', '/v1/chat/completions', { json: chat })).json<RunResponse>();
    const b = (await call(mock.url, 'POST', '/v1/chat/completions', { json: chat })).json<RunResponse>();
    expect(a.tool_calls?.[0]?.id).toBe(b.tool_calls?.[0]?.id);
  });

  test('answers in text with tool_choice none, without tools, and in streams', async () => {
    for (const body of [{ tools: [LOOKUP], tool_choice: 'none' }, {}, { tools: [] }]) {
      const answer = (await runOn([question], body)).res.json<RunResponse>();
      expect(answer.tool_calls, JSON.stringify(body)).toBeUndefined();
      expect(answer.content.length).toBeGreaterThan(0);
    }
    const { res } = await runOn([question], { tools: [LOOKUP] }, 'run/stream');
    expect(res.body.length).toBeGreaterThan(0);
  });
});

test.describe('meta_data plans', () => {
  const facts = { intent: 'i', legal_advice: true, type: 't' };
  const cases: Array<[string, { schema: unknown; want: Record<string, unknown> | RegExp }]> = [
    [
      'fills the three contract fields',
      { schema: { type: 'object' }, want: { intent: 'i', legal_advice: true, type: 't' } },
    ],
    [
      'fills other required fields by type, const and enum',
      {
        schema: {
          type: 'object',
          required: ['n', 'c', 'e', 's'],
          properties: {
            n: { type: 'integer', minimum: 3 },
            c: { const: 7 },
            e: { enum: ['x', 'y'] },
            s: { type: 'string' },
          },
        },
        want: { intent: 'i', legal_advice: true, type: 't', n: 3, c: 7, e: 'x', s: 'mock' },
      },
    ],
    [
      'keeps an intent enum',
      {
        schema: { type: 'object', properties: { intent: { enum: ['a', 'b'] } } },
        want: { intent: 'a', legal_advice: true, type: 't' },
      },
    ],
    [
      'refuses a schema that closes out a contract field',
      {
        schema: { type: 'object', additionalProperties: false, properties: { intent: { type: 'string' } } },
        want: /allow "legal_advice"/,
      },
    ],
    [
      'refuses a contract field of the wrong type',
      {
        schema: { type: 'object', properties: { legal_advice: { type: 'string' } } },
        want: /"legal_advice" to accept a boolean/,
      },
    ],
    ['refuses a schema that is not an object schema', { schema: { type: 'array' }, want: /describe an object/ }],
  ];
  for (const [name, { schema, want }] of cases) {
    test(name, () => {
      if (want instanceof RegExp) expect(() => metaDataPlan(schema)).toThrow(MetaDataSchemaError);
      if (want instanceof RegExp) expect(() => metaDataPlan(schema)).toThrow(want);
      else expect(metaDataPlan(schema)(facts)).toEqual(want);
    });
  }
});
