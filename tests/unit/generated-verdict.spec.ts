import { expect, test } from '@playwright/test';
import type { StepAnswer } from '../../contracts/client/request-step.ts';
import { judge, ruleVerdict, type Verdict } from '../../contracts/stateful/verdict.ts';

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
    { verdict: documented, got: answer(422, issue(['body', 'tools'])), want: 'positive-data-acceptance' },
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
    'a 422 naming only the body',
    { verdict: invalid, got: answer(422, issue(['body'])), want: 'negative-data-rejection' },
  ],
  [
    'a 422 naming another field',
    { verdict: invalid, got: answer(422, issue(['body', 'meta_data'])), want: 'negative-data-rejection' },
  ],
  [
    'an open point refused at its field',
    { verdict: openField, got: answer(422, issue(['body', 'tools', 0, 'function', 'name'])), want: undefined },
  ],
  [
    'an open point refused naming only the body: the field is not named',
    { verdict: openField, got: answer(422, issue(['body'])), want: 'negative-data-rejection' },
  ],
  [
    'valid data refused at another field',
    { verdict: openField, got: answer(422, issue(['body', 'meta_data'])), want: 'positive-data-acceptance' },
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
      expect(judge(verdict, got)?.check).toBe(want);
    });
  }
});
