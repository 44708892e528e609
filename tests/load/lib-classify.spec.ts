// load/lib/classify.ts: each response kind, as a table of [name, { given, want }]: the outcome class
// and Retry-After are the classifier's; the findings are contracts/check's, by check id.
import { expect } from '@playwright/test';
import { test } from '../support/base-test.ts';
import { loadScript } from './support/k6-harness.ts';
import { runAnswer } from './support/run-answer.ts';

interface Res {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}
interface Classification {
  outcome: string;
  errorCode: string | null;
  documented: boolean;
  retryAfter: { present: boolean; seconds: number | null } | null;
  violations: Array<{ check: string; title: string; pointer?: string; message: string; assumptions: string[] }> | null;
}
type Classify = (
  op: string,
  res: Res,
  options: { validate: boolean; strict: boolean; nowMs: number },
) => Classification;

const ID = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const JSON_TYPE = { 'Content-Type': 'application/json' };
const RUN = runAnswer(ID);
const LIMITED = JSON.stringify({ error_code: 'rate_limit_gateway', detail: 'Rate limit exceeded' });
const NOW = Date.UTC(2025, 0, 15, 10, 0, 0);

const cases: Array<
  [
    string,
    {
      given: { op?: string; res: Res; validate?: boolean; strict?: boolean };
      want: Partial<Classification> & { checks?: string[] };
    },
  ]
> = [
  [
    'an answered run',
    {
      given: { res: { status: 200, headers: JSON_TYPE, body: JSON.stringify(RUN) } },
      want: { outcome: 'success', documented: true, errorCode: null, retryAfter: null, checks: [] },
    },
  ],
  [
    'a run answer without sources',
    {
      given: { res: { status: 200, headers: JSON_TYPE, body: JSON.stringify({ ...RUN, sources: undefined }) } },
      want: { outcome: 'success', checks: ['body-schema'] },
    },
  ],
  [
    'a run answer sent as HTML',
    {
      given: {
        res: { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: JSON.stringify(RUN) },
      },
      want: { checks: ['content-type'] },
    },
  ],
  [
    'a body that is not JSON',
    { given: { res: { status: 200, headers: JSON_TYPE, body: '<html>' } }, want: { checks: ['body-schema'] } },
  ],
  [
    'a 429 with Retry-After',
    {
      given: {
        res: { status: 429, headers: { ...JSON_TYPE, 'Retry-After': '2', 'X-Ratelimit-Limit': '15' }, body: LIMITED },
      },
      want: {
        outcome: 'rate_limited',
        errorCode: 'rate_limit_gateway',
        retryAfter: { present: true, seconds: 2 },
        checks: [],
      },
    },
  ],
  [
    'a 429 without Retry-After',
    {
      given: { res: { status: 429, headers: JSON_TYPE, body: LIMITED } },
      want: { retryAfter: { present: false, seconds: null }, checks: ['required-header'] },
    },
  ],
  [
    'a 429 whose Retry-After is not a number',
    {
      given: { res: { status: 429, headers: { ...JSON_TYPE, 'Retry-After': 'soon' }, body: LIMITED } },
      want: { retryAfter: { present: true, seconds: null }, checks: ['header-schema'] },
    },
  ],
  [
    'a 429 with an HTTP-date Retry-After (read, but not what the contract promises)',
    {
      given: {
        res: { status: 429, headers: { ...JSON_TYPE, 'Retry-After': 'Wed, 15 Jan 2025 10:00:05 GMT' }, body: LIMITED },
      },
      want: { retryAfter: { present: true, seconds: 5 }, checks: ['header-schema'] },
    },
  ],
  [
    'a 429 with a ratelimit header that is not a number',
    {
      given: {
        res: {
          status: 429,
          headers: { ...JSON_TYPE, 'Retry-After': '1', 'X-Ratelimit-Remaining': 'none' },
          body: LIMITED,
        },
      },
      want: { checks: ['header-schema'] },
    },
  ],
  [
    'a 429 with an undocumented error_code',
    {
      given: {
        res: {
          status: 429,
          headers: { ...JSON_TYPE, 'Retry-After': '1' },
          body: '{"error_code":"too_many","detail":"x"}',
        },
      },
      want: { errorCode: 'too_many', checks: ['error-code'] },
    },
  ],
  [
    'a documented 503',
    {
      given: {
        res: { status: 503, headers: JSON_TYPE, body: '{"error_code":"internal_service_error","detail":"down"}' },
      },
      want: { outcome: 'server_error', documented: true, errorCode: 'internal_service_error', checks: [] },
    },
  ],
  [
    'an undocumented status',
    {
      given: { res: { status: 418, headers: JSON_TYPE, body: '{"error_code":"teapot","detail":"x"}' } },
      want: { outcome: 'client_error', documented: false, checks: ['undocumented-status'] },
    },
  ],
  [
    'a transport error',
    {
      given: { res: { status: 0, headers: {}, body: null } },
      want: { outcome: 'transport_error', documented: false, violations: null },
    },
  ],
  [
    'a response not picked by the sample',
    {
      given: { res: { status: 200, headers: JSON_TYPE, body: '<html>' }, validate: false },
      want: { outcome: 'success', violations: null },
    },
  ],
  [
    'an extra field, in the default mode',
    {
      given: { res: { status: 200, headers: JSON_TYPE, body: JSON.stringify({ ...RUN, debug: 1 }) } },
      want: { checks: [] },
    },
  ],
  [
    'an extra field, with CONTRACT_STRICT',
    {
      given: { res: { status: 200, headers: JSON_TYPE, body: JSON.stringify({ ...RUN, debug: 1 }) }, strict: true },
      want: { checks: ['unknown-field'] },
    },
  ],
  [
    'an empty delete',
    {
      given: { op: 'deleteThread', res: { status: 204, headers: {}, body: '' } },
      want: { outcome: 'success', checks: [] },
    },
  ],
];

test.describe('load/lib/classify.ts', () => {
  for (const [name, { given, want }] of cases) {
    test(`classifies ${name}`, async () => {
      const { exports } = await loadScript('lib/classify.ts', {});
      const classify = exports.classify as Classify;
      const result = classify(given.op ?? 'createRun', given.res, {
        validate: given.validate ?? true,
        strict: given.strict ?? false,
        nowMs: NOW,
      });
      const { checks, ...fields } = want;
      expect(result).toMatchObject(fields);
      if (checks !== undefined) expect(result.violations?.map((v) => v.check)).toEqual(checks);
    });
  }
});
