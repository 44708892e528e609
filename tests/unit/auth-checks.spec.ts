// The judges of the authorization and lifecycle checks (contracts/check/auth-checks.ts): what
// answers a refusal accepts, what an answer may not reveal, whether the owner's view changed.
import { expect } from '@playwright/test';
import {
  ignoredAuth,
  judgeRefusal,
  leaksIn,
  type OwnerView,
  resourceAvailability,
  type Secret,
  tenantIsolation,
  useAfterDelete,
  viewChanges,
} from '../../contracts/check/auth-checks.ts';
import { test } from '../support/base-test.ts';

const THREAD = '1a2b3c4d-5678-4abc-8ef0-112233445566';
const secrets: Secret[] = [
  { label: 'the thread id', value: THREAD },
  { label: 'the thread title', value: 'secret title 42' },
  { label: 'message content', value: 'secret note 42' },
];

test.describe('what a call without a valid key may get (ignored-auth)', () => {
  test('401 unauthorized only, when the body is valid', () => {
    const { accepts, expected } = ignoredAuth.refusal('createThread', true);
    expect([
      accepts(401, 'unauthorized'),
      accepts(422, 'validation_error'),
      accepts(401, 'forbidden'),
      accepts(200, undefined),
    ]).toEqual([true, false, false, false]);
    expect(expected).toBe('401 unauthorized');
  });

  test('also a 422 validation error, in either documented body, when no valid body could be derived and the operation documents a 422', () => {
    const { accepts } = ignoredAuth.refusal('createThread', false);
    // validation_error (the older pages), FastAPI's body without a code (the newer ones); never another code.
    expect([accepts(422, 'validation_error'), accepts(422, undefined), accepts(422, 'message_content_empty')]).toEqual([
      true,
      true,
      false,
    ]);
    // listAssistants documents no 422: a keyless call there can only be 401.
    expect(ignoredAuth.refusal('listAssistants', false).accepts(422, 'validation_error')).toBe(false);
  });
});

test.describe('what another tenant may get (tenant-isolation)', () => {
  // Both judges' readings, the mock's and the guide's: the docs do not say which one another tenant gets.
  test("on this tenant's thread or assistant: any refusal, whatever its status and code", () => {
    const { accepts, expected } = tenantIsolation.refusal();
    expect([
      accepts(404, 'thread_not_found'),
      accepts(403, 'permission_denied'),
      accepts(403, 'assistant_not_available'),
      accepts(404, 'assistant_not_found'),
      accepts(400, 'thread_is_deactivated'),
      accepts(404, undefined),
    ]).toEqual([true, true, true, true, true, true]);
    // A success reached the data; a 5xx is no refusal; a 429 says only that the budget ran out.
    expect([
      accepts(200, undefined),
      accepts(204, undefined),
      accepts(500, 'api_error'),
      accepts(429, undefined),
    ]).toEqual([false, false, false, false]);
    expect(expected).toBe('a refusal (any 4xx but 429; the docs do not say which status or code)');
  });

  test('a listing is answered', () => {
    expect([200, 204, 403].map((status) => tenantIsolation.listing().accepts(status, undefined))).toEqual([
      true,
      true,
      false,
    ]);
  });
});

test.describe('what a deleted thread may get (use-after-delete)', () => {
  test('any refusal: not found and deactivated are both readings of the pages', () => {
    const { accepts } = useAfterDelete.refusal('getThread');
    expect([
      accepts(404, 'thread_not_found'),
      accepts(400, 'thread_is_deactivated'),
      accepts(410, undefined),
      accepts(200, undefined),
      accepts(500, undefined),
      accepts(429, undefined),
    ]).toEqual([true, true, true, false, false, false]);
    // Deleting a message of the deleted thread is no second delete of the thread.
    expect(useAfterDelete.refusal('deleteMessage').accepts(204, undefined)).toBe(false);
  });

  test('deleting the thread again may also succeed', () => {
    const { accepts, expected } = useAfterDelete.refusal('deleteThread');
    expect([accepts(400, 'thread_is_deactivated'), accepts(204, undefined), accepts(200, undefined)]).toEqual([
      true,
      true,
      true,
    ]);
    expect(expected).toBe(
      'a refusal (any 4xx but 429; the docs do not say which status or code), or a 2xx: deleting again',
    );
  });

  test('a deleted thread is back when the owner can read it or its messages', () => {
    const view = (thread: number, messages: number): OwnerView => ({
      thread: { status: thread, body: {} },
      messages: { status: messages, body: {} },
    });
    expect(useAfterDelete.revived(view(400, 404))).toEqual([]);
    expect(useAfterDelete.revived(view(200, 400))).toEqual(["the owner's GET of the deleted thread answers 200"]);
    expect(useAfterDelete.revived(view(404, 200))).toEqual([
      "the owner's list of the deleted thread's messages answers 200",
    ]);
  });
});

test.describe('a resource read back (resource-availability)', () => {
  test('names the fields read back with another value; null and absent are the same', () => {
    const created = { id: 't1', title: 'a', user_id: null, meta: { x: [1, 2] } };
    expect(resourceAvailability.changedFields(created, { id: 't1', title: 'a', meta: { x: [1, 2] } })).toEqual([]);
    expect(resourceAvailability.changedFields(created, { id: 't1', title: 'b', meta: { x: [2, 1] } })).toEqual([
      'title',
      'meta',
    ]);
    expect(resourceAvailability.changedFields(created, undefined)).toEqual(['id', 'title', 'meta']);
  });
});

test.describe('leaks and changes', () => {
  test('finds secrets in an answer, except those the request carried', () => {
    expect(leaksIn(`x ${THREAD} secret note 42`, secrets, '')).toEqual(['the thread id', 'message content']);
    expect(leaksIn(`x ${THREAD}`, secrets, `/v1/threads/${THREAD}`)).toEqual([]);
  });

  test('searches a refusal for secrets, never a success the rule does not accept (that success is the finding)', () => {
    const rule = ignoredAuth.refusal('getThread', true);
    const text = `{"title":"secret title 42"}`;
    expect(judgeRefusal(rule, { status: 401, errorCode: 'unauthorized', text }, secrets, '')).toEqual({
      accepted: true,
      leaks: ['the thread title'],
    });
    expect(judgeRefusal(rule, { status: 200, errorCode: undefined, text }, secrets, '')).toEqual({
      accepted: false,
      leaks: [],
    });
    expect(judgeRefusal(rule, { status: 403, errorCode: 'permission_denied', text }, secrets, '')).toEqual({
      accepted: false,
      leaks: ['the thread title'],
    });
  });

  test("describes a change of the owner's view by statuses, field names and message ids only", () => {
    const view = (title: string, items: Array<{ id: string; content: string }>): OwnerView => ({
      thread: { status: 200, body: { id: THREAD, title } },
      messages: { status: 200, body: { items } },
    });
    const before = view('secret title 42', [{ id: 'm1', content: 'secret note 42' }]);
    const after = view('other title', [{ id: 'm2', content: 'secret note 42' }]);
    const changes = viewChanges(before, after);
    expect(changes).toEqual(["the thread's title changed", 'messages added: m2', 'messages removed: m1']);
    expect(viewChanges(before, structuredClone(before))).toEqual([]);
  });
});
