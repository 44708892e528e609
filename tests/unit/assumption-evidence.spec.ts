// The rule that decides which `x-assumed` statements a response exercised and contradicted
// (docs/decisions/0040-assumption-ledger.md): only the exact promise a response tested counts.
import { expect } from '@playwright/test';
import { assumptionEvidence } from '../../contracts/check/assumption-evidence.ts';
import { checkResponse, type ResponseSnapshot } from '../../contracts/check/check-response.ts';
import { test } from '../support/base-test.ts';
import { ANSWER } from './helpers/run-answer.ts';

const JSON_TYPE = { 'content-type': 'application/json' };
const ID = {
  threadNotFound: '#/components/schemas/ThreadNotFoundError/properties/error_code',
  runBadRequest: '#/components/schemas/RunBadRequestError/properties/error_code',
  unprocessable: '#/components/schemas/RunUnprocessableError/properties/error_code',
  forbidden: '#/components/schemas/ForbiddenError/properties/error_code',
  tooLarge: '#/components/responses/PayloadTooLarge',
  tooLargeCode: '#/components/schemas/PayloadTooLargeError/properties/error_code',
  retryAfter: '#/components/headers/RetryAfter',
  rateLimitLimit: '#/components/headers/RateLimitLimit',
  timestamp: '#/components/schemas/AnswerTimestamp',
  metaData: '#/components/schemas/RunMetaData',
  sourceMeta: '#/components/schemas/SourceMetaData',
  threadCreated: '#/components/responses/ThreadCreated',
  serviceUnavailable: '#/components/responses/ServiceUnavailable',
  /** That the codes a status lists are all it answers: every error body with a code exercises it. */
  codeSets: 'error-code-sets',
};

function snapshot(
  operationId: ResponseSnapshot['operationId'],
  status: number,
  body: unknown,
  headers: Record<string, string> = JSON_TYPE,
): ResponseSnapshot {
  return { operationId, status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
}
const err = (error_code: string) => ({ error_code, detail: 'x' });

/** Evidence as the suite records it: the checker's violations first, then the rule. */
function evidenceOf(response: ResponseSnapshot) {
  return assumptionEvidence(response, checkResponse(response));
}

const table: Array<[string, { given: ResponseSnapshot; exercised: string[]; contradicted: string[] }]> = [
  [
    'an answered run confirms the answer statements and nothing about error statuses',
    {
      given: snapshot('createRun', 200, ANSWER),
      exercised: [ID.timestamp, ID.metaData, ID.sourceMeta],
      contradicted: [],
    },
  ],
  [
    'a 404 thread_not_found confirms "404 for thread_not_found"',
    {
      given: snapshot('createRun', 404, err('thread_not_found')),
      exercised: [ID.threadNotFound, ID.codeSets],
      contradicted: [],
    },
  ],
  [
    'a 400 thread_not_found contradicts "404 for thread_not_found" and only it',
    {
      given: snapshot('createRun', 400, err('thread_not_found')),
      exercised: [ID.threadNotFound, ID.codeSets],
      contradicted: [ID.threadNotFound],
    },
  ],
  [
    'an undocumented 418 thread_not_found contradicts it too',
    {
      given: snapshot('createRun', 418, err('thread_not_found')),
      exercised: [ID.threadNotFound],
      contradicted: [ID.threadNotFound],
    },
  ],
  [
    'a 404 with a code the pages never list for the operation contradicts only that the list is closed',
    { given: snapshot('createRun', 404, err('not_found')), exercised: [ID.codeSets], contradicted: [ID.codeSets] },
  ],
  [
    'a 400 bad_request (the guide gives its status) exercises no status statement, nor the 413 reading of bad_request',
    { given: snapshot('createRun', 400, err('bad_request')), exercised: [ID.codeSets], contradicted: [] },
  ],
  [
    'a 400 incorrect_stack_ending confirms its status, read from the order of the newer chat page',
    {
      given: snapshot('createRun', 400, err('incorrect_stack_ending')),
      exercised: [ID.runBadRequest, ID.codeSets],
      contradicted: [],
    },
  ],
  [
    'a 413 bad_request confirms the 413 statements',
    {
      given: snapshot('createRun', 413, err('bad_request')),
      exercised: [ID.tooLarge, ID.tooLargeCode, ID.codeSets],
      contradicted: [],
    },
  ],
  [
    'a 422 request_metadata_missing_or_incomplete confirms nothing about engine_does_not_support_streaming',
    {
      given: snapshot('createRun', 422, err('request_metadata_missing_or_incomplete')),
      exercised: [ID.codeSets],
      contradicted: [],
    },
  ],
  [
    'a 422 engine_does_not_support_streaming confirms its statement',
    {
      given: snapshot('createRunStream', 422, err('engine_does_not_support_streaming')),
      exercised: [ID.unprocessable, ID.codeSets],
      contradicted: [],
    },
  ],
  [
    'a 403 permission_denied (documented) confirms nothing about assistant_not_available',
    { given: snapshot('createRun', 403, err('permission_denied')), exercised: [ID.codeSets], contradicted: [] },
  ],
  [
    'a 500 internal_service_error contradicts "503 for internal_service_error"',
    {
      given: snapshot('createRun', 500, err('internal_service_error')),
      exercised: [ID.serviceUnavailable, ID.codeSets],
      contradicted: [ID.serviceUnavailable],
    },
  ],
  [
    'a 429 without Retry-After contradicts it; absent optional headers are not exercised',
    {
      given: snapshot('createRun', 429, err('rate_limit_gateway')),
      exercised: [ID.retryAfter, ID.codeSets],
      contradicted: [ID.retryAfter],
    },
  ],
  [
    'a 429 with the headers confirms them',
    {
      given: snapshot('createRun', 429, err('rate_limit_gateway'), {
        ...JSON_TYPE,
        'Retry-After': '2',
        'x-ratelimit-limit': '15',
      }),
      exercised: [ID.retryAfter, ID.rateLimitLimit, ID.codeSets],
      contradicted: [],
    },
  ],
  [
    'a created_at without microseconds contradicts the microseconds statement',
    {
      given: snapshot('createRun', 200, { ...ANSWER, created_at: '2025-03-15T09:13:02Z' }),
      exercised: [ID.timestamp, ID.metaData, ID.sourceMeta],
      contradicted: [ID.timestamp],
    },
  ],
  [
    'a run answer without meta_data does not exercise the meta_data statement',
    {
      given: snapshot('createRun', 200, { ...ANSWER, meta_data: undefined }),
      exercised: [ID.timestamp, ID.sourceMeta],
      contradicted: [],
    },
  ],
  [
    'a 201 thread with a broken body still confirms "200 or 201": a schema error says nothing about the status',
    { given: snapshot('createThread', 201, { id: 'x' }), exercised: [ID.threadCreated], contradicted: [] },
  ],
];

test.describe('which assumptions a response exercised and contradicted', () => {
  for (const [name, { given, exercised, contradicted }] of table) {
    test(name, () => {
      const got = evidenceOf(given);
      expect([...got.exercised].sort()).toEqual([...exercised].sort());
      expect([...got.contradicted].sort()).toEqual([...contradicted].sort());
    });
  }
});

test('a violation cites each assumption by id next to its text', () => {
  const [v] = checkResponse(snapshot('createRun', 400, err('thread_not_found')));
  expect(v?.assumptionIds).toContain(ID.threadNotFound);
  expect(v?.assumptionIds).toHaveLength(v?.assumptions.length ?? -1);
  expect(v?.assumptions[v.assumptionIds.indexOf(ID.threadNotFound)]).toContain(
    '404 for thread_not_found is read from the order',
  );
});

test('a statement about what a request may carry is confirmed by an accepted request that carried it, and by nothing else', () => {
  const TOOL = '#/components/schemas/Tool';
  const tools = JSON.stringify({ tools: [{ type: 'function', function: { name: 'lookup' } }] });
  const answered = snapshot('createRun', 200, ANSWER);
  expect(assumptionEvidence(answered, [], { request: tools }).exercised).toContain(TOOL);
  expect(assumptionEvidence(answered, [], { request: '{}' }).exercised).not.toContain(TOOL);
  expect(
    assumptionEvidence(snapshot('createRun', 422, err('validation_error')), [], { request: tools }).exercised,
  ).not.toContain(TOOL);
});
