import { expect } from '@playwright/test';
import type { CheckId } from '../../contracts/check/check-names.ts';
import { checkResponse, checkUnrouted, type ResponseSnapshot } from '../../contracts/check/check-response.ts';
import { test } from '../support/base-test.ts';
import { ANSWER, THREAD } from './helpers/run-answer.ts';

const JSON_TYPE = { 'content-type': 'application/json' };

function run(status: number, body: unknown, headers: Record<string, string> = JSON_TYPE): ResponseSnapshot {
  return { operationId: 'createRun', status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

type Want = Array<{ check: CheckId; pointer?: string }>;
const table: Array<[string, { given: ResponseSnapshot; strict?: boolean; want: Want }]> = [
  ['the documented example keeps the contract', { given: run(200, ANSWER), want: [] }],
  [
    'an answer cut off at a size cap is "Response too large", and its cut-off body is not judged further',
    {
      given: {
        ...run(200, JSON.stringify(ANSWER).slice(0, 20)),
        tooLarge: { part: 'body', limitBytes: 20, setting: 'MAX_RESPONSE_BYTES' },
      },
      want: [{ check: 'response-too-large' }],
    },
  ],
  [
    'an undocumented status cut off at a cap is named for both',
    {
      given: { ...run(307, ''), tooLarge: { part: 'stream', limitBytes: 1, setting: 'MAX_STREAM_BYTES' } },
      want: [{ check: 'undocumented-status' }, { check: 'response-too-large' }],
    },
  ],
  [
    'a charset parameter on the content type is fine',
    { given: run(200, ANSWER, { 'content-type': 'application/json; charset=utf-8' }), want: [] },
  ],
  ['an extra field is allowed by default', { given: run(200, { ...ANSWER, model: 'x' }), want: [] }],
  [
    'an extra field is named under CONTRACT_STRICT',
    { given: run(200, { ...ANSWER, model: 'x' }), strict: true, want: [{ check: 'unknown-field', pointer: '/model' }] },
  ],
  [
    'a missing field',
    { given: run(200, { ...ANSWER, sources: undefined }), want: [{ check: 'body-schema', pointer: '/sources' }] },
  ],
  [
    'a mistyped field',
    {
      given: run(200, { ...ANSWER, meta_data: { ...ANSWER.meta_data, legal_advice: 'no' } }),
      want: [{ check: 'body-schema', pointer: '/meta_data/legal_advice' }],
    },
  ],
  // Two promises break: the date-time format (zone) and the documented microseconds-with-zone shape.
  [
    'a created_at without zone',
    {
      given: run(200, { ...ANSWER, created_at: '2025-03-15T09:13:02.654321' }),
      want: [
        { check: 'body-schema', pointer: '/created_at' },
        { check: 'body-schema', pointer: '/created_at' },
      ],
    },
  ],
  [
    'a created_at without microseconds',
    {
      given: run(200, { ...ANSWER, created_at: '2025-03-15T09:13:02Z' }),
      want: [{ check: 'body-schema', pointer: '/created_at' }],
    },
  ],
  [
    'an id that is not a uuid',
    { given: run(200, { ...ANSWER, id: 'msg_1' }), want: [{ check: 'body-schema', pointer: '/id' }] },
  ],
  [
    'a role other than assistant',
    { given: run(200, { ...ANSWER, role: 'user' }), want: [{ check: 'body-schema', pointer: '/role' }] },
  ],
  ['a body that is not JSON', { given: run(200, '<html>'), want: [{ check: 'body-schema', pointer: '/' }] }],
  [
    'a wrong content type',
    {
      given: run(200, ANSWER, { 'content-type': 'text/plain' }),
      want: [{ check: 'content-type', pointer: 'header:content-type' }],
    },
  ],
  [
    'no content type at all',
    { given: run(200, ANSWER, {}), want: [{ check: 'content-type', pointer: 'header:content-type' }] },
  ],
  ['an undocumented status', { given: run(201, ANSWER), want: [{ check: 'undocumented-status' }] }],
  [
    'a success under an undocumented 2xx is held to the documented answer all the same',
    {
      given: run(201, { ...ANSWER, thread_id: undefined }),
      want: [{ check: 'undocumented-status' }, { check: 'body-schema', pointer: '/thread_id' }],
    },
  ],
  [
    'a 204 has no content to hold to the documented answer',
    { given: run(204, '', {}), want: [{ check: 'undocumented-status' }] },
  ],
  ['the documented 404', { given: run(404, { error_code: 'thread_not_found', detail: 'Thread not found' }), want: [] }],
  [
    'an error code not allowed for 404',
    {
      given: run(404, { error_code: 'not_found', detail: 'x' }),
      want: [{ check: 'error-code', pointer: '/error_code' }],
    },
  ],
  [
    'an error body without detail',
    { given: run(404, { error_code: 'thread_not_found' }), want: [{ check: 'body-schema', pointer: '/detail' }] },
  ],
  [
    'a validation_error with a detail list',
    {
      given: run(422, {
        error_code: 'validation_error',
        detail: [{ loc: ['body', 'tools'], message: 'x', type: 'list_type' }],
      }),
      want: [],
    },
  ],
  [
    'a documented 422 code with a string detail',
    { given: run(422, { error_code: 'request_metadata_missing_or_incomplete', detail: 'licence' }), want: [] },
  ],
  [
    'a 429 with Retry-After',
    {
      given: run(
        429,
        { error_code: 'rate_limit_gateway', detail: 'Rate limit exceeded' },
        { ...JSON_TYPE, 'Retry-After': '1' },
      ),
      want: [],
    },
  ],
  [
    'a 429 without Retry-After',
    {
      given: run(429, { error_code: 'rate_limit_gateway', detail: 'Rate limit exceeded' }),
      want: [{ check: 'required-header', pointer: 'header:Retry-After' }],
    },
  ],
  [
    'a Retry-After that is not seconds',
    {
      given: run(429, { error_code: 'rate_limit_gateway', detail: 'x' }, { ...JSON_TYPE, 'retry-after': 'soon' }),
      want: [{ check: 'header-schema', pointer: 'header:Retry-After' }],
    },
  ],
];

test.describe('checkResponse', () => {
  for (const [name, { given, strict, want }] of table) {
    test(name, () => {
      const got = checkResponse(given, { strict: strict === true }).map((v) =>
        v.pointer === undefined ? { check: v.check } : { check: v.check, pointer: v.pointer },
      );
      expect(got).toEqual(want);
    });
  }

  test('names a validation_error whose detail is a string at /detail, and nothing else', () => {
    const got = checkResponse(run(422, { error_code: 'validation_error', detail: 'bad' }));
    expect(got.map((v) => [v.check, v.pointer])).toEqual([['body-schema', '/detail']]);
  });

  test("reads a 422 as either documented body: the older one by the branch its code names, or FastAPI's", () => {
    const fastApi = { detail: [{ loc: ['body', 'meta_data'], msg: 'Input should be a valid dictionary', type: 't' }] };
    expect(checkResponse(run(422, fastApi))).toEqual([]);
    // Neither msg (FastAPI's) nor message (the older pages'): a documented promise broke, at the issue.
    const neither = { error_code: 'validation_error', detail: [{ loc: ['body'], type: 't' }] };
    const got = checkResponse(run(422, neither));
    expect(got.map((v) => v.basis)).toEqual(got.map(() => 'documented'));
    expect(got.map((v) => v.pointer)).toEqual(expect.arrayContaining(['/detail/0/msg', '/detail/0/message']));
    expect(checkResponse(run(422, { error_code: 'unprocessable_entity', detail: 'x' }))).toEqual([]);
  });

  test('names a code the status does not list once, as a contradicted assumption, when its envelope is the documented one', () => {
    const got = checkResponse(run(422, { error_code: 'nope', detail: 'x' }));
    expect(got.map((v) => [v.check, v.basis, v.assumptionIds])).toEqual([
      ['error-code', 'assumed', ['error-code-sets']],
    ]);
  });

  test('holds a code with a documented status to it: unauthorized under 403 breaks the docs', () => {
    const got = checkResponse(run(403, { error_code: 'unauthorized', detail: 'x' }));
    expect(got.map((v) => [v.check, v.basis])).toEqual([['error-code', 'documented']]);
  });

  test('reads a status the pages never print as an assumption, a redirect and a body without an error envelope as broken docs', () => {
    expect(checkResponse(run(418, { error_code: 'thread_not_found', detail: 'x' })).map((v) => v.basis)).toEqual([
      'assumed',
    ]);
    expect(checkResponse(run(307, '')).map((v) => [v.check, v.basis])).toEqual([['undocumented-status', 'documented']]);
    expect(checkResponse(run(418, '<html>teapot</html>')).map((v) => [v.check, v.basis])).toEqual([
      ['undocumented-status', 'assumed'],
      ['undocumented-status', 'documented'],
    ]);
  });

  test('escapes property names in pointers as RFC 6901 asks', () => {
    const got = checkResponse(run(200, { ...ANSWER, 'a/b~c': 1 }), { strict: true });
    expect(got.map((v) => v.pointer)).toEqual(['/a~1b~0c']);
  });

  test('checks each NDJSON line of a stream and places a broken one by its line', () => {
    const chunk = {
      created_at: ANSWER.created_at,
      delta: { content: 'Zwei', role: 'assistant' },
      message_id: ANSWER.id,
      thread_id: THREAD,
    };
    const body = [chunk, { ...chunk, message_id: undefined }].map((c) => JSON.stringify(c)).join('\n');
    const got = checkResponse({
      operationId: 'createRunStream',
      status: 200,
      headers: { 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(got.map((v) => [v.check, v.pointer])).toEqual([['body-schema', '/1/message_id']]);
  });

  test('names the assumption behind a status when the API answers a code under another status', () => {
    const [v] = checkResponse(run(400, { error_code: 'assistant_not_available', detail: 'x' }));
    expect(v?.check).toBe('error-code');
    expect(v?.assumptions.join(' ')).toContain('403 for assistant_not_available is read from the order');
  });

  test('a run answered 201: the status is an assumption contradicted, a broken answer a documented promise broken', () => {
    expect(checkResponse(run(201, ANSWER)).map((v) => [v.check, v.basis])).toEqual([
      ['undocumented-status', 'assumed'],
    ]);
    expect(checkResponse(run(201, { ...ANSWER, thread_id: undefined })).map((v) => [v.check, v.basis])).toEqual([
      ['undocumented-status', 'assumed'],
      ['body-schema', 'documented'],
    ]);
  });

  test('names the assumption behind a status when the API answers an undocumented status', () => {
    const [v] = checkResponse(run(418, { error_code: 'thread_not_found', detail: 'x' }));
    expect(v?.check).toBe('undocumented-status');
    expect(v?.assumptions.join(' ')).toContain('404 for thread_not_found is read from the order');
  });

  test('names only the assumptions behind the broken promise', () => {
    const missing = checkResponse(run(200, { ...ANSWER, sources: undefined }));
    expect(missing.map((v) => v.assumptions)).toEqual([[]]);
    const [noZone] = checkResponse(run(200, { ...ANSWER, created_at: '2025-03-15T09:13:02Z' }));
    expect(noZone?.assumptions.join(' ')).toContain('Only the example shows microseconds');
    const [retry] = checkResponse(run(429, { error_code: 'rate_limit_gateway', detail: 'x' }));
    expect(retry?.assumptions).toHaveLength(1);
    expect(retry?.assumptions[0]).toContain('#/components/headers/RetryAfter');
  });

  test('quotes no response value when values are redacted for live targets', () => {
    const [v] = checkResponse(run(200, { ...ANSWER, content: 42 }), { redactValues: true });
    expect(v?.message).toContain('a value of type number');
    expect(v?.message).not.toContain('42');
  });
});

test.describe('checkUnrouted: answers outside every operation', () => {
  const envelope = JSON.stringify({ error_code: 'resource_not_found', detail: 'No route' });
  const cases: Array<
    [
      string,
      { given: { status: number; headers: Record<string, string>; body: string }; want404or405: 404 | 405; want: Want },
    ]
  > = [
    [
      'a 404 with the generic envelope keeps it',
      { given: { status: 404, headers: JSON_TYPE, body: envelope }, want404or405: 404, want: [] },
    ],
    [
      'a 200 for an unknown path is an undocumented status',
      {
        given: { status: 200, headers: JSON_TYPE, body: '{}' },
        want404or405: 404,
        want: [{ check: 'undocumented-status' }],
      },
    ],
    [
      'a 405 without Allow misses a required header',
      {
        given: { status: 405, headers: JSON_TYPE, body: envelope },
        want404or405: 405,
        want: [{ check: 'required-header', pointer: 'header:Allow' }],
      },
    ],
    [
      'a 404 with a text body breaks the content type and the schema',
      {
        given: { status: 404, headers: { 'content-type': 'text/plain' }, body: 'nope' },
        want404or405: 404,
        want: [
          { check: 'content-type', pointer: 'header:content-type' },
          { check: 'body-schema', pointer: '/' },
        ],
      },
    ],
  ];
  for (const [name, { given, want404or405, want }] of cases) {
    test(name, () => {
      const got = checkUnrouted(given, want404or405, 'GET /nowhere').map((v) =>
        v.pointer === undefined ? { check: v.check } : { check: v.check, pointer: v.pointer },
      );
      expect(got).toEqual(want);
    });
  }
});
