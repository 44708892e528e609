// For each break: which contract tests to run (a --grep, to keep nested runs short) and how the
// failing run must name the broken promise: a named violation in contract-report.json (check
// title, operation, status, pointer), and/or a failed test whose title is the promise.
import type { CheckId } from '../../contracts/check/check-names.ts';
import type { BreakName } from './reference-server/index.ts';

/** A violation contract-report.json must hold: every field given must match. */
export interface ExpectedViolation {
  title: string;
  operationId: string;
  status?: number;
  pointer?: string;
}

/** How a failing nested run names one broken promise. */
export interface BreakNaming {
  /** Restricts the nested run to the tests that speak about this promise. */
  grep: string;
  violation?: ExpectedViolation;
  /** A test that must fail, by a part of its title. */
  failedTest?: string;
  /** Text the failure message of that test must contain (an assertion message naming the promise). */
  failureText?: string;
  /** Settings of the nested run (the generated tests' FUZZ_* budget where one seed may miss a rare state). */
  env?: Record<string, string>;
  /** For a generated-* break: the check of the generated tests that must name it; for a rate-limit one, the rate-limit contract's. */
  check?: CheckId;
  /**
   * 'rate-limit': the rate-limit contract names it (its report holds `violation`, found by `check`),
   * in process against the reference server with its limiter on (rate-limit-breaks.spec.ts); a
   * contract run never provokes a 429, so no nested run does. `grep` is then empty.
   */
  contract?: 'rate-limit';
  /**
   * 'assumed': the break contradicts only an assumption of the contract (docs/decisions/0070). The
   * run reports it as pending and passes; under CONTRACT_STRICT=1 it fails and names it.
   */
  basis?: 'assumed';
}

const RESPONSE_SCHEMA = 'Response violates schema';
const ERROR_CODE = 'Error code not allowed for this status';
// One test each: every test a grep selects and a break fails costs the nested run a new worker
// (about 1.8 CPU-s), and the first test of a family already names these breaks.
const answerTests = 'answers with a conforming assistant message for a thread with a user message';
const IGNORED_AUTH = 'Authentication not enforced';
const TENANT_ISOLATION = "Another tenant reached this tenant's data";

/**
 * The generated test fails, and its report names the check and how to replay the shrunk case.
 * The nested runs use three times the live budget of sequences, run calls and requests (the
 * reference server is not paced), so that a drawn seed does not make the self-test flaky, and a
 * 30 s time budget, so that the report arrives well inside the nested run's time limit.
 */
function generated(check: CheckId): BreakNaming {
  return {
    check,
    grep: 'generated sequences',
    failedTest: 'every generated step keeps the contract',
    failureText: `check: ${check}`,
    env: { FUZZ_RUNS: '75', FUZZ_MAX_RUN_CALLS: '180', FUZZ_MAX_REQUESTS: '1200', FUZZ_MAX_SECONDS: '30' },
  };
}

/** The rate-limit contract's report holds the violation, named by its check. */
function rateLimited(check: CheckId, violation: ExpectedViolation): BreakNaming {
  return { contract: 'rate-limit', grep: '', check, violation };
}

/** The namings, by break. */
export const breakNamings: Record<BreakName, BreakNaming> = {
  'run-missing-field': {
    grep: answerTests,
    violation: { title: RESPONSE_SCHEMA, operationId: 'createRun', status: 200, pointer: '/sources' },
  },
  'run-mistyped-field': {
    grep: answerTests,
    violation: { title: RESPONSE_SCHEMA, operationId: 'createRun', status: 200, pointer: '/meta_data/legal_advice' },
  },
  'run-wrong-thread-id': {
    grep: answerTests,
    failedTest: 'answers with a conforming assistant message',
    failureText: 'thread_id must be the thread in the path',
  },
  'run-wrong-content-type': {
    grep: answerTests,
    violation: {
      title: 'Content-Type not documented for this status',
      operationId: 'createRun',
      status: 200,
      pointer: 'header:content-type',
    },
  },
  // No page prints the status of a run's answer (200 is a reading): any 2xx keeps the docs.
  'run-wrong-status': {
    basis: 'assumed',
    grep: answerTests,
    violation: { title: 'Undocumented HTTP status code', operationId: 'createRun', status: 201 },
  },
  'created-at-no-zone': {
    grep: answerTests,
    violation: { title: RESPONSE_SCHEMA, operationId: 'createRun', status: 200, pointer: '/created_at' },
  },
  // The page names thread_not_found for an unknown thread: the hand-written test holds it.
  'unknown-thread-wrong-code': {
    grep: 'unknown thread',
    failedTest: 'refuses an unknown thread with thread_not_found on run',
    failureText: 'thread_not_found',
  },
  // 404 for thread_not_found is a reading: the pages name the code without a status.
  'unknown-thread-wrong-status': {
    basis: 'assumed',
    grep: 'unknown thread',
    violation: { title: ERROR_CODE, operationId: 'createRun', status: 400, pointer: '/error_code' },
  },
  // The break serves every operation keyless; one operation names it. A grep selects the tests
  // that name a break, no more: each failing test costs the nested run a new worker (a grep over
  // all fourteen operations took 35 s of the self-test).
  'key-not-enforced': {
    grep: '401 unauthorized without an api-key header and for an invalid key: createRun ',
    violation: { title: IGNORED_AUTH, operationId: 'createRun', status: 200 },
  },
  'rule-no-user-message-not-enforced': {
    grep: 'the run rules.*refuses a thread without a user message',
    failedTest: 'refuses a thread without a user message',
  },
  'tool-rule-not-enforced': {
    grep: 'the run rules.*refuses an assistant tool call that has no tool message',
    failedTest: 'refuses an assistant tool call that has no tool message',
  },
  'metadata-not-enforced': {
    grep: 'request metadata',
    failedTest: 'answers 422 request_metadata_missing_or_incomplete when a required field is missing',
  },
  'validation-error-detail-string': {
    grep: 'request validation .* for invalid JSON',
    violation: { title: RESPONSE_SCHEMA, operationId: 'createRun', status: 422, pointer: '/detail' },
  },
  // The Rate Limits page promises a 429, not a Retry-After header.
  'retry-after-missing': {
    basis: 'assumed',
    grep: 'answers 429 rate_limit_gateway, its headers judged by the contract',
    violation: {
      title: 'Required header missing',
      operationId: 'createRun',
      status: 429,
      pointer: 'header:Retry-After',
    },
  },
  'stream-bad-chunk': {
    grep: 'Create a run, streamed',
    violation: { title: RESPONSE_SCHEMA, operationId: 'createRunStream', status: 200, pointer: '/0/message_id' },
  },
  'stack-ending-not-enforced': {
    grep: 'the run rules.*ends on an assistant message',
    failedTest: 'refuses a thread that ends on an assistant message',
  },
  'streaming-not-enforced': {
    grep: 'engine_does_not_support_streaming',
    failedTest: 'refuses run/stream for a non-streaming assistant with engine_does_not_support_streaming',
  },
  // The two below name promises of run/stream that the docs make as for run; a suite that only
  // asks them of run leaves them unchecked (reported to the lead).
  'stream-unknown-thread-wrong-code': {
    grep: 'stream|unknown thread',
    failedTest: 'refuses an unknown thread with thread_not_found on run/stream',
  },
  'stream-key-not-enforced': {
    grep: '401 unauthorized without an api-key header and for an invalid key: createRunStream ',
    violation: { title: IGNORED_AUTH, operationId: 'createRunStream', status: 200 },
  },
  // Authorization and lifecycle (issue 11): each break is named by its check and operation.
  'thread-read-without-key': {
    grep: '401 unauthorized.*getThread',
    violation: { title: IGNORED_AUTH, operationId: 'getThread', status: 200 },
  },
  'cross-tenant-read': {
    grep: 'Tenant isolation.*listMessages',
    violation: { title: TENANT_ISOLATION, operationId: 'listMessages', status: 200 },
  },
  'cross-tenant-delete': {
    grep: 'Tenant isolation.*deleteThread',
    violation: { title: TENANT_ISOLATION, operationId: 'deleteThread', status: 204 },
  },
  'deleted-thread-served': {
    grep: 'use-after-delete',
    violation: { title: 'Resource still available after deletion', operationId: 'getThread', status: 200 },
  },
  'message-listed-late': {
    grep: 'resource-availability',
    violation: { title: 'Resource not available after creation', operationId: 'listMessages', status: 200 },
  },
  'chat-foreign-thread': {
    grep: 'thread as the context',
    violation: { title: TENANT_ISOLATION, operationId: 'createChatCompletion', status: 200 },
  },
  // Generated, model-based tests (issue 7): the generated test fails and its report names the check.
  'generated-astral-content-refused': generated('positive-data-acceptance'),
  'generated-tool-choice-server-error': generated('server-error'),
  'generated-user-id-thread-run-error': generated('server-error'),
  'generated-extra-field-server-error': generated('server-error'),
  'generated-long-thread-oldest-first': generated('stored-answer'),
  'generated-tenant-not-checked': generated('tenant-isolation'),
  'generated-mistyped-content-accepted': generated('negative-data-rejection'),
  'generated-orphan-tool-message-accepted': generated('rule-mismatch'),
  'generated-empty-tools-server-error': generated('server-error'),
  'generated-second-tool-call-unanswerable': generated('positive-data-acceptance'),
  'generated-control-character-refused': generated('positive-data-acceptance'),
  // Read-back and paging (issue 21).
  'generated-content-nfc-normalized': generated('read-back'),
  'generated-tool-arguments-reserialized': generated('read-back'),
  'generated-last-updated-frozen': generated('read-back'),
  'generated-clock-hour-off': generated('read-back'),
  'generated-message-id-reused': generated('read-back'),
  'generated-limit-off-by-one': generated('paging'),
  'generated-cursor-repeats': generated('paging'),
  'generated-include-deleted-ignored': generated('paging'),
  'generated-user-filter-ignored': generated('paging'),
  'generated-content-truncated': generated('read-back'),
  'generated-content-html-escaped': generated('read-back'),
  'generated-astral-mangled': generated('read-back'),
  'generated-limit-ignored': generated('paging'),
  // Streams (issue 21).
  'generated-stream-stored-text-differs': generated('stream-coherence'),
  'generated-stream-line-other-message-id': generated('stream-coherence'),
  // Rate limits (issue 21): the rate-limit contract names each by its check and operation.
  'rate-limit-chat-not-counted': rateLimited('rate-limit-not-shared', {
    title: 'Answer endpoints do not share one rate limit',
    operationId: 'createRun',
    status: 200,
  }),
  'rate-limit-other-counted': rateLimited('rate-limit-other-counted', {
    title: 'Other calls count against the answers rate limit',
    operationId: 'createChatCompletion',
    status: 429,
  }),
  'rate-limit-retry-after-short': rateLimited('rate-limit-retry-after', {
    title: 'A retry after Retry-After was refused',
    operationId: 'createRun',
    status: 429,
  }),
  'rate-limit-stream-wrong-body': rateLimited('body-schema', {
    title: RESPONSE_SCHEMA,
    operationId: 'createRunStream',
    status: 429,
  }),
  'rate-limit-not-enforced': rateLimited('rate-limit-not-enforced', {
    title: 'Rate limit not enforced',
    operationId: 'createChatCompletion',
    status: 200,
  }),
  'rate-limit-other-refused': rateLimited('rate-limit-other-refused', {
    title: 'Other calls refused by the answers rate limit',
    operationId: 'getThread',
    status: 429,
  }),
};
