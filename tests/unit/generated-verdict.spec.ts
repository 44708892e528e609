import { expect } from '@playwright/test';
import fc from 'fast-check';
import { judgeListing, judgeStep, LISTING_CHECKS, STEP_CHECKS } from '../../contracts/check/model-checks.ts';
import { ANY_CODE, ANY_REFUSAL, readListing, readStep, type Verdict } from '../../contracts/check/step-verdict.ts';
import type { StepAnswer } from '../../contracts/client/request-step.ts';
import { ruleVerdict } from '../../contracts/stateful/verdict.ts';
import { test } from '../support/base-test.ts';

const answer = (status: number, body: unknown = ''): StepAnswer => ({
  status,
  headers: {},
  body: typeof body === 'string' ? body : JSON.stringify(body),
  curl: '',
});
const error = (code: string, detail: unknown = 'x') => ({ error_code: code, detail });
const accept: Verdict = { mayAccept: true, refusals: [] };
const open = ruleVerdict('createMessage', [
  { rule: 'message-content-blank', code: 'message_content_empty', detail: '' },
]);
const documented = ruleVerdict('createRun', [
  { rule: 'no-user-message', code: 'bad_request', detail: '' },
  { rule: 'stack-ending', code: 'incorrect_stack_ending', detail: '' },
]);
const invalid: Verdict = {
  mayAccept: false,
  refusals: [{ status: 422, code: 'validation_error', why: 'schema', field: ['tools', 0, 'function', 'name'] }],
  invalid: { kind: 'wrong-type', field: ['tools', 0, 'function', 'name'] },
};
const tenant: Verdict = {
  mayAccept: false,
  tenant: true,
  refusals: [{ status: 404, code: 'thread_not_found', why: 'other tenant' }],
};
const issue = (loc: unknown[]) => error('validation_error', [{ loc, message: 'm', type: 't' }]);
// FastAPI's own 422 body (the newer pages): no error_code, a list of issues.
const fastApi = (loc: unknown[]) => ({ detail: [{ loc, msg: 'm', type: 't' }] });
// A Message Validation rule broken by a message being added: 422 with any code (the page names
// none), or accepted and left to the run.
const messageRule = ruleVerdict('createMessage', [
  { rule: 'system-message-duplicate', code: 'validation_error', detail: '', deferrable: true },
]);
// A refusal whose code the docs give and whose status we read from the order of a page's examples.
const readStatus: Verdict = {
  mayAccept: false,
  refusals: [
    {
      status: 400,
      code: 'tool_message_has_no_matching_tool_call',
      why: 'orphan',
      statusAssumption: { id: 'status-id', text: 'status read from the order of the examples' },
    },
  ],
};
// "Cannot add messages to threads created via Chat Completions": any refusal.
const anyRefusal: Verdict = { mayAccept: false, refusals: [{ status: ANY_REFUSAL, code: ANY_CODE, why: 'chat' }] };
// A body that breaks an assumption only: the API may take it or refuse it as invalid.
const assumedInvalid: Verdict = {
  mayAccept: true,
  refusals: [{ status: 422, code: 'validation_error', why: 'assumed', field: ['tool_calls', 0, 'id'] }],
  invalid: { kind: 'too-short', field: ['tool_calls', 0, 'id'], assumed: true },
};
// A valid body whose tool name an API may refuse (catalog: tool-name-pattern).
const openField: Verdict = {
  mayAccept: true,
  refusals: [{ status: 422, code: 'validation_error', why: 'open', field: ['tools', 0, 'function', 'name'] }],
};

const cases: Array<[string, { verdict: Verdict; got: StepAnswer; want: string | undefined }]> = [
  ['a valid request accepted', { verdict: accept, got: answer(201, {}), want: undefined }],
  ['an open reading accepted', { verdict: open, got: answer(201, {}), want: undefined }],
  ['an open reading refused', { verdict: open, got: answer(422, error('message_content_empty')), want: undefined }],
  [
    'an open reading refused with another code',
    { verdict: open, got: answer(400, error('bad_request')), want: 'positive-data-acceptance' },
  ],
  [
    'either of two broken rules',
    { verdict: documented, got: answer(400, error('incorrect_stack_ending')), want: undefined },
  ],
  [
    'the generic 422 for a rule without a code',
    { verdict: documented, got: answer(422, error('unprocessable_entity')), want: undefined },
  ],
  ['a documented rule not enforced', { verdict: documented, got: answer(200, {}), want: 'rule-mismatch' }],
  [
    'a rule refused with another code',
    { verdict: documented, got: answer(403, error('permission_denied')), want: 'rule-mismatch' },
  ],
  [
    'a valid request refused',
    { verdict: accept, got: answer(400, error('bad_request')), want: 'positive-data-acceptance' },
  ],
  [
    'valid data refused as invalid',
    { verdict: accept, got: answer(422, issue(['body', 'tools'])), want: 'positive-data-acceptance' },
  ],
  [
    "valid data refused with FastAPI's validation body",
    { verdict: accept, got: answer(422, fastApi(['body', 'tools'])), want: 'positive-data-acceptance' },
  ],
  [
    'a rule without a documented code refused with a validation_error at 422',
    { verdict: documented, got: answer(422, issue(['thread', 'messages'])), want: undefined },
  ],
  [
    'a Message Validation rule refused 422 with a code of its own',
    {
      verdict: messageRule,
      got: answer(422, error('multiple_system_messages')),
      want: undefined,
    },
  ],
  [
    "a Message Validation rule refused 422 with FastAPI's body",
    { verdict: messageRule, got: answer(422, fastApi(['body'])), want: undefined },
  ],
  ['a Message Validation rule left to the run', { verdict: messageRule, got: answer(201, {}), want: undefined }],
  [
    'a Message Validation rule refused 400',
    { verdict: messageRule, got: answer(400, error('bad_request')), want: 'positive-data-acceptance' },
  ],
  [
    'a refusal without status or code: any 4xx',
    { verdict: anyRefusal, got: answer(409, error('conflict_error')), want: undefined },
  ],
  [
    'a refusal without status or code: not 401',
    { verdict: anyRefusal, got: answer(401, error('unauthorized')), want: 'rule-mismatch' },
  ],
  [
    'a refusal without status or code: never a success',
    { verdict: anyRefusal, got: answer(201, {}), want: 'rule-mismatch' },
  ],
  [
    'the right code under the status we read',
    { verdict: readStatus, got: answer(400, error('tool_message_has_no_matching_tool_call')), want: undefined },
  ],
  [
    'a refusal with another code under the status we read',
    { verdict: readStatus, got: answer(400, error('bad_request')), want: 'rule-mismatch' },
  ],
  ['a body that breaks an assumption only, taken', { verdict: assumedInvalid, got: answer(201, {}), want: undefined }],
  [
    'a body that breaks an assumption only, refused as invalid',
    { verdict: assumedInvalid, got: answer(422, fastApi(['body'])), want: undefined },
  ],
  [
    'a body that breaks an assumption only, refused otherwise',
    { verdict: assumedInvalid, got: answer(400, error('bad_request')), want: 'positive-data-acceptance' },
  ],
  [
    'a body that breaks an assumption only, answered 5xx',
    { verdict: assumedInvalid, got: answer(500, error('api_error')), want: 'server-error' },
  ],
  ['a 5xx for a valid request', { verdict: accept, got: answer(500, error('api_error')), want: 'server-error' }],
  [
    'a 5xx for an invalid request',
    { verdict: invalid, got: answer(500, error('api_error')), want: 'negative-data-rejection' },
  ],
  ['an invalid request accepted', { verdict: invalid, got: answer(200, {}), want: 'negative-data-rejection' }],
  [
    'a 422 naming the field',
    { verdict: invalid, got: answer(422, issue(['body', 'tools', 0, 'function', 'name'])), want: undefined },
  ],
  [
    'a 422 naming an ancestor of the field',
    { verdict: invalid, got: answer(422, issue(['body', 'tools', 0, 'function'])), want: undefined },
  ],
  [
    "a 422 naming only the body (naming the field is FastAPI's habit, not a promise)",
    { verdict: invalid, got: answer(422, issue(['body'])), want: undefined },
  ],
  ['a 422 naming another field', { verdict: invalid, got: answer(422, issue(['body', 'meta_data'])), want: undefined }],
  ["a 422 in FastAPI's body", { verdict: invalid, got: answer(422, fastApi(['body', 'tools'])), want: undefined }],
  [
    'an invalid request refused with another code',
    { verdict: invalid, got: answer(400, error('bad_request')), want: 'negative-data-rejection' },
  ],
  [
    'an open point refused at its field',
    { verdict: openField, got: answer(422, issue(['body', 'tools', 0, 'function', 'name'])), want: undefined },
  ],
  [
    'an open point refused naming only the body',
    { verdict: openField, got: answer(422, issue(['body'])), want: undefined },
  ],
  ["another tenant's step served", { verdict: tenant, got: answer(200, { items: [] }), want: 'tenant-isolation' }],
  [
    "another tenant's step judged by the thread's rules",
    { verdict: tenant, got: answer(400, error('bad_request')), want: 'tenant-isolation' },
  ],
  ["another tenant's step refused", { verdict: tenant, got: answer(404, error('thread_not_found')), want: undefined }],
];

test.describe('judging a generated step against the model', () => {
  for (const [name, { verdict, got, want }] of cases) {
    test(`${name}: ${want ?? 'passes'}`, () => {
      expect(judgeStep(verdict, got)?.check).toBe(want);
    });
  }

  test('the right code under another status than the one we read is pending, naming the assumption', () => {
    const finding = judgeStep(readStatus, answer(422, error('tool_message_has_no_matching_tool_call')));
    expect(finding).toMatchObject({ check: 'rule-mismatch', pending: { id: 'status-id' } });
    // A status a page prints is no reading: the same code under another one is red.
    const printed: Verdict = {
      mayAccept: false,
      refusals: [{ status: 422, code: 'message_content_empty', why: 'empty' }],
    };
    expect(judgeStep(printed, answer(400, error('message_content_empty')))).toMatchObject({ check: 'rule-mismatch' });
    expect(judgeStep(printed, answer(400, error('message_content_empty')))?.pending).toBeUndefined();
    // Another tenant's step is tenant-isolation's: never pending.
    expect(
      judgeStep({ ...readStatus, tenant: true }, answer(422, error('tool_message_has_no_matching_tool_call'))),
    ).toMatchObject({
      check: 'tenant-isolation',
    });
  });
});

// Each check's judges state when it fires, with no order among them: an answer the docs do not
// allow must be named by exactly one check, whatever the verdict, or the name would depend on
// which judge asked first.
const fieldPath = fc.array(fc.oneof(fc.constantFrom('tools', 'meta_data', 'function', 'name'), fc.constantFrom(0, 1)), {
  maxLength: 3,
});
const arbitraryVerdict: fc.Arbitrary<Verdict> = fc.record(
  {
    mayAccept: fc.boolean(),
    refusals: fc.array(
      fc.record(
        {
          status: fc.constantFrom<number | typeof ANY_REFUSAL>(400, 403, 404, 422, ANY_REFUSAL),
          code: fc.constantFrom('bad_request', 'validation_error', 'thread_not_found', ANY_CODE),
          why: fc.constantFrom('a rule', 'another rule'),
          field: fieldPath,
          statusAssumption: fc.constant({ id: 'read', text: 'read' }),
        },
        { requiredKeys: ['status', 'code', 'why'] },
      ),
      { maxLength: 3 },
    ),
    invalid: fc.record(
      { kind: fc.constant('wrong-type'), field: fieldPath, assumed: fc.constant(true as const) },
      { requiredKeys: ['kind', 'field'] },
    ),
    tenant: fc.boolean(),
  },
  { requiredKeys: ['mayAccept', 'refusals'] },
);
const loc = fc.array(
  fc.oneof(fc.constantFrom('body', 'path', 'tools', 'meta_data', 'function'), fc.constantFrom(0, 1)),
  {
    maxLength: 4,
  },
);
const arbitraryAnswer: fc.Arbitrary<StepAnswer> = fc
  .record({
    status: fc.constantFrom(200, 201, 204, 400, 401, 403, 404, 409, 422, 500, 503),
    body: fc.oneof(
      fc.constantFrom(
        '',
        'not JSON',
        '[]',
        'null',
        JSON.stringify({ detail: [{ loc: ['body'], msg: 'm', type: 't' }] }),
      ),
      fc
        .record({
          error_code: fc.constantFrom('bad_request', 'validation_error', 'thread_not_found', 'other'),
          detail: fc.oneof(fc.constant('text'), fc.array(fc.record({ loc: fc.oneof(loc, fc.constant('body')) }))),
        })
        .map((b) => JSON.stringify(b)),
    ),
  })
  .map((a) => ({ ...a, headers: {}, curl: '' }));

test('every answer the verdict does not allow is named by exactly one check, and an allowed one by none', () => {
  fc.assert(
    fc.property(arbitraryVerdict, arbitraryAnswer, (verdict, answer) => {
      const reading = readStep(verdict, answer);
      const naming = reading ? STEP_CHECKS.filter((check) => check.judgeStep(reading) !== undefined) : [];
      // A boolean, not expect(): fast-check prints the counterexample, at a fraction of the cost.
      return naming.length === (reading ? 1 : 0) && judgeStep(verdict, answer)?.check === naming[0]?.id;
    }),
    { numRuns: 5_000 },
  );
});

test('every listing that differs from the model is named by exactly one check, after either kind of step', () => {
  const items = fc.array(
    fc.record({
      id: fc.constantFrom('m1', 'm2', 'm3'),
      created_at: fc.constantFrom('2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z'),
    }),
    { maxLength: 4 },
  );
  const want = fc.array(fc.constantFrom('m1', 'm2', 'm3', '?'), { maxLength: 4 });
  const after = fc.constantFrom('own-steps' as const, 'other-tenant' as const);
  fc.assert(
    fc.property(items, want, after, (listed, expected, following) => {
      const reading = readListing(listed, expected);
      const naming = reading
        ? LISTING_CHECKS.filter((check) => check.judgeListing(reading, 'why', following) !== undefined)
        : [];
      return (
        naming.length === (reading ? 1 : 0) && judgeListing(listed, expected, 'why', following)?.check === naming[0]?.id
      );
    }),
    { numRuns: 2_000 },
  );
});

test.describe('judging a listing against the model', () => {
  /** Listed messages, each an id and the day of its created_at. */
  const list = (...messages: Array<[string, number]>) =>
    messages.map(([id, day]) => ({ id, created_at: `2025-01-0${day}T00:00:00Z` }));
  type Case = { items: ReturnType<typeof list>; after: 'own-steps' | 'other-tenant'; want: string | undefined };
  const cases: Array<[string, Case]> = [
    ['the messages newest first', { items: list(['m2', 2], ['m1', 1]), after: 'own-steps', want: undefined }],
    [
      'created_at rising down the list',
      { items: list(['m2', 1], ['m1', 2]), after: 'own-steps', want: 'stored-answer' },
    ],
    ['the messages oldest first', { items: list(['m1', 1], ['m2', 2]), after: 'other-tenant', want: 'stored-answer' }],
    ['a message missing after own steps', { items: list(['m1', 1]), after: 'own-steps', want: 'stored-answer' }],
    [
      "a message missing after another tenant's step",
      { items: list(['m1', 1]), after: 'other-tenant', want: 'tenant-isolation' },
    ],
  ];
  for (const [name, { items, after, want }] of cases) {
    test(`${name}: ${want ?? 'passes'}`, () => {
      expect(judgeListing(items, ['m2', 'm1'], 'why', after)?.check).toBe(want);
    });
  }
});
