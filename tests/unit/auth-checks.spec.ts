// The judges of the authorization and lifecycle checks (contracts/check/auth-checks.ts): what
// answers a refusal accepts, what an answer may not reveal, whether the owner's view changed.
import { expect, test } from '@playwright/test';
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

  test('also 422 validation_error when no valid body could be derived and the operation documents it', () => {
    expect(ignoredAuth.refusal('createThread', false).accepts(422, 'validation_error')).toBe(true);
    // listAssistants documents no 422: a keyless call there can only be 401.
    expect(ignoredAuth.refusal('listAssistants', false).accepts(422, 'validation_error')).toBe(false);
  });
});

test.describe('what another tenant may get (tenant-isolation)', () => {
  test("on this tenant's thread: a documented 404 thread_not_found, nothing else", () => {
    const { accepts, expected } = tenantIsolation.refusal('getThread');
    expect([
      accepts(404, 'thread_not_found'),
      accepts(404, 'other'),
      accepts(403, undefined),
      accepts(200, undefined),
    ]).toEqual([true, false, false, false]);
    expect(expected).toBe('a refusal: 404 thread_not_found');
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
  test('404 with a not-found code', () => {
    const { accepts } = useAfterDelete.refusal('getThread');
    expect([accepts(404, 'thread_not_found'), accepts(404, undefined), accepts(200, undefined)]).toEqual([
      true,
      false,
      false,
    ]);
  });

  test("deleting again may also answer the delete's own success", () => {
    const { accepts, expected } = useAfterDelete.refusal('deleteThread');
    expect([accepts(404, 'thread_not_found'), accepts(204, undefined), accepts(200, undefined)]).toEqual([
      true,
      true,
      true,
    ]);
    expect(expected).toBe('404 thread_not_found (or 200/204: deleting again)');
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
