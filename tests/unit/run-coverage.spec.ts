// The coverage tables count what the suite saw: an answer that broke a documented promise shows
// nothing, one that only contradicted an assumption still shows its status and code, and with
// fault injection every documented error and one success of each operation must have been seen.
import { expect } from '@playwright/test';
import type { Violation } from '../../contracts/check/check-names.ts';
import type { Observation } from '../../contracts/ledger/observations.ts';
import { coverageOf, successSeen, unseenWithFaults } from '../../contracts/ledger/run-coverage.ts';
import { test } from '../support/base-test.ts';

function violation(basis: 'documented' | 'assumed'): Violation {
  return { basis } as Violation;
}

function observed(status: number, errorCode?: string, violations?: Violation[]): Observation {
  return {
    operationId: 'createRun',
    status,
    test: 't',
    ...(errorCode ? { errorCode } : {}),
    ...(violations ? { violations } : {}),
  };
}

const seenOf = (rows: ReturnType<typeof coverageOf>, status: number, code?: string) =>
  rows.find((r) => r.status === status && r.errorCode === code)?.seen;

test('an answer that only contradicted an assumption shows its outcome; one that broke a promise does not', () => {
  const rows = coverageOf('createRun', [
    observed(429, 'rate_limit_gateway', [violation('assumed')]),
    observed(401, 'unauthorized', [violation('assumed'), violation('documented')]),
  ]);
  expect(seenOf(rows, 429, 'rate_limit_gateway')).toBe(true);
  expect(seenOf(rows, 401, 'unauthorized')).toBe(false);
});

test('with fault injection: every documented error must be seen, and one success, whichever 2xx it was', () => {
  const allErrors = coverageOf('createRun', [])
    .filter((r) => r.status >= 300)
    .map((r) => observed(r.status, r.errorCode));
  // A server that answers its runs 201, which the contract assumes is 200: still a success.
  expect(unseenWithFaults('createRun', [...allErrors, observed(201, undefined, [violation('assumed')])])).toEqual([]);
  expect(unseenWithFaults('createRun', [...allErrors, observed(200)])).toEqual([]);
  expect(unseenWithFaults('createRun', [...allErrors, observed(200, undefined, [violation('documented')])])).toEqual([
    'no success answer',
  ]);
  expect(unseenWithFaults('createRun', allErrors)).toEqual(['no success answer']);
  const [first] = allErrors;
  if (!first) throw new Error('createRun documents errors');
  expect(unseenWithFaults('createRun', [...allErrors.slice(1), observed(200)])).toEqual([
    `${first.status} ${first.errorCode ?? ''}`.trim(),
  ]);
});

test('a success seen is any 2xx of the operation that broke no documented promise', () => {
  expect(successSeen('createRun', [observed(201, undefined, [violation('assumed')])])).toBe(true);
  expect(successSeen('createRun', [observed(200, undefined, [violation('documented')])])).toBe(false);
  expect(successSeen('createRun', [observed(404, 'thread_not_found')])).toBe(false);
  expect(successSeen('listAssistants', [observed(200)])).toBe(false);
});
