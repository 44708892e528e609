// What a status says where the pages print none: a success any 2xx, a refusal any 4xx but 429; the
// documented answer an undocumented 2xx is held to; and what clean-up takes as already gone.
import { expect } from '@playwright/test';
import { isRefusal, isSuccess, theOneSuccess } from '../../contracts/check/status-class.ts';
import { FILE_BUSY, FILE_GONE, says, THREAD_GONE } from '../../contracts/client/clean-up-answers.ts';
import { test } from '../support/base-test.ts';

test('a success is any 2xx, a refusal any 4xx but 429', () => {
  const statuses = [199, 200, 201, 204, 299, 300, 301, 399, 400, 401, 403, 404, 409, 422, 429, 499, 500, 503];
  expect(statuses.filter(isRefusal)).toEqual([400, 401, 403, 404, 409, 422, 499]);
  expect(statuses.filter(isSuccess)).toEqual([200, 201, 204, 299]);
});

test('an undocumented 2xx is held to the one answer the documented successes share, where its content is the answer', () => {
  const answer = { validator: 'RunResponse' };
  const one = { '200': answer, '404': { validator: 'Error' } };
  expect(theOneSuccess(one, 201)).toBe(answer);
  expect(theOneSuccess(one, 203)).toBe(answer);
  // Documented itself: judged as documented, not through this.
  expect(theOneSuccess(one, 200)).toBeUndefined();
  // Accepted but not done, no content, or a part of it.
  for (const status of [202, 204, 205, 206]) expect(theOneSuccess(one, status), String(status)).toBeUndefined();
  // 200 and 201 naming the same answer: one answer still.
  expect(theOneSuccess({ '200': answer, '201': { validator: 'RunResponse' } }, 203)?.validator).toBe('RunResponse');
  // Two different answers: which one a 203 stands for is not ours to pick.
  expect(theOneSuccess({ '200': answer, '201': { validator: 'Created' } }, 203)).toBeUndefined();
});

test('clean-up takes a 404, or a refusal under a code the pages give for the thing gone, as already gone', () => {
  expect(says(404, undefined, THREAD_GONE)).toBe(true);
  expect(says(400, 'thread_is_deactivated', THREAD_GONE)).toBe(true);
  expect(says(410, 'attachment_document_does_not_exist', FILE_GONE)).toBe(true);
  expect(says(400, 'bad_request', THREAD_GONE)).toBe(false);
  expect(says(500, 'thread_not_found', THREAD_GONE)).toBe(false);
  expect(says(403, undefined, FILE_GONE)).toBe(false);
  expect(says(409, undefined, FILE_BUSY)).toBe(true);
  expect(says(423, 'conflict', FILE_BUSY)).toBe(true);
  expect(says(404, 'conflict', FILE_GONE)).toBe(true);
  expect(says(500, 'conflict', FILE_BUSY)).toBe(false);
});
